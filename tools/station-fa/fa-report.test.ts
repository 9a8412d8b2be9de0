import { describe, expect, it } from 'vitest';
import { withCardFigure } from './fa-report.js';

const figure = { cellHours: 2, runs: 1 };

/** A card as evaluate.py writes it: indented by two, every entry on its own lines. */
function card(served: unknown): string {
  const metrics = { servedStation: served, test: { macroF1: 0.5, nested: { a: [1, 2] } } };
  return JSON.stringify({ version: 'v', metrics }, null, 2) + '\n';
}

describe('withCardFigure', () => {
  it('replaces an entry evaluate.py spread over lines, leaving the rest of the card as it was', () => {
    const text = card({ cellHours: 1, ci95: [1, 2], nested: { x: 1 } });
    const out = withCardFigure(text, figure);
    expect(JSON.parse(out).metrics).toEqual({ servedStation: figure, test: { macroF1: 0.5, nested: { a: [1, 2] } } });
    expect(out.split('\n').filter((l) => l.includes('servedStation'))).toHaveLength(1);
    expect(out.slice(out.indexOf('"test"'))).toBe(text.slice(text.indexOf('"test"')));
  });

  it('replaces a one-line entry, and is stable when run twice', () => {
    const once = withCardFigure(card({ cellHours: 1 }), figure);
    expect(withCardFigure(once, figure)).toBe(once);
  });

  it('adds the entry first in metrics when the card has none, and refuses a card without metrics', () => {
    const text = JSON.stringify({ metrics: { test: { a: 1 } } }, null, 2) + '\n';
    expect(Object.keys(JSON.parse(withCardFigure(text, figure)).metrics)).toEqual(['servedStation', 'test']);
    expect(() => withCardFigure('{\n  "x": 1\n}\n', figure)).toThrow(/no "metrics"/);
  });
});
