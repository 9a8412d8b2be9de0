import { describe, expect, it } from 'vitest';
import type { HistorySeries } from '../../../native-bridge/contract/index.js';
import { formatSpan, fromLocalInput, resolutionText, toLocalInput } from './history-format.js';

describe('history times', () => {
  it('reads and writes datetime-local values in local time', () => {
    const t = new Date(2024, 4, 1, 10, 15, 7).getTime();
    expect(toLocalInput(t)).toBe('2024-05-01T10:15:07');
    expect(fromLocalInput('2024-05-01T10:15:07')).toBe(t);
    expect(fromLocalInput('2024-05-01T10:15')).toBe(t - 7000);
    expect(fromLocalInput('2024-05-01')).toBeNull();
  });

  it('formats spans', () => {
    expect(formatSpan(250)).toBe('0.250 s');
    expect(formatSpan(-65_000)).toBe('−1 min 05 s');
    expect(formatSpan(3 * 86_400_000 + 3_600_000)).toBe('3 d 01 h');
  });
});

describe('resolution status', () => {
  const s = (over: Partial<HistorySeries>): HistorySeries => ({
    sessionId: 1,
    fromMs: 0,
    toMs: 1,
    resolution: 'raw',
    bucketMs: 0,
    sourceRows: 600,
    t: Array.from({ length: 600 }, (_, i) => i),
    series: [],
    risk: null,
    alarms: [],
    queryMs: 3.6,
    ...over,
  });

  it('names what the chart is drawn from, how many points, and how long the query took', () => {
    expect(resolutionText(s({}))).toBe('raw frames, 600 points, 4 ms');
    expect(resolutionText(s({ resolution: '1m', bucketMs: 120_000, t: [0, 1, 2], queryMs: 12.2 }))).toBe(
      '1 min rollups, 3 points of 2 min 00 s, 12 ms',
    );
  });
});
