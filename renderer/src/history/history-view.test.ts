import { describe, expect, it } from 'vitest';
import { MIN_WINDOW_MS } from './time-window.js';
import {
  applyChange,
  currentView,
  defaultView,
  pickPoint,
  shownCells,
  toggleCell,
  type HistoryView,
} from './history-view.js';

const span = { fromMs: 1_000_000, toMs: 1_000_000 + 3_600_000 };
const lastTenMin = { fromMs: span.toMs - 600_000, toMs: span.toMs };

describe('the view of a session', () => {
  it('starts on the whole session, every cell, following', () => {
    expect(currentView(null, 7, span)).toEqual({
      sessionId: 7,
      window: span,
      follow: true,
      cells: null,
      pointA: null,
      pointB: null,
    });
    // Another session's choices are not carried over.
    const other: HistoryView = { ...defaultView(3, span), cells: [2], pointA: span.fromMs, follow: false };
    expect(currentView(other, 7, span)).toEqual(defaultView(7, span));
  });

  it('while following, keeps the window’s width and moves its end to the newest data', () => {
    const stored = applyChange(defaultView(7, span), { window: lastTenMin }, span);
    expect(stored.follow).toBe(true);
    const grown = { ...span, toMs: span.toMs + 60_000 };
    expect(currentView(stored, 7, grown).window).toEqual({ fromMs: grown.toMs - 600_000, toMs: grown.toMs });
  });

  it('stops following when the window is moved back in time, and follows again at the end', () => {
    const back = applyChange(
      defaultView(7, span),
      { window: { fromMs: span.fromMs, toMs: span.fromMs + 600_000 } },
      span,
    );
    expect(back.follow).toBe(false);
    const grown = { ...span, toMs: span.toMs + 60_000 };
    expect(currentView(back, 7, grown)).toBe(back);
    expect(applyChange(back, { window: lastTenMin }, span).follow).toBe(true);
  });

  it('clamps a new window to the session, never narrower than the minimum', () => {
    const v = applyChange(defaultView(7, span), { window: { fromMs: span.toMs - 10, toMs: span.toMs + 500 } }, span);
    expect(v.window).toEqual({ fromMs: span.toMs - MIN_WINDOW_MS, toMs: span.toMs });
    // A change without a window leaves the window and the following alone.
    const moved = applyChange(
      defaultView(7, span),
      { window: { fromMs: span.fromMs, toMs: span.fromMs + 60_000 } },
      span,
    );
    expect(applyChange(moved, { cells: [1, 3] }, span)).toEqual({ ...moved, cells: [1, 3] });
  });

  it('sets A, then B, then starts again at A', () => {
    const v0 = defaultView(7, span);
    const v1 = { ...v0, ...pickPoint(v0, 10) };
    expect([v1.pointA, v1.pointB]).toEqual([10, null]);
    const v2 = { ...v1, ...pickPoint(v1, 20) };
    expect([v2.pointA, v2.pointB]).toEqual([10, 20]);
    const v3 = { ...v2, ...pickPoint(v2, 30) };
    expect([v3.pointA, v3.pointB]).toEqual([30, null]);
  });
});

describe('cell toggles', () => {
  it('shows every cell until some are chosen', () => {
    expect(shownCells(null, 4)).toEqual([1, 2, 3, 4]);
    expect(shownCells([2, 4], 4)).toEqual([2, 4]);
    expect(shownCells(null, 0)).toEqual([]);
  });

  it('hides and shows one cell, keeping the order', () => {
    expect(toggleCell(null, 2, 4)).toEqual([1, 3, 4]);
    expect(toggleCell([1, 4], 3, 4)).toEqual([1, 3, 4]);
    expect(toggleCell([3], 1, 4)).toEqual([1, 3]);
  });

  it('goes back to "every cell" when all or none would be left', () => {
    expect(toggleCell([1, 2, 4], 3, 4)).toBeNull();
    // Hiding the last one shown would leave an empty chart: every cell comes back instead.
    expect(toggleCell([2], 2, 4)).toBeNull();
  });
});
