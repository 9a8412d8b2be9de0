import { describe, expect, it } from 'vitest';
import {
  connectionState,
  deviceStateTone,
  deviceSummary,
  liveness,
  slowestPeriodMs,
  staleAfterMs,
} from './link-liveness.js';

describe('connectionState', () => {
  it('trusts what the transport reports', () => {
    expect(connectionState(true, false)).toBe('connected');
    expect(connectionState(false, true)).toBe('disconnected');
  });
  it('uses call success when the transport never reports (desktop IPC)', () => {
    expect(connectionState(null, false)).toBe('connecting');
    expect(connectionState(null, true)).toBe('connected');
  });
});

describe('liveness', () => {
  const base = { connection: 'connected' as const, nowMs: 100_000, periodMs: 1000 };
  it('is live while readings keep advancing', () => {
    expect(liveness({ ...base, lastAdvanceMs: 99_000 })).toBe('live');
    expect(liveness({ ...base, lastAdvanceMs: 97_000 })).toBe('live');
  });
  it('goes stale after three missed samples, never below 3 s', () => {
    expect(liveness({ ...base, lastAdvanceMs: 96_999 })).toBe('stale');
    expect(staleAfterMs(200)).toBe(3000);
    expect(staleAfterMs(5000)).toBe(15_000);
    expect(staleAfterMs(null)).toBe(3000);
  });
  it('waits before the first reading and is offline without a connection', () => {
    expect(liveness({ ...base, lastAdvanceMs: null })).toBe('waiting');
    expect(liveness({ ...base, connection: 'disconnected', lastAdvanceMs: 99_900 })).toBe('offline');
    expect(liveness({ ...base, connection: 'connecting', lastAdvanceMs: null })).toBe('offline');
  });
});

describe('device helpers', () => {
  it('takes the slowest known period', () => {
    expect(slowestPeriodMs([{ periodMs: 200 }, { periodMs: null }, { periodMs: 1000 }])).toBe(1000);
    expect(slowestPeriodMs([{ periodMs: null }])).toBeNull();
  });
  it('summarises cells and rate', () => {
    expect(deviceSummary({ cellCount: 4, periodMs: 200 })).toBe('4 cells · 5 Hz');
    expect(deviceSummary({ cellCount: 1, periodMs: 1000 })).toBe('1 cell · 1 Hz');
    expect(deviceSummary({ cellCount: 16, periodMs: 2500 })).toBe('16 cells · every 2.5 s');
    expect(deviceSummary({ cellCount: null, periodMs: null })).toBe('');
  });
  it('colours states by severity', () => {
    expect(deviceStateTone('streaming')).toBe('ok');
    expect(deviceStateTone('stale')).toBe('warn');
    expect(deviceStateTone('error')).toBe('error');
    expect(deviceStateTone('stopped')).toBe('idle');
  });
});
