/**
 * The device side of a pty pair for tests and the bench: writes protocol v1 frames the way a rig does
 * (optionally with CRLF, a boot log, lines torn across writes) and answers the station's commands with
 * acks, so the serial path is exercised end to end without hardware. The firmware's own virtual-rig
 * is used where it is built; this stands in where a test needs exact control of every byte.
 */
import { SerialPort } from 'serialport';
import { ReadlineParser } from '@serialport/parser-readline';
import { decodeLine, encodeFrame, type CommandFrame, type DataFrame } from '../../native-bridge/protocol/index.js';

export interface TestRigOptions {
  deviceId?: string;
  cells?: number;
  periodMs?: number;
  bootId?: string;
  crlf?: boolean;
  /** Answer commands with acks (and HELLO with a hello). */
  answerCommands?: boolean;
}

export const ESP32_BOOT_LOG = [
  'ets Jun  8 2016 00:22:57',
  '',
  'rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)',
  'configsip: 0, SPIWP:0xee',
  'clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00',
  'mode:DIO, clock div:2',
  'load:0x3fff0030,len:1184',
  'load:0x40078000,len:13220',
  'ho 0 tail 12 room 4',
  'load:0x40080400,len:3028',
  'entry 0x400805e4',
];

let bootCounter = 0x1a2b3c00;

export class TestRig {
  readonly deviceId: string;
  readonly cells: number;
  periodMs: number;
  bootId: string;
  seq = 0;
  tDevMs = 0;
  crlf: boolean;
  answerCommands: boolean;
  relayOpen = false;
  /** Every cell reads this temperature (0.01 °C) when set: a rig running hot. */
  hotCellTempCc: number | null = null;
  /** Every data frame written, as `bootId:seq`. */
  readonly written: string[] = [];
  readonly commands: CommandFrame[] = [];
  private readonly commandListeners = new Set<(c: CommandFrame) => void>();
  private closed = false;

  private constructor(
    private readonly port: SerialPort,
    opts: TestRigOptions,
  ) {
    this.deviceId = opts.deviceId ?? 'A1B2C3D4E5F6';
    this.cells = opts.cells ?? 4;
    this.periodMs = opts.periodMs ?? 100;
    this.bootId = opts.bootId ?? TestRig.newBootId();
    this.crlf = opts.crlf ?? false;
    this.answerCommands = opts.answerCommands ?? true;
    const lines = port.pipe(new ReadlineParser({ delimiter: '\n' }));
    lines.on('data', (line: string) => this.onCommandLine(line));
    port.on('error', () => undefined);
  }

  static newBootId(): string {
    bootCounter = (bootCounter + 0x01010101) >>> 0;
    return bootCounter.toString(16).toUpperCase().padStart(8, '0');
  }

  static open(path: string, opts: TestRigOptions = {}): Promise<TestRig> {
    return new Promise((resolveOpen, reject) => {
      const port = new SerialPort({ path, baudRate: 115200, lock: false, autoOpen: false, hupcl: false });
      port.open((err) => (err ? reject(err) : resolveOpen(new TestRig(port, opts))));
    });
  }

  get isOpen(): boolean {
    return !this.closed && this.port.isOpen;
  }

  onCommand(listener: (c: CommandFrame) => void): () => void {
    this.commandListeners.add(listener);
    return () => this.commandListeners.delete(listener);
  }

  /** Resolves at the first command from the station (proof it has the port open and is talking). */
  nextCommand(timeoutMs = 10_000): Promise<CommandFrame> {
    return new Promise((resolveCmd, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no command from the station in ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.onCommand((c) => {
        clearTimeout(timer);
        off();
        resolveCmd(c);
      });
    });
  }

  private eol(line: string): string {
    const bare = line.endsWith('\n') ? line.slice(0, -1) : line;
    return this.crlf ? `${bare}\r\n` : `${bare}\n`;
  }

  helloLine(): string {
    return this.eol(
      encodeFrame({
        kind: 'hello',
        deviceId: this.deviceId,
        bootId: this.bootId,
        fwVersion: 'test-rig-1.0.0',
        cellCount: this.cells,
        periodMs: this.periodMs,
        channels: `ntc:${this.cells};vdiv:${this.cells};ina226;sht31`,
      }),
    );
  }

  /** The next data frame (advances seq and records it as written). */
  dataLine(): string {
    const seq = this.seq;
    this.seq = (this.seq + 1) >>> 0;
    this.tDevMs += this.periodMs;
    const frame: DataFrame = {
      kind: 'data',
      deviceId: this.deviceId,
      bootId: this.bootId,
      seq,
      tDevMs: this.tDevMs,
      cellMv: Array.from({ length: this.cells }, (_, c) => 3600 + ((seq + c * 7) % 200)),
      cellTempCc: Array.from({ length: this.cells }, (_, c) => this.hotCellTempCc ?? 2500 + ((seq + c) % 50)),
      packMa: -1250,
      ambientCc: 2310,
      humidityCpct: 4520,
      socPermille: null,
      status: this.relayOpen ? 1 : 0,
    };
    this.written.push(`${this.bootId}:${seq}`);
    return this.eol(encodeFrame(frame));
  }

  /** The device kept sampling while nobody listened: these frames never reach the station. */
  skip(n: number): void {
    this.seq = (this.seq + n) >>> 0;
    this.tDevMs += n * this.periodMs;
  }

  reboot(): void {
    this.bootId = TestRig.newBootId();
    this.seq = 0;
    this.tDevMs = 0;
  }

  bootLog(): string {
    return ESP32_BOOT_LOG.map((l) => this.eol(l)).join('');
  }

  /** Writes and waits until the OS has it (drain), so the caller feels back-pressure. */
  write(data: string | Buffer): Promise<void> {
    return new Promise((resolveWrite, reject) => {
      if (!this.isOpen) {
        reject(new Error('test rig port is closed'));
        return;
      }
      this.port.write(data, (err) => {
        if (err) reject(err);
      });
      this.port.drain((err) => (err ? reject(err) : resolveWrite()));
    });
  }

  /** Writes `n` data frames, batched into writes of about `chunkBytes`. */
  async writeFrames(n: number, chunkBytes = 16 * 1024): Promise<void> {
    let buf = '';
    for (let i = 0; i < n; i++) {
      buf += this.dataLine();
      if (buf.length >= chunkBytes) {
        await this.write(buf);
        buf = '';
      }
    }
    if (buf) await this.write(buf);
  }

  private onCommandLine(line: string): void {
    const r = decodeLine(line);
    if (!r.ok || r.frame.kind !== 'command') return;
    const c = r.frame;
    this.commands.push(c);
    for (const l of [...this.commandListeners]) l(c);
    if (!this.answerCommands || !this.isOpen) return;
    let ok = true;
    let detail = '-';
    switch (c.name) {
      case 'PING':
      case 'HELLO':
        break;
      case 'RATE': {
        const p = Number(c.arg);
        if (!(p >= 10 && p <= 60000)) [ok, detail] = [false, 'BAD_ARG'];
        else [this.periodMs, detail] = [p, `period_ms=${p}`];
        break;
      }
      case 'IDENT':
        detail = `seconds=${c.arg}`;
        break;
      case 'RELAY':
        this.relayOpen = c.arg === 'OPEN';
        detail = `relay=${this.relayOpen ? 'open' : 'closed'}`;
        break;
      case 'CONFIG':
        detail = `period_ms=${this.periodMs};cells=${this.cells};hb_timeout_ms=3000`;
        break;
      default:
        [ok, detail] = [false, 'UNKNOWN_COMMAND'];
    }
    let out = this.eol(encodeFrame({ kind: 'ack', deviceId: this.deviceId, cmdId: c.cmdId, ok, detail }));
    if (c.name === 'HELLO') out += this.helloLine();
    void this.write(out).catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.port.isOpen) return;
    await new Promise<void>((r) => this.port.close(() => r()));
  }
}
