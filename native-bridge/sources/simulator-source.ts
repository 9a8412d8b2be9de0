/**
 * The built-in simulated rig: steps a RigModel and emits protocol v1 lines (hello, then data frames)
 * in real time or at a speed-up, so the station's default device exercises the real decoder.
 */
import { encodeFrame } from '../protocol/index.js';
import type { LineSource } from './line-source.js';
import { SourceEmitter } from './line-source.js';
import type { RigModel } from './rig-model.js';
import { rigSampleToFrame } from './rig-sample-frame.js';
import { mulberry32 } from './prng.js';

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
  /** Wall clock, injectable for tests. */
  now?: () => number;
}

/** Above this many frames per timer tick we are behind; skip ahead rather than flood the pipeline. */
const MAX_FRAMES_PER_TICK = 5000;

export class SimulatorSource extends SourceEmitter implements LineSource {
  readonly kind = 'sim' as const;
  readonly spec: string;
  readonly label: string;
  private readonly model: RigModel;
  private readonly periodMs: number;
  private readonly speed: number;
  private readonly deviceId: string;
  private readonly fwVersion: string;
  private readonly now: () => number;
  private readonly rand: () => number;
  private bootId = '';
  private seq = 0;
  private tDevMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private startWallMs = 0;
  private framesDue = 0;

  constructor(opts: SimulatorOptions) {
    super();
    this.spec = opts.spec;
    this.label = opts.label;
    this.model = opts.model;
    this.periodMs = opts.periodMs ?? 1000;
    this.speed = opts.speed ?? 1;
    this.deviceId = opts.deviceId ?? 'SIM-0001';
    this.fwVersion = opts.fwVersion ?? 'sim-1.0.0';
    this.now = opts.now ?? Date.now;
    this.rand = mulberry32((opts.seed ?? 1) ^ 0x5eed);
    if (!(this.speed > 0)) throw new Error(`simulator speed must be > 0, got ${this.speed}`);
  }

  async start(): Promise<void> {
    this.emitState('starting');
    this.boot();
    this.startWallMs = this.now();
    this.framesDue = 0;
    const tickMs = Math.max(10, Math.min(100, this.periodMs / this.speed));
    this.timer = setInterval(() => this.tick(), tickMs);
    this.emitState('streaming');
    this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.emitState('stopped');
  }

  /** Emits `n` frames at once, without waiting for the clock (tests, datasets). */
  emitFrames(n: number): void {
    for (let i = 0; i < n; i++) this.emitOne();
  }

  private boot(): void {
    this.bootId = Math.floor(this.rand() * 0xffffffff)
      .toString(16)
      .toUpperCase()
      .padStart(8, '0');
    this.seq = 0;
    this.tDevMs = 0;
    const hello = encodeFrame({
      kind: 'hello',
      deviceId: this.deviceId,
      bootId: this.bootId,
      fwVersion: this.fwVersion,
      cellCount: this.model.cellCount,
      periodMs: this.periodMs,
      channels: `ntc:${this.model.cellCount};vdiv:${this.model.cellCount};ina226;sht31`,
    });
    this.emitLine(hello.slice(0, -1), this.now());
  }

  private tick(): void {
    const elapsedSimMs = (this.now() - this.startWallMs) * this.speed;
    const due = Math.floor(elapsedSimMs / this.periodMs) + 1;
    let n = due - this.framesDue;
    if (n > MAX_FRAMES_PER_TICK) {
      this.framesDue += n - MAX_FRAMES_PER_TICK;
      n = MAX_FRAMES_PER_TICK;
    }
    for (let i = 0; i < n; i++) this.emitOne();
    this.framesDue += Math.max(0, n);
  }

  private emitOne(): void {
    this.model.step(this.periodMs / 1000);
    this.tDevMs += this.periodMs;
    const s = this.model.sample();
    if (s.rebooted) this.boot();
    const seq = this.seq;
    this.seq = (this.seq + 1) >>> 0;
    if (s.dropFrame) return;
    const line = encodeFrame(
      rigSampleToFrame(s, { deviceId: this.deviceId, bootId: this.bootId, seq, tDevMs: this.tDevMs }),
    );
    this.emitLine(line.slice(0, -1), this.now());
  }
}
