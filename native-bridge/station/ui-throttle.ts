/**
 * Coalesces "something changed" into at most one call per interval (10 Hz by default): a 10 Hz ×
 * 16-cell rig would otherwise push 160 updates a second across the bridge and starve the renderer.
 */
export class UiThrottle {
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private lastEmitMs = 0;

  constructor(
    private readonly emit: () => void,
    private readonly minIntervalMs = 100,
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
