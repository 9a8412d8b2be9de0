import { describe, expect, it } from 'vitest';
import { HOUR_ENTRIES, HOUR_MS, PredictionHistoryBook } from './prediction-history.js';

const probs = (cls: number) => [0, 1, 2, 3, 4].map((j) => (j === cls ? 0.8 : 0.05));

describe('prediction history', () => {
  it('keeps each cell’s newest hour, oldest first, with probabilities and temperature', () => {
    const book = new PredictionHistoryBook();
    for (let s = 0; s < HOUR_ENTRIES + 600; s++) book.add('A', 1, s * 1000, s % 5, probs(s % 5), 25 + s / 1000, true);
    book.add('A', 2, 0, 4, probs(4), null, false);
    const h = book.history('A', 1, undefined, 3600);
    expect(h.newestMs).toBe((HOUR_ENTRIES + 599) * 1000);
    expect(h.points).toHaveLength(3600);
    expect(h.points[0]!.tMs).toBe(h.newestMs! - HOUR_MS + 1000);
    expect(h.points.at(-1)).toEqual({
      tMs: h.newestMs,
      classIndex: 4199 % 5,
      probabilities: probs(4199 % 5).map((p) => expect.closeTo(p, 4)),
      tempC: expect.closeTo(25 + 4.199, 2),
    });
    // Past the model's range: the class shown, no probabilities; a missing temperature stays missing.
    expect(book.history('A', 2, undefined, 10).points).toEqual([
      { tMs: 0, classIndex: 4, probabilities: null, tempC: null },
    ]);
    expect(book.history('A', 3, undefined, 10)).toEqual({ newestMs: null, points: [] });
  });

  it('thins to maxPoints keeping each bucket’s highest class, and reads from sinceMs', () => {
    const book = new PredictionHistoryBook();
    for (let s = 0; s < 1000; s++) book.add('A', 1, s * 1000, s === 517 ? 4 : 0, probs(0), 25, true);
    const thin = book.history('A', 1, undefined, 10);
    expect(thin.points).toHaveLength(10);
    expect(thin.points.filter((p) => p.classIndex === 4).map((p) => p.tMs)).toEqual([517_000]);
    expect(book.history('A', 1, 990_000, 100).points.map((p) => p.tMs / 1000)).toEqual([
      990, 991, 992, 993, 994, 995, 996, 997, 998, 999,
    ]);
  });

  it('starts a cell afresh when its device clock steps back, and forgets a device', () => {
    const book = new PredictionHistoryBook();
    for (let s = 0; s < 10; s++) book.add('A', 1, 100_000 + s * 1000, 1, probs(1), 30, true);
    book.add('A', 1, 2000, 0, probs(0), 25, true);
    expect(book.history('A', 1, undefined, 100).points.map((p) => p.tMs)).toEqual([2000]);
    book.forget('A');
    expect(book.history('A', 1, undefined, 100).points).toEqual([]);
  });
});
