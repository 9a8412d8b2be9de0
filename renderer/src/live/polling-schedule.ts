/**
 * The Live tab's refresh schedule as pure functions: which intervals are offered, when the next pull
 * is due, and what the countdown says. usePolling owns the timers; this file owns the arithmetic.
 */

export const POLL_INTERVALS_S = [1, 2, 5, 10, 30] as const;
export type PollIntervalS = (typeof POLL_INTERVALS_S)[number];
export const DEFAULT_POLL_INTERVAL_S: PollIntervalS = 5;

/** Accepts a value from a select or from storage; anything not offered falls back to the default. */
export function parseOffered<T extends number>(raw: unknown, offered: readonly T[], fallback: T): T {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return (offered as readonly number[]).includes(n) ? (n as T) : fallback;
}

export function parsePollInterval(raw: unknown): PollIntervalS {
  return parseOffered(raw, POLL_INTERVALS_S, DEFAULT_POLL_INTERVAL_S);
}

/**
 * Fixed-rate from the start of the last pull, so a slow answer does not stretch the period; never in
 * the past, so a pull that took longer than the interval is followed at once rather than twice.
 */
export function nextDueMs(lastStartMs: number, intervalMs: number, nowMs: number): number {
  return Math.max(nowMs, lastStartMs + intervalMs);
}

/** Whole seconds left, rounded up so the display reaches 0 only when the pull starts. */
export function countdownSeconds(dueMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((dueMs - nowMs) / 1000));
}

export interface CountdownInput {
  paused: boolean;
  inFlight: boolean;
  nextDueMs: number | null;
  nowMs: number;
  intervalMs: number;
}

export function countdownText({ paused, inFlight, nextDueMs: due, nowMs, intervalMs }: CountdownInput): string {
  if (paused) return 'Paused';
  if (inFlight || due === null) return 'Updating…';
  // `nowMs` comes from a display ticker and may lag the schedule by a tick: never show more than the interval.
  const s = Math.min(countdownSeconds(due, nowMs), Math.ceil(intervalMs / 1000));
  return s === 0 ? 'Updating…' : `Next update in ${s} s`;
}

/** Fraction of the interval already elapsed (0–1), for the progress ring around the live dot. */
export function countdownProgress(dueMs: number | null, intervalMs: number, nowMs: number): number {
  if (dueMs === null || intervalMs <= 0) return 0;
  const left = Math.min(intervalMs, Math.max(0, dueMs - nowMs));
  return 1 - left / intervalMs;
}

export type PullKind = 'auto' | 'manual';

/**
 * An automatic pull that started before Pause must not land after it (the operator paused to read a
 * frozen table); a manual Refresh Now always lands.
 */
export function shouldApplyPull(kind: PullKind, startedInGeneration: number, currentGeneration: number): boolean {
  return kind === 'manual' || startedInGeneration === currentGeneration;
}
