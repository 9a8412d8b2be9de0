/**
 * The temperature and voltage cards rendered (react-dom/server) with fixed limits: an average that
 * looks calm beside a cell past its limit takes that cell's level and names it; cells inside their
 * limits leave the cards as they were.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { CellReading, Stats } from '../../../native-bridge/contract/index.js';
import { cellReading, NMC_LIMITS } from './fixtures/cells.js';
import { StatCards } from './StatCards.js';

const stats: Stats = {
  totalRecords: 10,
  avgTempC: 25,
  avgHumidityPct: 40,
  minCellV: 2.3,
  maxCellV: 3.7,
  packCurrentA: 1,
  lastReadingMs: 0,
};
const reading = (cell: number, tempC: number, voltageV: number) => cellReading('RIG', cell, tempC, voltageV);

function cards(latest: CellReading[]) {
  const html = renderToStaticMarkup(
    createElement(StatCards, { stats, storeOk: true, latest, limits: new Map([['RIG', NMC_LIMITS]]) }),
  );
  const card = (id: string) => new RegExp(`<section[^>]*data-testid="${id}"[^>]*>[\\s\\S]*?</section>`).exec(html)![0];
  const text = (id: string) => card(id).replace(/<[^>]+>/g, '');
  const level = (id: string) => /data-level="(\w+)"/.exec(card(id))![1];
  return { card, text, level };
}

describe('stat cards against the cells’ limits', () => {
  it('take the worst cell’s level and name it, with the limit in words', () => {
    const c = cards([reading(1, 22, 3.7), reading(2, 85.2, 3.7), reading(3, 24, 2.3)]);
    expect(c.level('stat-avg-temp')).toBe('critical');
    expect(c.card('stat-avg-temp')).toContain('stat-card--error');
    expect(c.text('stat-avg-temp')).toMatch(/Cell 2: ▲85\.2 °C above the 80 °C maximum$/);
    expect(c.level('stat-cell-voltage')).toBe('alarm');
    expect(c.text('stat-cell-voltage')).toContain('Cell 3: ▼2.300 V');
  });

  it('stay as they were while every cell is inside its limits', () => {
    const c = cards([reading(1, 22, 3.7), reading(2, 49.9, 2.5)]);
    expect(c.level('stat-avg-temp')).toBe('ok');
    expect(c.card('stat-avg-temp')).toContain('stat-card--normal');
    expect(c.text('stat-avg-temp')).toContain("Mean of each cell's latest reading".replace("'", '&#x27;'));
    expect(c.level('stat-cell-voltage')).toBe('ok');
    expect(c.text('stat-cell-voltage')).toContain('Spread');
  });
});
