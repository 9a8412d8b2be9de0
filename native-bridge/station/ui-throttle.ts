/**
 * Coalesces "something changed" into at most one call per interval (20 Hz by default): sixteen 10 Hz
 * devices would otherwise push 160 updates a second across the bridge and starve the renderer.
 *
 * Why 50 ms and not the 100 ms of a 10 Hz rig: with the gap equal to the rig's period, a frame that
 * arrives a hair early waits for the gap, the emit that follows starts the next gap that much later,
 * and the waits add up until every frame waits 0–100 ms (measured: p50 50 ms, p99 101 ms from the
 * pty to the client, `npm run bench -- latency`). Half the period lets each frame of a 10 Hz rig out
 * as it arrives.
 */
export const UI_MIN_GAP_MS = 50;

export class UiThrottle {
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private lastEmitMs = 0;

  constructor(
    private readonly emit: () => void,
    private readonly minIntervalMs = UI_MIN_GAP_MS,
    private readonly now: () => number = Date.now,
  ) {}

  markDirty(): void {
    this.dirty = true;
    if (this.timer) return;
    const wait = Math.max(0, this.lastEmitMs + this.minIntervalMs - this.now());
    this.timer = setTimeout(() => this.fire(), wait);
    this.timer.unref?.();
  }

  private fire(): void {
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    this.lastEmitMs = this.now();
    this.emit();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
