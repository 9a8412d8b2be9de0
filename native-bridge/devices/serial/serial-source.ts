/**
 * A rig on a serial port as a LineSource. Opens the port without resetting the ESP32, splits bytes
 * into lines, writes commands with back-pressure, and keeps the port: when the OS closes it (unplug,
 * reset of a native-USB board) or the watchdog asks, it reopens the same device — found again by its
 * USB serial number if it came back under another name — with a capped backoff, so it reconnects
 * within about a second of the device reappearing.
 *
 * DTR/RTS: Linux raises both lines together when a tty is opened. On the two-transistor auto-reset
 * circuit of ESP32 dev boards, equal DTR and RTS leave EN and IO0 alone; we then drop both in one
 * TIOCMSET so they never differ, and open with hupcl off so closing does not pulse them either.
 */
import { existsSync } from 'node:fs';
import { formatDeviceSpec } from '../device-spec.js';
import type { LineSource } from '../line-source.js';
import { SourceEmitter } from '../line-source.js';
import type { SourceState } from '../../contract/index.js';
import { LineSplitter } from './line-splitter.js';
import { discoverPorts } from './port-discovery.js';
import type { DiscoveredPort } from './port-types.js';
import { recogniseRigChip } from './rig-recognition.js';
import { classifySerialError, SerialPortError } from './serial-errors.js';
import { nodeSerialPortFactory, type PortCloseError, type PortFactory, type SerialPortLike } from './serial-port-io.js';
import { scanSysfsPorts } from './sysfs-ports.js';

/** What identifies the physical device, beyond the path it had. */
export interface PortIdentity {
  serialNumber: string | null;
  vendorId: string | null;
  productId: string | null;
  location: string | null;
}

export interface SerialSourceOptions {
  /** A port path, or `auto` for the first recognised rig. */
  path: string;
  baud: number;
  spec?: string;
  /** Known identity (a remembered device): followed if the device comes back under another name. */
  identity?: Partial<PortIdentity>;
  portFactory?: PortFactory;
  /** Current ports with their identity; default: sysfs on Linux (cheap), the OS list elsewhere. */
  lookupPorts?: () => Promise<DiscoveredPort[]>;
  /** Paths other sources have open (auto mode must not take them). */
  claimedPaths?: () => ReadonlySet<string>;
  /** Does a path exist? Skipped on Windows, where COM ports are not files. */
  pathExists?: (path: string) => boolean;
  retry?: { minMs?: number; maxMs?: number; operatorMs?: number };
  now?: () => number;
}

export class SerialWriteError extends Error {
  override name = 'SerialWriteError';
  constructor(
    readonly code: 'not-connected' | 'write-failed' | 'queue-full',
    message: string,
  ) {
    super(message);
  }
}

const MAX_QUEUED_WRITES = 32;

export async function defaultLookupPorts(): Promise<DiscoveredPort[]> {
  if (process.platform === 'linux') return scanSysfsPorts();
  return (await discoverPorts()).ports;
}

export class SerialSource extends SourceEmitter implements LineSource {
  readonly kind = 'serial' as const;
  readonly spec: string;
  readonly requestedPath: string;
  readonly baud: number;
  private readonly factory: PortFactory;
  private readonly lookupPorts: () => Promise<DiscoveredPort[]>;
  private readonly claimedPaths: () => ReadonlySet<string>;
  private readonly pathExists: (p: string) => boolean;
  private readonly minMs: number;
  private readonly maxMs: number;
  private readonly operatorMs: number;
  private readonly now: () => number;
  private readonly splitter: LineSplitter;
  private port: SerialPortLike | null = null;
  private path: string | null = null;
  private usb: DiscoveredPort | null = null;
  private ident: PortIdentity;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private attempting = false;
  private backoffMs: number;
  private lastState: { state: SourceState; detail: string } | null = null;
  private writeTail: Promise<void> = Promise.resolve();
  private readonly pendingWrites = new Set<(err: Error) => void>();
  private queuedWrites = 0;
  /** Paths refused recently (another device answered there), with when to try them again. */
  private readonly avoid = new Map<string, number>();
  private lineTime = 0;
  bytesReceived = 0;
  /** False on ports without modem lines (pseudo-terminals): DTR/RTS could not be set. */
  modemControl: boolean | null = null;
  lastOpenError: SerialPortError | null = null;

  constructor(opts: SerialSourceOptions) {
    super();
    this.requestedPath = opts.path;
    this.baud = opts.baud;
    this.spec = opts.spec ?? formatDeviceSpec({ kind: 'serial', path: opts.path, baud: opts.baud });
    this.factory = opts.portFactory ?? nodeSerialPortFactory;
    this.lookupPorts = opts.lookupPorts ?? defaultLookupPorts;
    this.claimedPaths = opts.claimedPaths ?? (() => new Set());
    this.pathExists = opts.pathExists ?? ((p) => process.platform === 'win32' || existsSync(p));
    this.minMs = opts.retry?.minMs ?? 100;
    this.maxMs = opts.retry?.maxMs ?? 1000;
    this.operatorMs = opts.retry?.operatorMs ?? 3000;
    this.now = opts.now ?? Date.now;
    this.backoffMs = this.minMs;
    this.ident = {
      serialNumber: opts.identity?.serialNumber ?? null,
      vendorId: opts.identity?.vendorId ?? null,
      productId: opts.identity?.productId ?? null,
      location: opts.identity?.location ?? null,
    };
    this.splitter = new LineSplitter((line) => this.emitLine(line, this.lineTime));
  }

  get isAuto(): boolean {
    return this.requestedPath === 'auto';
  }

  get label(): string {
    const where = this.path ?? (this.isAuto ? 'first recognised rig' : this.requestedPath);
    const chip = recogniseRigChip(
      this.usb?.vendorId ?? this.ident.vendorId,
      this.usb?.productId ?? this.ident.productId,
    );
    return `Serial ${where} @ ${this.baud}${chip ? ` (${chip.chip})` : ''}`;
  }

  /** The path open now (or last open). */
  get currentPath(): string | null {
    return this.path;
  }

  get usbInfo(): DiscoveredPort | null {
    return this.usb;
  }

  get identity(): PortIdentity {
    return { ...this.ident };
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.setState('starting', this.isAuto ? 'looking for a recognised rig' : `opening ${this.requestedPath}`);
    await this.attempt();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.closePort();
    this.setState('stopped');
  }

  /** Closes and reopens (the stale watchdog's remedy for a port that went quiet without closing). */
  async reopen(reason: string): Promise<void> {
    if (!this.running) return;
    await this.closePort();
    this.setState('starting', reason);
    this.backoffMs = this.minMs;
    this.schedule(0);
  }

  /** The device on this port is not the one wanted: drop it and look elsewhere for a while. */
  async refuseCurrentPort(reason: string, forMs = 10_000): Promise<void> {
    if (this.path) this.avoid.set(this.path, this.now() + forMs);
    await this.closePort();
    if (!this.running) return;
    this.setState('disconnected', reason);
    this.schedule(Math.min(forMs, this.operatorMs));
  }

  /** Writes one line; resolves when the OS has it, waiting for drain when the buffer is full. */
  write(line: string): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return Promise.reject(new SerialWriteError('not-connected', `${this.label} is not connected`));
    if (this.queuedWrites >= MAX_QUEUED_WRITES)
      return Promise.reject(
        new SerialWriteError(
          'queue-full',
          `${this.label}: ${MAX_QUEUED_WRITES} writes waiting; the device is not reading`,
        ),
      );
    const buf = Buffer.from(line.endsWith('\n') ? line : `${line}\n`, 'latin1');
    this.queuedWrites++;
    const run = this.writeTail.then(() => this.writeNow(port, buf));
    this.writeTail = run.catch(() => undefined);
    return run.finally(() => this.queuedWrites--);
  }

  private writeNow(port: SerialPortLike, buf: Buffer): Promise<void> {
    if (!port.isOpen || port !== this.port)
      return Promise.reject(new SerialWriteError('not-connected', `${this.label} closed before the write`));
    return new Promise<void>((resolveWrite, reject) => {
      let needDrain = false;
      let written = false;
      const settle = (err: Error | null) => {
        this.pendingWrites.delete(fail);
        port.removeListener('drain', onDrain);
        if (err) reject(err);
        else resolveWrite();
      };
      const fail = (err: Error) => settle(err);
      const onDrain = () => {
        needDrain = false;
        if (written) settle(null);
      };
      this.pendingWrites.add(fail);
      const ok = port.write(buf, (err) => {
        if (!this.pendingWrites.has(fail)) return;
        if (err) {
          settle(new SerialWriteError('write-failed', `Write to ${this.label} failed: ${err.message}`));
          return;
        }
        written = true;
        if (!needDrain) settle(null);
      });
      if (!ok) {
        needDrain = true;
        port.on('drain', onDrain);
      }
    });
  }

  /** A closed port never calls back for queued writes: fail them so the queue cannot jam. */
  private failPendingWrites(): void {
    const err = new SerialWriteError('write-failed', `${this.label} closed during a write`);
    for (const fail of [...this.pendingWrites]) fail(err);
    this.writeTail = Promise.resolve();
  }

  private setState(state: SourceState, detail = ''): void {
    if (this.lastState && this.lastState.state === state && this.lastState.detail === detail) return;
    this.lastState = { state, detail };
    this.emitState(state, detail || undefined);
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.attempt();
    }, ms);
  }

  private nextBackoff(): number {
    const ms = this.backoffMs;
    this.backoffMs = Math.min(this.maxMs, this.backoffMs * 2);
    return ms;
  }

  private async attempt(): Promise<void> {
    if (!this.running || this.attempting || this.port) return;
    this.attempting = true;
    try {
      const target = await this.resolveTarget();
      if (!this.running) return;
      if (typeof target !== 'string') {
        this.setState('disconnected', target.why);
        this.schedule(this.nextBackoff());
        return;
      }
      try {
        await this.open(target);
        this.lastOpenError = null;
        this.backoffMs = this.minMs;
      } catch (e) {
        const err = classifySerialError(e, target, this.baud);
        this.lastOpenError = err;
        this.setState(
          err.code === 'port-missing' || err.code === 'port-vanished' ? 'disconnected' : 'error',
          err.message,
        );
        this.schedule(err.needsOperator ? this.operatorMs : this.nextBackoff());
      }
    } finally {
      this.attempting = false;
    }
  }

  /** The path to open now, or why there is none yet. */
  private async resolveTarget(): Promise<string | { why: string }> {
    const t = this.now();
    for (const [p, until] of this.avoid) if (until <= t) this.avoid.delete(p);
    const sn = this.ident.serialNumber;
    if (this.isAuto || sn) {
      let ports: DiscoveredPort[] = [];
      try {
        ports = await this.lookupPorts();
      } catch {
        // Listing failed; a known path may still work below.
      }
      const claimed = this.claimedPaths();
      const free = (p: DiscoveredPort) => !this.avoid.has(p.path) && !claimed.has(p.path);
      if (sn) {
        const same = ports.filter((p) => p.serialNumber === sn && free(p));
        const preferred = same.find((p) => p.path === this.requestedPath) ?? same[0];
        if (preferred) return preferred.path;
        if (!this.isAuto && !ports.length && this.pathExists(this.requestedPath)) return this.requestedPath;
        return { why: `Waiting for the device with serial number ${sn} to come back (unplugged?).` };
      }
      const rig = ports.find((p) => recogniseRigChip(p.vendorId, p.productId) && free(p));
      if (rig) return rig.path;
      return {
        why: 'No recognised rig found (Espressif, CP210x, CH340/CH9102 or FTDI). Plug one in, or choose its port.',
      };
    }
    if (this.avoid.has(this.requestedPath))
      return { why: `Another device answered on ${this.requestedPath}; trying again shortly.` };
    if (!this.pathExists(this.requestedPath))
      return { why: `${this.requestedPath} is not present. Is the rig plugged in? Waiting for it to appear.` };
    return this.requestedPath;
  }

  private open(path: string): Promise<void> {
    const port = this.factory({ path, baudRate: this.baud });
    return new Promise<void>((resolveOpen, reject) => {
      port.open((err) => {
        if (err) {
          port.removeAllListeners();
          reject(err);
          return;
        }
        resolveOpen();
      });
    }).then(async () => {
      if (!this.running) {
        await new Promise<void>((r) => port.close(() => r()));
        return;
      }
      this.port = port;
      this.path = path;
      this.splitter.reset();
      port.on('error', () => undefined);
      port.on('close', (err?: PortCloseError | null) => this.onPortClosed(port, err ?? null));
      this.modemControl = await new Promise<boolean>((r) => port.set({ dtr: false, rts: false }, (e) => r(!e)));
      await this.learnIdentity(path);
      if (this.port !== port) return;
      this.setState('streaming', path);
      // Reading starts only now: until a 'data' listener exists the stream holds what arrives, so a
      // hello sent at once lands after the 'streaming' state, in the new connection.
      port.on('data', (chunk: Buffer) => {
        this.bytesReceived += chunk.length;
        this.lineTime = this.now();
        this.splitter.push(chunk);
      });
    });
  }

  private async learnIdentity(path: string): Promise<void> {
    try {
      const ports = await this.lookupPorts();
      const p = ports.find((x) => x.path === path || x.byIdPath === path) ?? null;
      this.usb = p;
      if (p?.serialNumber) {
        this.ident = {
          serialNumber: p.serialNumber,
          vendorId: p.vendorId,
          productId: p.productId,
          location: p.location,
        };
      }
    } catch {
      this.usb = null;
    }
  }

  private onPortClosed(port: SerialPortLike, err: PortCloseError | null): void {
    if (port !== this.port) return;
    this.port = null;
    this.splitter.reset();
    this.failPendingWrites();
    port.removeAllListeners();
    if (!this.running) return;
    const why = err?.disconnected
      ? classifySerialError(err, this.path ?? this.requestedPath).message
      : `${this.path ?? this.requestedPath} was closed`;
    this.setState('disconnected', why);
    this.backoffMs = this.minMs;
    this.schedule(this.nextBackoff());
  }

  private async closePort(): Promise<void> {
    const port = this.port;
    this.port = null;
    this.splitter.reset();
    this.failPendingWrites();
    if (!port) return;
    port.removeAllListeners();
    port.on('error', () => undefined);
    if (!port.isOpen) return;
    await new Promise<void>((r) => port.close(() => r()));
  }
}
