import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLL_INTERVAL_S,
  POLL_INTERVALS_S,
  countdownProgress,
  countdownSeconds,
  countdownText,
  nextDueMs,
  parsePollInterval,
  shouldApplyPull,
} from './polling-schedule.js';

describe('poll intervals', () => {
  it('offers 1, 2, 5, 10 and 30 s with 5 s by default', () => {
    expect([...POLL_INTERVALS_S]).toEqual([1, 2, 5, 10, 30]);
    expect(DEFAULT_POLL_INTERVAL_S).toBe(5);
  });
  it('parses select values and stored values', () => {
    expect(parsePollInterval('10')).toBe(10);
    expect(parsePollInterval(1)).toBe(1);
  });
  it('falls back to the default on anything else', () => {
    for (const raw of ['3', '', ' ', null, undefined, 'abc', 0, -5, 2.5, {}]) expect(parsePollInterval(raw)).toBe(5);
  });
});

describe('nextDueMs', () => {
  it('keeps a fixed rate from the start of the last pull', () => {
    expect(nextDueMs(10_000, 5_000, 10_300)).toBe(15_000);
  });
  it('is never in the past when a pull overran its interval', () => {
    expect(nextDueMs(10_000, 1_000, 12_500)).toBe(12_500);
  });
  it('moves the due time when the interval changes', () => {
    expect(nextDueMs(10_000, 30_000, 11_000)).toBe(40_000);
    expect(nextDueMs(10_000, 1_000, 14_000)).toBe(14_000);
  });
});

describe('countdown', () => {
  it('rounds remaining time up to whole seconds', () => {
    expect(countdownSeconds(15_000, 10_000)).toBe(5);
    expect(countdownSeconds(15_000, 10_001)).toBe(5);
    expect(countdownSeconds(15_000, 14_000)).toBe(1);
    expect(countdownSeconds(15_000, 14_999)).toBe(1);
    expect(countdownSeconds(15_000, 15_000)).toBe(0);
    expect(countdownSeconds(15_000, 16_000)).toBe(0);
  });
  it('says Paused, Updating… or the seconds left', () => {
    expect(countdownText({ paused: true, inFlight: false, nextDueMs: 15_000, nowMs: 10_000, intervalMs: 5000 })).toBe(
      'Paused',
    );
    expect(countdownText({ paused: true, inFlight: true, nextDueMs: null, nowMs: 10_000, intervalMs: 5000 })).toBe(
      'Paused',
    );
    expect(countdownText({ paused: false, inFlight: true, nextDueMs: 15_000, nowMs: 10_000, intervalMs: 5000 })).toBe(
      'Updating…',
    );
    expect(countdownText({ paused: false, inFlight: false, nextDueMs: null, nowMs: 10_000, intervalMs: 5000 })).toBe(
      'Updating…',
    );
    expect(countdownText({ paused: false, inFlight: false, nextDueMs: 15_000, nowMs: 12_100, intervalMs: 5000 })).toBe(
      'Next update in 3 s',
    );
    expect(countdownText({ paused: false, inFlight: false, nextDueMs: 15_000, nowMs: 15_000, intervalMs: 5000 })).toBe(
      'Updating…',
    );
  });
  it('never shows more seconds than the interval when the display clock lags', () => {
    expect(countdownText({ paused: false, inFlight: false, nextDueMs: 15_000, nowMs: 9_800, intervalMs: 5000 })).toBe(
      'Next update in 5 s',
    );
  });
  it('reports progress through the interval', () => {
    expect(countdownProgress(15_000, 5_000, 10_000)).toBe(0);
    expect(countdownProgress(15_000, 5_000, 12_500)).toBe(0.5);
    expect(countdownProgress(15_000, 5_000, 16_000)).toBe(1);
    expect(countdownProgress(null, 5_000, 12_500)).toBe(0);
  });
});

describe('shouldApplyPull', () => {
  it('drops automatic pulls that straddle a Pause', () => {
    expect(shouldApplyPull('auto', 3, 3)).toBe(true);
    expect(shouldApplyPull('auto', 3, 4)).toBe(false);
  });
  it('always applies Refresh Now', () => {
    expect(shouldApplyPull('manual', 3, 4)).toBe(true);
  });
});
