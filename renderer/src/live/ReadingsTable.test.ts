/**
 * The readings table rendered (react-dom/server) with two devices of different chemistries: each row's
 * temperature and voltage are judged by its own device's limits, so the same 56 °C and 3.7 V are marked
 * on an LTO rig and plain on an NMC one, and a device without limits yet is not judged at all.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { cellReading, LTO_LIMITS, NMC_LIMITS } from './fixtures/cells.js';
import { ReadingsTable } from './ReadingsTable.js';

function levels(html: string, q: 'temp' | 'volt'): string[] {
  return [...html.matchAll(new RegExp(`data-testid="reading-${q}" data-level="(\\w+)"`, 'g'))].map((m) => m[1]!);
}

describe('readings table against each device’s limits', () => {
  it('marks a row by its own device’s limits, with the limit in words', () => {
    const html = renderToStaticMarkup(
      createElement(ReadingsTable, {
        readings: [cellReading('LTO-1', 1, 56, 3.7), cellReading('NMC-1', 1, 56, 3.7), cellReading('NEW', 1, 56, 3.7)],
        totalRecords: 3,
        limit: 100,
        limits: new Map([
          ['LTO-1', LTO_LIMITS],
          ['NMC-1', NMC_LIMITS],
        ]),
      }),
    );
    expect(levels(html, 'temp')).toEqual(['alarm', 'warn', 'ok']);
    expect(levels(html, 'volt')).toEqual(['alarm', 'ok', 'ok']);
    expect(html).toContain('title="56.00: above the 55 °C limit"');
    expect(html).toContain('title="3.700: above the 2.85 V over-voltage line"');
    expect(html).toContain('<span class="visually-hidden">, above the 50 °C warning line</span>');
  });
});
