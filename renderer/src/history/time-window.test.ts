import { describe, expect, it } from 'vitest';
import { centreOn, clampWindow, panBy, presetWindow, zoomAround } from './time-window.js';

const span = { fromMs: 1_000_000, toMs: 1_000_000 + 3_600_000 };

describe('history window', () => {
  it('zooms around the pointer, keeping the time under it in place', () => {
    const w = { fromMs: span.fromMs, toMs: span.toMs };
    const at = span.fromMs + 900_000;
    const z = zoomAround(w, at, 0.5, span);
    expect(z.toMs - z.fromMs).toBe(1_800_000);
    expect((at - z.fromMs) / (z.toMs - z.fromMs)).toBeCloseTo(0.25);
    // Zooming out beyond the session stops at the session.
    expect(zoomAround(z, at, 10, span)).toEqual(span);
    // Zooming in stops at two seconds.
    let tiny = z;
    for (let i = 0; i < 40; i++) tiny = zoomAround(tiny, at, 0.5, span);
    expect(tiny.toMs - tiny.fromMs).toBe(2000);
  });

  it('pans within the session and centres on a time', () => {
    const w = { fromMs: span.fromMs + 600_000, toMs: span.fromMs + 1_200_000 };
    expect(panBy(w, 0.5, span)).toEqual({ fromMs: span.fromMs + 900_000, toMs: span.fromMs + 1_500_000 });
    expect(panBy(w, -10, span)).toEqual({ fromMs: span.fromMs, toMs: span.fromMs + 600_000 });
    expect(centreOn(w, span.toMs, span)).toEqual({ fromMs: span.toMs - 600_000, toMs: span.toMs });
    expect(presetWindow(60_000, span)).toEqual({ fromMs: span.toMs - 60_000, toMs: span.toMs });
    expect(presetWindow(null, span)).toEqual(span);
    expect(clampWindow({ fromMs: 0, toMs: 1e15 }, span)).toEqual(span);
  });
});
