/**
 * One source's link to its device: decodes every line, holds data back until the device has said
 * hello in this connection, and keeps the link's health — frames, checksum errors, malformed lines,
 * sequence gaps (and how many samples they lost), reboots (boot id changes), bytes per second and the
 * age of the last frame. A watchdog marks the link stale after a silence and raises the "communication
 * lost" alarm until data returns. Transport concerns (opening ports, reconnecting, commands) live in
 * the source and in native-bridge/devices/serial; this class only reads lines and source states.
 */
import type { DeviceStatus, SourceState } from '../contract/index.js';
import type { LinkHealth } from '../contract/device-methods.js';
import {
  decodeLine,
  STATUS_BITS,
  type AckFrame,
  type DataFrame,
  type EventFrame,
  type HelloFrame,
  type RejectReason,
} from '../protocol/index.js';
import type { LineSource } from './line-source.js';
import type { RaiseAlarm } from '../safety/alarm-book.js';

export interface DeviceLinkHandlers {
  onHello(hello: HelloFrame, tHostMs: number): void;
  onData(frame: DataFrame, tHostMs: number): void;
  onDeviceEvent(frame: EventFrame, tHostMs: number): void;
  onAck?(frame: AckFrame, tHostMs: number): void;
  onLinkEvent(code: string, detail: string, tHostMs: number, deviceId: string | null): void;
  onStateChange(): void;
}

/** The part of the AlarmBook the link needs. */
export interface LinkAlarmSink {
  raise(r: RaiseAlarm): unknown;
  clear(key: string): void;
}

export interface DeviceLinkOptions {
  alarms?: LinkAlarmSink;
  /** Silence after which values are stale and communication is lost (default 5 s). */
  staleAfterMs?: number;
  now?: () => number;
  /** How often the watchdog looks; 0 disables the timer (tests call checkStale()). */
  watchdogIntervalMs?: number;
  /** Data frames held while waiting for a hello (oldest dropped beyond this). */
  maxHeldFrames?: number;
  /**
   * A frame at or behind the last sequence number of the same boot is a repeat, not a reset: a network
   * device re-posts a request whose answer it lost. Serial lines never repeat, so there a backwards
   * number is logged and the frame kept.
   */
  dropRepeatedSeqs?: boolean;
}

/**
 * What became of one line: taken (`accepted`), held until the device's hello (`held`), a repeat of a
 * frame already taken (`duplicate`), or why it was refused — a decoder reason (firmware/PROTOCOL.md),
 * `cell_count_mismatch` (the frame's cells differ from the hello's) or `wrong_device` (the gate refused
 * the hello).
 */
export type LineOutcome = 'accepted' | 'held' | 'duplicate' | RejectReason | 'cell_count_mismatch' | 'wrong_device';

export const DEFAULT_STALE_AFTER_MS = 5000;
/** A slow device is not stale between two samples: the limit is at least this many periods. */
const STALE_PERIODS = 3;
const RATE_WINDOW_MS = 3000;

/** Per-connection figures, reset at every (re)open: what the diagnosis of a silent or garbled port reads. */
export interface ConnectionStats {
  startedMs: number;
  bytes: number;
  lines: number;
  validFrames: number;
  noiseLines: number;
  /** Chars outside printable ASCII in lines that were not frames. */
  nonPrintable: number;
  /** Chars looked at for `nonPrintable`. */
  scanned: number;
  rejects: Partial<Record<RejectReason, number>>;
  /** The first line that was not a frame but looked like text (to show what the device speaks). */
  sampleLine: string | null;
}

type LinkEvents = {
  ack: (f: AckFrame, tHostMs: number) => void;
  /** `accepted` false: the hello gate refused this device. */
  hello: (f: HelloFrame, tHostMs: number, accepted: boolean) => void;
  /** Data arrived from a boot we have no hello for: ask the device for one. */
  'need-hello': () => void;
  stale: (silentMs: number) => void;
  fresh: () => void;
};

const CHECKSUM_REASONS: ReadonlySet<RejectReason> = new Set(['checksum_mismatch']);

function emptyConnectionStats(now: number): ConnectionStats {
  return {
    startedMs: now,
    bytes: 0,
    lines: 0,
    validFrames: 0,
    noiseLines: 0,
    nonPrintable: 0,
    scanned: 0,
    rejects: {},
    sampleLine: null,
  };
}

export class DeviceLink {
  private connState: SourceState = 'starting';
  /** The newest accepted hello (kept across reconnects for display). */
  private hello: HelloFrame | null = null;
  /** The hello accepted in the current connection; data is trusted only while it is set. */
  private connectionHello: HelloFrame | null = null;
  private held: { f: DataFrame; t: number }[] = [];
  private helloGate: ((h: HelloFrame) => string | null) | null = null;
  private stats: ConnectionStats;
  private lastSeq: number | null = null;
  private lastStatus: number | null = null;
  private stale = false;
  private lastError: string | null = null;
  private readonly createdMs: number;
  private readonly rateSamples: { t: number; bytes: number }[] = [];
  private readonly listeners: { [E in keyof LinkEvents]: Set<LinkEvents[E]> } = {
    ack: new Set(),
    hello: new Set(),
    'need-hello': new Set(),
    stale: new Set(),
    fresh: new Set(),
  };
  private readonly unsubscribe: (() => void)[] = [];
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly h = {
    opens: 0,
    disconnects: 0,
    connectedSinceMs: null as number | null,
    framesOk: 0,
    dataFrames: 0,
    checksumErrors: 0,
    malformed: 0,
    noiseLines: 0,
    seqGaps: 0,
    missingFrames: 0,
    duplicateFrames: 0,
    reboots: 0,
    bytesTotal: 0,
    lastFrameMs: null as number | null,
    lastDataMs: null as number | null,
    heldForHello: 0,
    droppedWithoutHello: 0,
  };
  private readonly rejected = new Map<RejectReason | 'cell_count_mismatch', number>();
  /** The cell-count refusal is logged once per hello, not once per frame at 10 Hz. */
  private cellCountReported = false;
  readonly staleAfterMs: number;
  private readonly maxHeld: number;
  private disposed = false;

  constructor(
    readonly source: LineSource,
    private readonly handlers: DeviceLinkHandlers,
    private readonly opts: DeviceLinkOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.staleAfterMs = opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    if (!(this.staleAfterMs > 0)) throw new RangeError(`staleAfterMs must be > 0, got ${this.staleAfterMs}`);
    this.maxHeld = opts.maxHeldFrames ?? 5000;
    this.createdMs = this.now();
    this.stats = emptyConnectionStats(this.createdMs);
    this.unsubscribe.push(
      source.on('line', (line, t) => void this.receiveLine(line, t)),
      source.on('state', (state, detail) => this.onSourceState(state, detail)),
    );
    const every = opts.watchdogIntervalMs ?? 250;
    if (every > 0) {
      this.timer = setInterval(() => this.checkStale(), every);
      this.timer.unref?.();
    }
  }

  on<E extends keyof LinkEvents>(event: E, listener: LinkEvents[E]): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  /** Refuses hellos from the wrong device (returns why) — e.g. another board now on the same port. */
  setHelloGate(gate: ((h: HelloFrame) => string | null) | null): void {
    this.helloGate = gate;
  }

  /** Records an error to show (the transport's words, e.g. "permission denied … dialout"). */
  setError(message: string | null): void {
    if (this.lastError === message) return;
    this.lastError = message;
    this.handlers.onStateChange();
  }

  /** Lets the transport record an event in the link's log (heartbeat missed, wrong device…). */
  recordEvent(code: string, detail: string): void {
    this.handlers.onLinkEvent(code, detail, this.now(), this.hello?.deviceId ?? null);
  }

  get deviceId(): string | null {
    return this.hello?.deviceId ?? null;
  }

  get currentHello(): HelloFrame | null {
    return this.hello;
  }

  get helloConfirmed(): boolean {
    return this.connectionHello !== null;
  }

  get isStale(): boolean {
    return this.stale;
  }

  get connectionStats(): Readonly<ConnectionStats> {
    return this.stats;
  }

  /** The silence limit in force: the configured one, or longer for a slow device. */
  get effectiveStaleAfterMs(): number {
    const period = this.hello?.periodMs ?? 0;
    return Math.max(this.staleAfterMs, STALE_PERIODS * period);
  }

  private emit<E extends keyof LinkEvents>(event: E, ...args: Parameters<LinkEvents[E]>): void {
    for (const l of this.listeners[event]) (l as (...a: Parameters<LinkEvents[E]>) => void)(...args);
  }

  private event(code: string, detail: string, t = this.now()): void {
    this.handlers.onLinkEvent(code, detail, t, this.hello?.deviceId ?? null);
  }

  private onSourceState(state: SourceState, detail?: string): void {
    const prev = this.connState;
    const t = this.now();
    // A stopped source keeps its connection: nothing more arrives from a closed port, and a stopped
    // simulator may still be driven by hand (tests, dataset export).
    if ((state === 'starting' || state === 'disconnected' || state === 'error') && prev !== state)
      this.endConnection(state, prev);
    if (state === 'streaming' && prev !== 'streaming') {
      this.h.opens++;
      this.h.connectedSinceMs = t;
      // The connection started with the source's 'starting' (the simulator speaks before 'streaming').
      if (prev !== 'starting') this.stats = emptyConnectionStats(t);
      this.lastError = null;
    }
    if (state === 'starting') this.stats = emptyConnectionStats(t);
    if (state === 'error' || state === 'disconnected') this.lastError = detail ?? this.lastError;
    this.connState = state;
    if (state === 'stopped') this.clearAlarm();
    // One event per change of state; a new reason within the same state (vanished → not present)
    // only updates the shown error.
    if (state !== prev) this.event(state === 'streaming' ? 'link.connected' : `link.${state}`, detail ?? '', t);
    this.handlers.onStateChange();
  }

  private endConnection(next: SourceState, prev: SourceState): void {
    if (prev === 'streaming') this.h.disconnects++;
    this.h.connectedSinceMs = null;
    this.connectionHello = null;
    if (this.held.length) {
      this.h.droppedWithoutHello += this.held.length;
      this.event('link.unconfirmed-dropped', `frames=${this.held.length}`);
      this.held = [];
    }
  }

  /** Decodes one line through the link (what every source's lines go through), saying what became of it. */
  receiveLine(line: string, tHostMs: number): LineOutcome {
    const bytes = line.length + 1;
    this.h.bytesTotal += bytes;
    this.stats.bytes += bytes;
    this.stats.lines++;
    const r = decodeLine(line);
    if (!r.ok) {
      this.onReject(r.reason, line);
      return r.reason;
    }
    this.stats.validFrames++;
    this.h.framesOk++;
    this.h.lastFrameMs = tHostMs;
    const f = r.frame;
    switch (f.kind) {
      case 'hello':
        return this.onHello(f, tHostMs);
      case 'data':
        return this.onData(f, tHostMs);
      case 'event':
        this.handlers.onDeviceEvent(f, tHostMs);
        return 'accepted';
      case 'ack':
        this.handlers.onAck?.(f, tHostMs);
        this.emit('ack', f, tHostMs);
        return 'accepted';
      case 'command':
        // A device never sends commands: this is our own line echoed back (a loop-back, a tty with echo).
        this.h.framesOk--;
        this.stats.validFrames--;
        this.onReject('unknown_kind', line);
        return 'unknown_kind';
    }
  }

  private onReject(reason: RejectReason, line: string): void {
    const s = this.stats;
    s.rejects[reason] = (s.rejects[reason] ?? 0) + 1;
    if (reason === 'noise') {
      this.h.noiseLines++;
      s.noiseLines++;
    } else {
      this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1);
      if (CHECKSUM_REASONS.has(reason)) this.h.checksumErrors++;
      else this.h.malformed++;
    }
    if (reason === 'noise' || reason === 'bad_charset' || reason === 'too_long') {
      // Only for lines that were not frames, so the happy path never pays for the scan.
      const n = Math.min(line.length, 256);
      let bad = 0;
      for (let i = 0; i < n; i++) {
        const c = line.charCodeAt(i);
        if ((c < 0x20 && c !== 9 && c !== 13) || c > 0x7e) bad++;
      }
      s.nonPrintable += bad;
      s.scanned += n;
      if (s.sampleLine === null && bad === 0 && line.trim().length >= 4) s.sampleLine = line.slice(0, 120);
    } else if (s.sampleLine === null && reason !== 'checksum_mismatch') s.sampleLine = line.slice(0, 120);
  }

  private onHello(f: HelloFrame, tHostMs: number): LineOutcome {
    const refusal = this.helloGate?.(f) ?? null;
    if (refusal !== null) {
      this.event('link.wrong-device', `device=${f.deviceId};${refusal}`, tHostMs);
      this.lastError = refusal;
      this.emit('hello', f, tHostMs, false);
      this.handlers.onStateChange();
      return 'wrong_device';
    }
    const prev = this.hello;
    if (prev && prev.deviceId === f.deviceId && prev.bootId !== f.bootId) {
      this.h.reboots++;
      this.event('link.reboot', `boot=${prev.bootId}->${f.bootId}`, tHostMs);
    }
    if (!prev || prev.bootId !== f.bootId || prev.deviceId !== f.deviceId) this.lastSeq = null;
    this.hello = f;
    this.connectionHello = f;
    this.cellCountReported = false;
    this.lastError = null;
    this.handlers.onHello(f, tHostMs);
    this.emit('hello', f, tHostMs, true);
    this.releaseHeld(f);
    this.handlers.onStateChange();
    return 'accepted';
  }

  private releaseHeld(h: HelloFrame): void {
    if (this.held.length === 0) return;
    const held = this.held;
    this.held = [];
    let dropped = 0;
    for (const { f, t } of held) {
      if (f.deviceId === h.deviceId && f.bootId === h.bootId) this.accept(f, t);
      else dropped++;
    }
    if (dropped) {
      this.h.droppedWithoutHello += dropped;
      this.event('link.unconfirmed-dropped', `frames=${dropped}`);
    }
  }

  private onData(f: DataFrame, tHostMs: number): LineOutcome {
    const h = this.connectionHello;
    if (h && h.deviceId === f.deviceId && h.bootId === f.bootId) return this.accept(f, tHostMs);
    // Not trusted yet: no hello in this connection, or a boot we have no hello for (the device
    // rebooted and its hello was lost). Hold it; the hello decides.
    if (h && h.bootId !== f.bootId && this.held.length === 0) this.emit('need-hello');
    this.held.push({ f, t: tHostMs });
    this.h.heldForHello++;
    if (this.held.length > this.maxHeld) {
      this.held.shift();
      this.h.droppedWithoutHello++;
    }
    return 'held';
  }

  /** Only called with the connection's hello in place (directly, or when held frames are released). */
  private accept(f: DataFrame, tHostMs: number): LineOutcome {
    // A frame of another shape than the hello announced would be stored into a session of the wrong
    // cell count, its cells read as the announced ones: refuse it, and say so once per hello.
    const announced = this.connectionHello?.cellCount ?? null;
    if (announced !== null && f.cellMv.length !== announced) {
      this.rejected.set('cell_count_mismatch', (this.rejected.get('cell_count_mismatch') ?? 0) + 1);
      this.h.malformed++;
      this.h.framesOk--;
      this.stats.validFrames--;
      if (!this.cellCountReported) {
        this.cellCountReported = true;
        this.event('link.cell-count-mismatch', `hello=${announced};frame=${f.cellMv.length}`, tHostMs);
      }
      return 'cell_count_mismatch';
    }
    const last = this.lastSeq;
    if (last !== null && f.seq !== (last + 1) >>> 0) {
      if (f.seq === last) {
        this.h.duplicateFrames++;
        return 'duplicate';
      }
      const missing = (f.seq - last - 1) >>> 0;
      if (this.opts.dropRepeatedSeqs && missing >= 0x80000000) {
        this.h.duplicateFrames++;
        return 'duplicate';
      }
      if (missing < 0x80000000) {
        this.h.seqGaps++;
        this.h.missingFrames += missing;
        this.event('link.seq-gap', `missing=${missing};after=${last};next=${f.seq}`, tHostMs);
      } else this.event('link.seq-backwards', `after=${last};next=${f.seq}`, tHostMs);
    }
    this.lastSeq = f.seq;
    this.lastStatus = f.status;
    this.h.dataFrames++;
    this.h.lastDataMs = tHostMs;
    this.handlers.onData(f, tHostMs);
    if (this.stale) this.becomeFresh();
    return 'accepted';
  }

  /** The watchdog: runs on a timer, callable directly with a fake clock. */
  checkStale(): void {
    if (this.disposed) return;
    const t = this.now();
    this.sampleRate(t);
    if (this.connState === 'stopped' || this.stale) return;
    const since = this.h.lastDataMs ?? this.createdMs;
    const silentMs = t - since;
    if (silentMs <= this.effectiveStaleAfterMs) return;
    this.stale = true;
    this.event('link.stale', `silent_ms=${silentMs}`, t);
    this.raiseAlarm();
    this.emit('stale', silentMs);
    this.handlers.onStateChange();
  }

  private becomeFresh(): void {
    this.stale = false;
    this.event('link.fresh', '');
    this.clearAlarm();
    this.emit('fresh');
    this.handlers.onStateChange();
  }

  private get alarmKey(): string {
    return `link.lost:${this.source.spec}`;
  }

  private raiseAlarm(): void {
    if (!this.opts.alarms) return;
    const who = this.hello ? `${this.source.label} (${this.hello.deviceId})` : this.source.label;
    const why =
      this.connState === 'disconnected' || this.connState === 'error'
        ? `the port is ${this.connState === 'error' ? 'failing' : 'disconnected'}`
        : this.h.lastDataMs === null
          ? 'no data has arrived yet'
          : 'the device went silent';
    this.opts.alarms.raise({
      key: this.alarmKey,
      code: 'link.lost',
      severity: 'alarm',
      source: 'link',
      deviceId: this.hello?.deviceId ?? null,
      message: `Communication lost with ${who}: no data for over ${(this.effectiveStaleAfterMs / 1000).toFixed(0)} s (${why}). Live values are stale.`,
    });
  }

  private clearAlarm(): void {
    this.opts.alarms?.clear(this.alarmKey);
  }

  /** Raw bytes when the source counts them (serial), else line bytes with one terminator each. */
  private bytesTotal(): number {
    const raw = (this.source as { bytesReceived?: unknown }).bytesReceived;
    return typeof raw === 'number' ? raw : this.h.bytesTotal;
  }

  private sampleRate(t: number): void {
    const s = this.rateSamples;
    s.push({ t, bytes: this.bytesTotal() });
    while (s.length > 2 && t - s[0]!.t > RATE_WINDOW_MS) s.shift();
  }

  private bytesPerS(t: number): number {
    const s = this.rateSamples;
    const first = s[0];
    if (!first || t - first.t < 200) return 0;
    return Math.max(0, ((this.bytesTotal() - first.bytes) * 1000) / (t - first.t));
  }

  private state(): SourceState {
    if (this.connState !== 'streaming') return this.connState;
    if (!this.connectionHello) return 'waiting-hello';
    return this.stale ? 'stale' : 'streaming';
  }

  rejectedByReason(): Record<string, number> {
    return Object.fromEntries(this.rejected);
  }

  health(extra: Pick<LinkHealth, 'pingRttMs' | 'commandsSent' | 'commandTimeouts'>): LinkHealth {
    const t = this.now();
    return {
      ...this.h,
      rejectedByReason: this.rejectedByReason(),
      bytesTotal: this.bytesTotal(),
      bytesPerS: this.bytesPerS(t),
      lastDataAgeMs: this.h.lastDataMs === null ? null : Math.max(0, t - this.h.lastDataMs),
      ...extra,
    };
  }

  /** Relay and host-lost bits of the newest data frame. */
  deviceFlags(): { relayOpen: boolean | null; hostLost: boolean | null } {
    const s = this.lastStatus;
    if (s === null) return { relayOpen: null, hostLost: null };
    return { relayOpen: (s & STATUS_BITS.RELAY_OPEN) !== 0, hostLost: (s & STATUS_BITS.HOST_LOST) !== 0 };
  }

  status(): DeviceStatus {
    return {
      spec: this.source.spec,
      kind: this.source.kind,
      label: this.source.label,
      state: this.state(),
      deviceId: this.hello?.deviceId ?? null,
      fwVersion: this.hello?.fwVersion ?? null,
      cellCount: this.hello?.cellCount ?? null,
      periodMs: this.hello?.periodMs ?? null,
      framesOk: this.h.framesOk,
      framesRejected: this.h.checksumErrors + this.h.malformed,
      lastFrameMs: this.h.lastFrameMs,
      lastError: this.lastError,
    };
  }

  /** Stops watching; clears this link's alarm (the operator removed the device on purpose). */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    this.clearAlarm();
    for (const u of this.unsubscribe) u();
  }
}
