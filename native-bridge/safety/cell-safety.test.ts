import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CellSafety } from './cell-safety.js';
import { detectOnset } from './runaway-onset.js';
import { limitsForCell } from './safety-limits.js';

function feed(
  c: CellSafety,
  seconds: number,
  temp: (t: number) => number | null,
  volt: (t: number) => number | null = () => 3.7,
  hz = 1,
) {
  let last = c.update(0, temp(0), volt(0));
  for (let k = 1; k <= seconds * hz; k++) last = c.update((k / hz) * 1000, temp(k / hz), volt(k / hz));
  return last;
}

describe('cell safety rules', () => {
  it('stays quiet for a healthy cell', () => {
    expect(feed(new CellSafety('cell 1'), 600, (t) => 25 + 0.001 * t)).toEqual([]);
  });

  it('measures dT/dt over the last second, as the onset rule does', () => {
    const c = new CellSafety('cell 1');
    feed(c, 10, (t) => 30 + 0.5 * t, undefined, 10);
    expect(c.riseRate()).toBeCloseTo(0.5, 6);
  });

  it('fires the runaway rule once dT/dt ≥ 1 °C/s is held 3 s at or above the 60 °C operating limit', () => {
    const c = new CellSafety('cell 2');
    // 2 °C/s from 70 °C at 10 Hz: the 1 s rate qualifies from t = 1.0 (against t = 0), held at 3.0 s.
    let codes: string[] = [];
    let firstRunawayS: number | null = null;
    for (let k = 0; k <= 100; k++) {
      codes = c.update(k * 100, 70 + 0.2 * k, 3.6).map((f) => f.code);
      if (codes.includes('RUNAWAY') && firstRunawayS === null) firstRunawayS = k / 10;
    }
    expect(firstRunawayS).toBe(3);
    expect(codes).toEqual(['RUNAWAY', 'T_MAX']);
  });

  it('raises RUNAWAY on the reading where the shared onset detector fires, for any trace', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            dtMs: fc.oneof(fc.constantFrom(1000, 500, 100), fc.integer({ min: 50, max: 3000 })),
            // Rises near the 1 °C/s threshold around the 60 °C limit, where the rule's details decide.
            dT: fc.oneof(fc.double({ min: -0.5, max: 1.5, noNaN: true }), fc.constantFrom(0.5, 1, null)),
            v: fc.oneof(fc.constant(4.0), fc.double({ min: 0, max: 4.2, noNaN: true }), fc.constant(null)),
          }),
          { minLength: 1, maxLength: 400 },
        ),
        (steps) => {
          const c = new CellSafety('cell');
          const tS: number[] = [];
          const temps: (number | null)[] = [];
          const volts: (number | null)[] = [];
          let t = 0;
          let temp = 57;
          let firstFinding: number | null = null;
          for (const s of steps) {
            t += s.dtMs;
            if (s.dT !== null) temp += s.dT;
            const reading = s.dT === null ? null : temp;
            tS.push(t / 1000);
            temps.push(reading);
            volts.push(s.v);
            const codes = c.update(t, reading, s.v).map((f) => f.code);
            if (firstFinding === null && codes.includes('RUNAWAY')) firstFinding = t / 1000;
          }
          expect(firstFinding).toBe(detectOnset(tS, temps, volts)?.tS ?? null);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fires on a 25 % voltage collapse with a held rise below the maximum temperature', () => {
    const c = new CellSafety('cell 3');
    const f = feed(
      c,
      130,
      (s) => (s < 100 ? 30 : 30 + 1.5 * (s - 100)),
      (s) => (s < 120 ? 3.9 : 2.6),
    );
    expect(f.map((x) => x.code)).toContain('RUNAWAY');
  });

  it('does not call a fast rise without voltage drop or max temperature a runaway', () => {
    const c = new CellSafety('cell 4');
    expect(feed(c, 2, (s) => 25 + 1.5 * s)).toEqual([]);
    const f = feed(c, 15, (s) => 25 + 1.5 * s);
    expect(f.map((x) => x.code)).toEqual(['RISE']);
    expect(c.isRunaway()).toBe(false);
  });

  it('clears a temperature alarm only below the hysteresis margin', () => {
    const c = new CellSafety('cell 5');
    c.update(0, 61, 3.7);
    expect(c.update(100_000, 59, 3.7).map((f) => f.code)).toEqual(['T_ALARM']);
    expect(c.update(200_000, 57.5, 3.7).map((f) => f.code)).toEqual(['T_ALARM']);
    expect(c.update(205_000, 57.5, 3.7).map((f) => f.code)).toEqual(['T_WARN']);
  });

  it('holds T_ALARM on a hot, stable cell until it has stayed 2 °C under the limit for the 5 s clear hold', () => {
    // A cell hovering at its 60 °C limit, 1 Hz, hand-computed: raised at t = 0 (60.5 ≥ 60); the 57.9 dip at
    // t = 1 is under 58 but the reading is back over 58 at t = 2, so the clock restarts; under 58 from t = 7,
    // the hold ends at t = 12 (12 − 7 = 5 s), where T_WARN (≥ 50) is what is left. Before the hold, the dip at
    // t = 1 ended the alarm and the next reading over 60 °C raised a new one.
    const temps = [60.5, 57.9, 59, 59.5, 59, 59.8, 59, 57, 57, 57.5, 56, 57, 57, 57];
    const want = [...Array<string>(12).fill('T_ALARM'), 'T_WARN', 'T_WARN'];
    const c = new CellSafety('cell 5');
    expect(
      temps.map((t, k) =>
        c
          .update(k * 1000, t, 3.7)
          .map((f) => f.code)
          .join(),
      ),
    ).toEqual(want);
  });

  it('keeps T_ALARM standing under a T_MAX that clears, and drops every latch on a missing reading', () => {
    const c = new CellSafety('cell 5');
    expect(c.update(0, 85, 3.7).map((f) => f.code)).toEqual(['T_MAX']);
    for (let k = 1; k <= 5; k++) c.update(k * 1000, 70, 3.7);
    expect(c.update(6000, 70, 3.7).map((f) => f.code)).toEqual(['T_ALARM']);
    c.update(7000, null, 3.7);
    expect(c.update(8000, 59, 3.7).map((f) => f.code)).toEqual(['T_WARN']);
  });

  it('flags a missing temperature instead of reporting normal', () => {
    expect(new CellSafety('cell 6').update(0, null, 3.7)).toMatchObject([{ code: 'SENSOR', severity: 'warning' }]);
  });

  it('flags over-voltage held 2 s beyond V_max + 0.05 V and under-voltage held 4 s below V_min − 0.1 V', () => {
    const codesAt = (c: CellSafety, v: (s: number) => number, s: number) => feed(c, s, () => 25, v).map((f) => f.code);
    // NMC window 2.5–4.2 V: 4.26 V is over the 4.25 V line; at 1 Hz the hold is met on the third reading.
    expect(codesAt(new CellSafety('c'), () => 4.26, 1)).toEqual([]);
    expect(codesAt(new CellSafety('c'), () => 4.26, 2)).toEqual(['V_HIGH']);
    expect(codesAt(new CellSafety('c'), () => 2.39, 3)).toEqual([]);
    expect(codesAt(new CellSafety('c'), () => 2.39, 4)).toEqual(['V_LOW']);
    // On the cut-off itself (the cycler's job) or a 3 s sag under the line: nothing.
    expect(codesAt(new CellSafety('c'), () => 2.45, 600)).toEqual([]);
    expect(codesAt(new CellSafety('c'), (s) => (s % 10 < 3 ? 2.3 : 2.6), 600)).toEqual([]);
    expect(codesAt(new CellSafety('c'), () => 4.22, 600)).toEqual([]);
  });

  it('clears a voltage alarm only back inside the window, not at the raise line', () => {
    const c = new CellSafety('c');
    feed(
      c,
      10,
      () => 25,
      () => 2.3,
    );
    expect(c.update(11_000, 25, 2.45).map((f) => f.code)).toEqual(['V_LOW']);
    expect(c.update(12_000, 25, 2.5).map((f) => f.code)).toEqual([]);
  });

  it("judges a cell by its own chemistry's window: an LFP cell at 3.8 V is overcharged, an LTO cell at 1.9 V is not low", () => {
    const lfp = new CellSafety('lfp', limitsForCell({ vMinV: 2.5, vMaxV: 3.65, maxOperatingC: 60 }));
    expect(
      feed(
        lfp,
        5,
        () => 25,
        () => 3.8,
      ).map((f) => f.code),
    ).toEqual(['V_HIGH']);
    const lto = new CellSafety('lto', limitsForCell({ vMinV: 1.5, vMaxV: 2.8, maxOperatingC: 55 }));
    expect(
      feed(
        lto,
        600,
        () => 25,
        () => 1.9,
      ),
    ).toEqual([]);
    expect(
      feed(
        lto,
        5,
        () => 56,
        () => 2.4,
      ).map((f) => f.code),
    ).toEqual(['T_ALARM']);
    expect(
      feed(
        new CellSafety('nmc'),
        600,
        () => 25,
        () => 1.9,
      ).map((f) => f.code),
    ).toEqual(['V_LOW']);
  });
});

describe('RISE on a noisy probe', () => {
  /** Deterministic noise in [−a, a]: a fixed LCG, so a failure can be replayed. */
  const noise = (a: number) => {
    let x = 12345;
    return () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return (x / 2147483648 - 0.5) * 2 * a;
    };
  };

  it('fits the slope over 10 s: a clean 1.5 °C/s ramp at 1 Hz raises RISE at 8 s', () => {
    // The fit needs 5 s of span (t = 5), the lower bound clears 1 °C/s at once, held 3 s → t = 8.
    const c = new CellSafety('c');
    let first: number | null = null;
    for (let s = 0; s <= 20; s++)
      if (c.update(s * 1000, 25 + 1.5 * s, 3.7).some((f) => f.code === 'RISE') && first === null) first = s;
    expect(first).toBe(8);
    expect(c.fittedRiseRate()).toBeCloseTo(1.5, 9);
  });

  it('stays quiet on a flat probe with ±3 °C of noise that a 1 s difference reads as 1 °C/s for 3 s', () => {
    const n = noise(3);
    const c = new CellSafety('c');
    let diffHeld = 0;
    let rises = 0;
    let prev = 25;
    let run = 0;
    for (let s = 0; s < 3600; s++) {
      const temp = 25 + n();
      run = temp - prev >= 1 ? run + 1 : 0;
      if (run === 3) diffHeld++;
      prev = temp;
      if (c.update(s * 1000, temp, 3.7).some((f) => f.code === 'RISE')) rises++;
    }
    expect(diffHeld).toBeGreaterThan(3);
    expect(rises).toBe(0);
  });

  it('still raises RISE on a real 2 °C/s rise seen through that noise', () => {
    const n = noise(3);
    const c = new CellSafety('c');
    // 2 °C/s from 20 °C at t = 30 s: by t = 45 s the probe is still under the 50 °C warning line.
    let rose = false;
    for (let s = 0; s <= 45; s++)
      rose ||= c.update(s * 1000, 20 + (s > 30 ? 2 * (s - 30) : 0) + n(), 3.7).some((f) => f.code === 'RISE');
    expect(rose).toBe(true);
  });

  it('holds RISE while the rise slows above 0.5 °C/s, drops it below', () => {
    const c = new CellSafety('c');
    // 1.5 °C/s for 20 s, then 0.8 °C/s: the fit falls under 1 °C/s but stays over the clear rate.
    feed(c, 20, (s) => 1.5 * s);
    let t = 30;
    for (let s = 21; s <= 40; s++) expect(c.update(s * 1000, (t += 0.8), 3.7).map((f) => f.code)).toEqual(['RISE']);
    for (let s = 41; s <= 60; s++) c.update(s * 1000, t, 3.7);
    expect(c.update(61_000, t, 3.7)).toEqual([]);
  });
});
