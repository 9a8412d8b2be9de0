/**
 * The built-in simulated rig: steps a RigModel and emits protocol v1 lines (hello, data, events, acks)
 * in real time or at a speed-up, so the station's default device exercises the real decoder. It also
 * plays the firmware's part for commands (firmware/PROTOCOL.md, `C` → `A`): PING, HELLO, RATE, IDENT,
 * CONFIG and RELAY, so the station's interlock opens the simulated relay exactly as it opens a real one.
 */
import { decodeLine, encodeFrame, STATUS_BITS, type CommandFrame, type Frame } from '../protocol/index.js';
import type { LineSource } from './line-source.js';
import { SourceEmitter } from './line-source.js';
import type { RigModel } from '../sim/rig-model.js';
import { rigSampleToFrame } from '../sim/rig-sample-frame.js';
import { uniformStream } from '../sim/prng.js';

export interface SimulatorOptions {
  spec: string;
  label: string;
  model: RigModel;
  periodMs?: number;
  /** Simulated seconds per wall second. */
  speed?: number;
  seed?: number;
  deviceId?: string;
  fwVersion?: string;
  /** The named scenario the model runs, shown with the device. */
  scenario?: { name: string; title: string } | null;
  /** Wall clock, injectable for tests. */
  now?: () => number;
  /** Wall time one timer tick may spend on the physics (default 40 ms; see TICK_BUDGET_MS). */
  tickBudgetMs?: number;
}

/** What the station shows about a simulated rig beside its link health. */
export interface SimulatorInfo {
  scenario: string | null;
  title: string | null;
  speed: number;
  seed: number;
  cells: number;
  /** Simulated seconds since the source started (not reset by a simulated reboot). */
  simTimeS: number;
  relayOpen: boolean;
}

/**
 * Work per timer tick is bounded in wall time, not in frames: one frame of a runaway costs thousands of
 * substeps, one of normal cycling a few microseconds. When the physics cannot keep up, the rig runs
 * slower than asked rather than blocking the event loop that also serves the UI.
 */
const TICK_BUDGET_MS = 40;
/** The same limits the firmware applies to RATE and IDENT (PROTOCOL.md). */
const RATE_MIN_MS = 10;
const RATE_MAX_MS = 60000;
const IDENT_MAX_S = 600;

const wallMs = () => performance.now();

export class SimulatorSource extends SourceEmitter implements LineSource {
  readonly kind = 'sim' as const;
  readonly spec: string;
  readonly label: string;
  private readonly model: RigModel;
  private periodMs: number;
  private readonly speed: number;
  private readonly seed: number;
  private readonly scenario: { name: string; title: string } | null;
  private readonly deviceId: string;
  private readonly fwVersion: string;
  private readonly now: () => number;
  private readonly tickBudgetMs: number;
  private readonly rand: () => number;
  private bootId = '';
  private seq = 0;
  private eventSeq = 0;
  private tDevMs = 0;
  private simMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private startWallMs = 0;
  private framesDue = 0;
  private running = false;
  private relayOpen = false;
  private identifyUntilMs = 0;

  constructor(opts: SimulatorOptions) {
    super();
    this.spec = opts.spec;
    this.label = opts.label;
    this.model = opts.model;
    this.periodMs = opts.periodMs ?? 1000;
    this.speed = opts.speed ?? 1;
    this.seed = opts.seed ?? 1;
    this.scenario = opts.scenario ?? null;
    this.deviceId = opts.deviceId ?? 'SIM-0001';
    this.fwVersion = opts.fwVersion ?? 'sim-1.0.0';
    this.now = opts.now ?? Date.now;
    this.tickBudgetMs = opts.tickBudgetMs ?? TICK_BUDGET_MS;
    this.rand = uniformStream(this.seed ^ 0x5eed);
    if (!(this.speed > 0)) throw new Error(`simulator speed must be > 0, got ${this.speed}`);
  }

  get info(): SimulatorInfo {
    return {
      scenario: this.scenario?.name ?? null,
      title: this.scenario?.title ?? null,
      speed: this.speed,
      seed: this.seed,
      cells: this.model.cellCount,
      simTimeS: this.simMs / 1000,
      relayOpen: this.relayOpen,
    };
  }

  async start(): Promise<void> {
    this.emitState('starting');
    this.boot();
    this.running = true;
    this.restartClock();
    this.emitState('streaming');
    this.tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.emitState('stopped');
  }

  /** Emits `n` frames at once, without waiting for the clock (tests, datasets). */
  emitFrames(n: number): void {
    for (let i = 0; i < n; i++) this.emitOne();
  }

  /** A command line from the station, answered with exactly one ack as the firmware does. */
  async write(line: string): Promise<void> {
    if (!this.running)
      throw Object.assign(new Error(`${this.label} is not running`), { code: 'not-connected' as const });
    // The ack comes after the write returns, as it would over a wire.
    setImmediate(() => {
      if (this.running) this.onCommandLine(line.replace(/\r?\n$/, ''));
    });
  }

  private restartClock(): void {
    if (this.timer) clearInterval(this.timer);
    this.startWallMs = this.now();
    this.framesDue = 0;
    const tickMs = Math.max(10, Math.min(100, this.periodMs / this.speed));
    this.timer = setInterval(() => this.tick(), tickMs);
  }

  private boot(): void {
    this.bootId = Math.floor(this.rand() * 0xffffffff)
      .toString(16)
      .toUpperCase()
      .padStart(8, '0');
    this.seq = 0;
    this.eventSeq = 0;
    this.tDevMs = 0;
    this.sendHello();
  }

  private sendHello(): void {
    this.send({
      kind: 'hello',
      deviceId: this.deviceId,
      bootId: this.bootId,
      fwVersion: this.fwVersion,
      cellCount: this.model.cellCount,
      periodMs: this.periodMs,
      channels: `ntc:${this.model.cellCount};vdiv:${this.model.cellCount};ina226;sht31`,
    });
  }

  private send(f: Frame, tHostMs = this.now()): void {
    this.emitLine(encodeFrame(f).slice(0, -1), tHostMs);
  }

  private sendEvent(code: string, detail: string): void {
    const eventSeq = this.eventSeq;
    this.eventSeq = (this.eventSeq + 1) >>> 0;
    this.send({
      kind: 'event',
      deviceId: this.deviceId,
      bootId: this.bootId,
      eventSeq,
      tDevMs: this.tDevMs,
      code,
      detail,
    });
  }

  private ack(cmdId: number, ok: boolean, detail: string): void {
    this.send({ kind: 'ack', deviceId: this.deviceId, cmdId, ok, detail });
  }

  private onCommandLine(line: string): void {
    const r = decodeLine(line);
    if (!r.ok) {
      if (r.reason === 'noise') return;
      this.ack(0, false, r.reason === 'checksum_mismatch' ? 'BAD_CHECKSUM' : 'BAD_FRAME');
      return;
    }
    if (r.frame.kind === 'command') this.onCommand(r.frame);
  }

  private onCommand(c: CommandFrame): void {
    const num = (lo: number, hi: number) => {
      const n = c.arg !== null && /^\d{1,6}$/.test(c.arg) ? Number(c.arg) : NaN;
      return n >= lo && n <= hi ? n : null;
    };
    switch (c.name) {
      case 'PING':
        this.ack(c.cmdId, true, '-');
        return;
      case 'HELLO':
        this.ack(c.cmdId, true, '-');
        this.sendHello();
        return;
      case 'RATE': {
        const ms = num(RATE_MIN_MS, RATE_MAX_MS);
        if (ms === null) return this.ack(c.cmdId, false, 'BAD_ARG');
        this.periodMs = ms;
        this.ack(c.cmdId, true, `period_ms=${ms}`);
        this.sendEvent('CONFIG_CHANGED', `period_ms=${ms}`);
        this.restartClock();
        return;
      }
      case 'IDENT': {
        const s = num(0, IDENT_MAX_S);
        if (s === null) return this.ack(c.cmdId, false, 'BAD_ARG');
        // Wall time: identifying is for the operator looking at the bench, whatever the speed-up.
        this.identifyUntilMs = this.now() + s * 1000;
        this.ack(c.cmdId, true, `seconds=${s}`);
        this.sendEvent('IDENTIFY', `seconds=${s}`);
        return;
      }
      case 'CONFIG':
        this.ack(c.cmdId, true, `period_ms=${this.periodMs};cells=${this.model.cellCount};sim=1`);
        return;
      case 'RELAY': {
        if (c.arg !== 'OPEN' && c.arg !== 'CLOSE') return this.ack(c.cmdId, false, 'BAD_ARG');
        const open = c.arg === 'OPEN';
        const changed = open !== this.relayOpen;
        this.relayOpen = open;
        this.model.setRelayOpen?.(open);
        this.ack(c.cmdId, true, open ? 'relay=open' : 'relay=closed');
        if (changed) this.sendEvent(open ? 'RELAY_OPEN' : 'RELAY_CLOSED', 'cause=host');
        return;
      }
      default:
        this.ack(c.cmdId, false, 'UNKNOWN_COMMAND');
    }
  }

  private tick(): void {
    const elapsedSimMs = (this.now() - this.startWallMs) * this.speed;
    const due = Math.floor(elapsedSimMs / this.periodMs) + 1;
    const t0 = wallMs();
    while (this.framesDue < due) {
      this.emitOne();
      this.framesDue++;
      if (wallMs() - t0 > this.tickBudgetMs) {
        // Behind: forget the backlog instead of catching up in a burst (the simulated clock slows).
        this.framesDue = due;
        break;
      }
    }
  }

  private emitOne(): void {
    this.model.step(this.periodMs / 1000);
    this.tDevMs += this.periodMs;
    this.simMs += this.periodMs;
    const s = this.model.sample();
    if (s.rebooted) this.boot();
    const seq = this.seq;
    this.seq = (this.seq + 1) >>> 0;
    if (s.dropFrame) return;
    // One clock read per frame: tests drive the source with a clock that advances on every read.
    const t = this.now();
    let status = s.status;
    // A host-opened relay latches, as on the firmware (PROTOCOL.md status bits 0 and 1).
    if (this.relayOpen) status |= STATUS_BITS.RELAY_OPEN | STATUS_BITS.LATCHED;
    if (t < this.identifyUntilMs) status |= STATUS_BITS.IDENTIFY;
    this.send(
      rigSampleToFrame({ ...s, status }, { deviceId: this.deviceId, bootId: this.bootId, seq, tDevMs: this.tDevMs }),
      t,
    );
  }
}
