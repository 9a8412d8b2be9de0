import { describe, expect, it } from 'vitest';
import { detectGbOnset, GbOnsetDetector } from './gb38031.js';

/** A 1 Hz trace from per-second temperature steps, starting at `t0C`, voltage constant unless given. */
function trace(t0C: number, steps: number[], voltage?: (number | null)[]) {
  const tS = [0];
  const tempC: (number | null)[] = [t0C];
  for (const d of steps) {
    tS.push(tS.length);
    tempC.push((tempC[tempC.length - 1] as number) + d);
  }
  return { tS, tempC, voltageV: voltage ?? tS.map(() => 4.0) };
}

const RULE = { maxTempC: 60 };

describe('GB 38031 onset rule', () => {
  it('fires at the end of a 3 s hold of dT/dt ≥ 1 °C/s above the maximum temperature', () => {
    // 100 °C, flat, then +1.0, +1.5, +2 °C per second.
    const t = trace(100, [0, 0, 1.0, 1.5, 2, 3]);
    const onset = detectGbOnset(t, RULE);
    expect(onset).not.toBeNull();
    expect(onset!.triggerS).toBe(2);
    expect(onset!.onsetS).toBe(5);
    expect(onset!.triggerTempC).toBe(100);
    expect(onset!.maxTemperature).toBe(true);
    expect(onset!.voltageDrop).toBe(false);
  });

  it('does not fire on a 2 s rise, nor on a rise interrupted by a slower second', () => {
    expect(detectGbOnset(trace(100, [2, 2, 0.5, 2, 2, 0.9, 2]), RULE)).toBeNull();
  });

  it('needs a voltage drop above 25 % when the temperature is below the maximum', () => {
    const steps = [1, 1, 1, 1];
    expect(detectGbOnset(trace(30, steps), RULE)).toBeNull();
    // 4.0 V → 2.9 V is a 27.5 % drop against the 60 s maximum.
    const dropped = trace(30, steps, [4.0, 4.0, 3.5, 3.2, 2.9]);
    const onset = detectGbOnset(dropped, RULE);
    expect(onset?.onsetS).toBe(4);
    expect(onset?.voltageDrop).toBe(true);
    expect(onset?.maxTemperature).toBe(false);
    // 4.0 V → 3.1 V is only 22.5 %.
    expect(detectGbOnset(trace(30, steps, [4.0, 4.0, 3.5, 3.2, 3.1]), RULE)).toBeNull();
  });

  it('measures the drop against the highest voltage of the last 60 s, not the first sample ever', () => {
    const n = 200;
    const tS = Array.from({ length: n }, (_, k) => k);
    // 4.2 V long ago, 3.4 V for the last 100 s, then a fast rise at 40 °C with 3.0 V (12 % below 3.4).
    const voltageV: number[] = tS.map((k) => (k < 100 ? 4.2 : 3.4));
    voltageV[n - 1] = 3.0;
    const tempC = tS.map((k) => (k < n - 4 ? 40 : 40 + 1.5 * (k - (n - 4))));
    expect(detectGbOnset({ tS, tempC, voltageV }, RULE)).toBeNull();
  });

  it('lets a missing sample break the hold', () => {
    const t = trace(100, [2, 2, 2, 2, 2]);
    t.tempC[3] = null;
    const d = new GbOnsetDetector(RULE);
    let fired = null;
    for (let k = 0; k < t.tS.length; k++) fired = d.push(t.tS[k]!, t.tempC[k]!, 4.0) ?? fired;
    expect(fired).toBeNull();
  });

  it('works on other sample periods: a 0.5 s trace needs 3 s of rise too', () => {
    const tS = Array.from({ length: 12 }, (_, k) => k * 0.5);
    const tempC = tS.map((t) => (t < 1 ? 100 : 100 + 1.2 * (t - 1)));
    const onset = detectGbOnset({ tS, tempC, voltageV: tS.map(() => 4) }, RULE);
    expect(onset?.triggerS).toBe(1);
    expect(onset?.onsetS).toBe(4);
  });

  it('reports only the first onset', () => {
    const d = new GbOnsetDetector(RULE);
    const t = trace(100, [2, 2, 2, 2, 2, 2, 2]);
    const fired = t.tS.map((s, k) => d.push(s, t.tempC[k]!, 4.0)).filter((x) => x !== null);
    expect(fired).toHaveLength(1);
  });
});
