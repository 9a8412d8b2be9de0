/**
 * Pushes the link health of every device to the UI: on a steady beat while devices run, and soon
 * (within 200 ms, coalesced) after anything the operator would see changes.
 */
const SOON_MS = 200;

export class LinkHealthPush {
  private beat: NodeJS.Timeout | undefined;
  private soonTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly push: () => void,
    private readonly intervalMs = 1000,
  ) {}

  /** Starts the steady beat (once). */
  start(): void {
    if (this.closed) return;
    this.beat ??= setInterval(() => this.pushNow(), this.intervalMs);
    this.beat.unref?.();
  }

  soon(): void {
    if (this.soonTimer || this.closed) return;
    this.soonTimer = setTimeout(() => {
      this.soonTimer = undefined;
      this.pushNow();
    }, SOON_MS);
    this.soonTimer.unref?.();
  }

  close(): void {
    this.closed = true;
    if (this.beat) clearInterval(this.beat);
    if (this.soonTimer) clearTimeout(this.soonTimer);
  }

  private pushNow(): void {
    if (!this.closed) this.push();
  }
}
