/**
 * Pulls data on a fixed interval with Pause/Resume and Refresh Now, and knows when the next pull is
 * due (for the countdown). Framework-free so it can be tested with fake timers; usePolling adapts it
 * to React. Never overlaps pulls; an automatic pull that straddles a Pause is dropped, so a paused
 * view stays frozen; Refresh Now pressed during a pull runs right after it.
 */
import { nextDueMs, shouldApplyPull, type PullKind } from './polling-schedule.js';

export interface PollState<T> {
  data: T | null;
  error: string | null;
  /** Local time the last successful pull finished. */
  lastOkMs: number | null;
  inFlight: boolean;
  /** Local time the next automatic pull starts; null while paused, stopped or pulling. */
  nextDueMs: number | null;
}

export interface PollerOptions {
  intervalMs: number;
  paused: boolean;
  now?: () => number;
}

export class Poller<T> {
  private state: PollState<T> = { data: null, error: null, lastOkMs: null, inFlight: false, nextDueMs: null };
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private generation = 0;
  private running = false;
  private inFlight = false;
  private manualQueued = false;
  private lastStartMs: number | null = null;
  private intervalMs: number;
  private paused: boolean;
  private readonly now: () => number;

  constructor(
    private fetcher: () => Promise<T>,
    opts: PollerOptions,
  ) {
    this.intervalMs = opts.intervalMs;
    this.paused = opts.paused;
    this.now = opts.now ?? Date.now;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): PollState<T> => this.state;

  setFetcher(fetcher: () => Promise<T>): void {
    this.fetcher = fetcher;
  }

  /** Starts polling (pulling at once unless paused). Safe to call again after stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    if (!this.paused) void this.run('auto');
  }

  stop(): void {
    this.running = false;
    this.generation += 1;
    this.manualQueued = false;
    this.clearTimer();
    this.set({ nextDueMs: null });
  }

  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    if (!this.running) return;
    if (paused) {
      this.generation += 1;
      this.clearTimer();
      this.set({ nextDueMs: null });
    } else {
      // Resume pulls at once: a paused view is old by definition.
      void this.run('auto');
    }
  }

  /** A new interval applies to the pull already scheduled, counted from when the last one started. */
  setIntervalMs(intervalMs: number): void {
    if (intervalMs === this.intervalMs) return;
    this.intervalMs = intervalMs;
    if (this.timer !== null && this.lastStartMs !== null)
      this.schedule(nextDueMs(this.lastStartMs, intervalMs, this.now()));
  }

  refreshNow(): void {
    void this.run('manual');
  }

  private async run(kind: PullKind): Promise<void> {
    if (this.inFlight) {
      if (kind === 'manual') this.manualQueued = true;
      return;
    }
    this.inFlight = true;
    this.clearTimer();
    const gen = this.generation;
    const started = this.now();
    this.lastStartMs = started;
    this.set({ inFlight: true, nextDueMs: null });
    let applied: Partial<PollState<T>> | null = null;
    try {
      const data = await this.fetcher();
      if (shouldApplyPull(kind, gen, this.generation)) applied = { data, error: null, lastOkMs: this.now() };
    } catch (e) {
      if (shouldApplyPull(kind, gen, this.generation)) applied = { error: e instanceof Error ? e.message : String(e) };
    }
    this.inFlight = false;
    this.set({ ...applied, inFlight: false });
    if (this.manualQueued) {
      this.manualQueued = false;
      void this.run('manual');
      return;
    }
    if (!this.running || this.paused) return;
    // A dropped pull (started before a Pause or stop that has since been lifted) is replaced at once.
    if (applied === null) void this.run('auto');
    else this.schedule(nextDueMs(started, this.intervalMs, this.now()));
  }

  private schedule(dueMs: number): void {
    this.clearTimer();
    this.timer = setTimeout(
      () => {
        this.timer = null;
        void this.run('auto');
      },
      Math.max(0, dueMs - this.now()),
    );
    this.set({ nextDueMs: dueMs });
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private set(patch: Partial<PollState<T>>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }
}
