/**
 * The History readout rendered (react-dom/server) over a stored series: a cell's temperature and
 * voltage past the session's limits are marked as on the Live tab, by the session's own lines (the
 * same 56 °C and 2.9 V are marked on an LTO session, plain on an NMC one), and each number of a
 * rollup point by itself, so a spike in the max is marked when the mean is not.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { CellLimits, HistorySeries } from '../../../native-bridge/contract/index.js';
import { LTO_LIMITS, NMC_LIMITS } from '../live/fixtures/cells.js';
import { Readout } from './Readout.js';

/** One point: cell 1 calm, cell 2 at `temp2` °C and `volt2` V; with `bucketMs` a rollup whose max is `max2`. */
function series(temp2: number, volt2: number, bucketMs = 0, max2 = temp2): HistorySeries {
  const ch = (quantity: 'temp' | 'voltage', cell: number, mean: number, max = mean) => ({
    quantity,
    cell,
    unit: quantity === 'temp' ? '°C' : 'V',
    min: [mean - 0.5],
    max: [max],
    mean: [mean],
  });
  return {
    sessionId: 1,
    fromMs: 0,
    toMs: 1000,
    resolution: bucketMs > 0 ? '1s' : 'raw',
    bucketMs,
    sourceRows: 1,
    t: [0],
    series: [ch('temp', 1, 25), ch('voltage', 1, 2.3), ch('temp', 2, temp2, max2), ch('voltage', 2, volt2)],
    risk: null,
    alarms: [],
    queryMs: 1,
  };
}

const render = (s: HistorySeries, limits: CellLimits) =>
  renderToStaticMarkup(
    createElement(Readout, { series: s, limits, cursorMs: 0, pointA: null, pointB: null, onClearPoints: () => {} }),
  );

/** The levels of the marked numbers in one cell's td, in order (mean, then min and max of a rollup). */
function levels(html: string, testId: string): string[] {
  const td = new RegExp(`<td data-testid="${testId}">(.*?)</td>`).exec(html)?.[1] ?? '';
  return [...td.matchAll(/data-level="(\w+)"/g)].map((m) => m[1]!);
}

describe('History readout against the session’s limits', () => {
  it('marks a stored value past the session’s own lines, with the limit in words', () => {
    const html = render(series(56, 2.9), LTO_LIMITS);
    expect(levels(html, 'readout-temp-2')).toEqual(['alarm']);
    expect(levels(html, 'readout-voltage-2')).toEqual(['alarm']);
    expect(levels(html, 'readout-temp-1')).toEqual(['ok']);
    expect(levels(html, 'readout-voltage-1')).toEqual(['ok']);
    expect(html).toContain('title="56.00: above the 55 °C limit"');
    expect(html).toContain('<span class="visually-hidden">, above the 2.85 V over-voltage line</span>');
  });

  it('leaves the same values plain on a session whose cells take them', () => {
    const html = render(series(56, 2.9), NMC_LIMITS);
    expect(levels(html, 'readout-temp-2')).toEqual(['warn']);
    expect(levels(html, 'readout-voltage-2')).toEqual(['ok']);
    // An NMC cell's 2.3 V is under its 2.4 V line: the calm cell is judged too.
    expect(levels(html, 'readout-voltage-1')).toEqual(['alarm']);
  });

  it('marks a rollup’s spike in its max though its mean is inside the limits', () => {
    const html = render(series(40, 3.7, 1000, 85), NMC_LIMITS);
    expect(levels(html, 'readout-temp-2')).toEqual(['ok', 'ok', 'critical']);
    expect(html).toContain('title="85.00: above the 80 °C maximum"');
  });
});
