/**
 * The onset definition against traces worked out by hand (every expected time below is derived in the
 * comment beside it from the rule in runaway-onset.ts).
 */
import { describe, expect, it } from 'vitest';
import { detectOnset, ONSET_RULE, OnsetDetector } from './runaway-onset.js';

/** A 1 Hz trace t = 0 … n−1 from functions of t. */
function trace(n: number, temp: (t: number) => number | null, volt: (t: number) => number | null = () => 3.7) {
  const tS = Array.from({ length: n }, (_, t) => t);
  return { tS, tempC: tS.map(temp), voltageV: tS.map(volt) };
}

describe('runaway onset (GB 38031 annex C on the sensor readings)', () => {
  it('fires on (b) + (c): 2 °C/s from 50 °C at t = 10 holds (c) at t = 13 (56 °C) and reaches 60 °C at t = 15', () => {
    const { tS, tempC, voltageV } = trace(40, (t) => (t <= 10 ? 50 : 50 + 2 * (t - 10)));
    expect(detectOnset(tS, tempC, voltageV)).toEqual({
      tS: 15,
      triggerS: 10,
      tempC: 60,
      criterion: 'max-temperature',
    });
  });

  it('needs three whole seconds of rise: fires at the end of the third 1 °C/s second, not the second', () => {
    // 70 °C (already above 60) and rising exactly 1 °C/s from t = 5: rates at t = 6, 7, 8 → fires at t = 8.
    const { tS, tempC, voltageV } = trace(20, (t) => (t <= 5 ? 70 : 70 + (t - 5)));
    expect(detectOnset(tS, tempC, voltageV)).toMatchObject({ tS: 8, triggerS: 5 });
    // 0.99 °C/s never qualifies.
    const slow = trace(60, (t) => 70 + 0.99 * t);
    expect(detectOnset(slow.tS, slow.tempC, slow.voltageV)).toBeNull();
  });

  it('restarts the hold when one second rises less', () => {
    // Hot cell, +1.5 °C/s except t = 12 (+0.5): holds restart at t = 12, then t = 13, 14, 15 → fires at 15.
    const temps: number[] = [];
    for (let t = 0; t < 30; t++) temps.push(t === 0 ? 80 : temps[t - 1]! + (t === 12 ? 0.5 : 1.5));
    const { tS, voltageV } = trace(30, () => 0);
    expect(detectOnset(tS, temps, voltageV)).toMatchObject({ tS: 3 });
    const late = temps.map((v, t) => (t < 10 ? 80 : v));
    // Flat to t = 9, then rises at t = 10, 11 (1.5), t = 12 (0.5) breaks it; t = 13, 14, 15 → fires at 15.
    expect(detectOnset(tS, late, voltageV)).toMatchObject({ tS: 15, triggerS: 12 });
  });

  it('fires on (a) + (c): a 27.5 % voltage drop below 60 °C with a held rise', () => {
    // 35 °C rising 1.2 °C/s from t = 197 (rates at 198, 199, 200 → held at 200), 4.0 V → 2.9 V at t = 200.
    const heat = (t: number) => (t <= 197 ? 35 : 35 + 1.2 * (t - 197));
    const drop = trace(230, heat, (t) => (t < 200 ? 4.0 : 2.9));
    expect(detectOnset(drop.tS, drop.tempC, drop.voltageV)).toEqual({
      tS: 200,
      triggerS: 197,
      tempC: 35 + 1.2 * 3,
      criterion: 'voltage-drop',
    });
    // 4.0 → 3.1 V is a 22.5 % drop: not enough; the rise then fires on (b) once 60 °C is reached (t = 218).
    const small = trace(230, heat, (t) => (t < 200 ? 4.0 : 3.1));
    expect(detectOnset(small.tS, small.tempC, small.voltageV)).toMatchObject({ tS: 218, criterion: 'max-temperature' });
  });

  it('takes the reference voltage from the last 120 s only', () => {
    // 4.0 V until t = 50, 3.5 V after; at t = 300 the window holds 3.5 V only, and 2.9 V is a 17 % drop.
    const heat = (t: number) => (t <= 297 ? 35 : Math.min(59, 35 + 1.2 * (t - 297)));
    const v = trace(320, heat, (t) => (t <= 50 ? 4.0 : t < 300 ? 3.5 : 2.9));
    expect(detectOnset(v.tS, v.tempC, v.voltageV)).toBeNull();
    // The same drop within 120 s of the 4.0 V reading fires (t = 150: 4.0 V last seen at t = 50).
    const heat2 = (t: number) => (t <= 147 ? 35 : Math.min(59, 35 + 1.2 * (t - 147)));
    const w = trace(200, heat2, (t) => (t <= 50 ? 4.0 : t < 150 ? 3.5 : 2.9));
    expect(detectOnset(w.tS, w.tempC, w.voltageV)).toMatchObject({ tS: 150, criterion: 'voltage-drop' });
    // A cell whose CID opened reads 0 V: a 100 % drop.
    const cid = trace(
      40,
      (t) => (t <= 20 ? 30 : 30 + 3 * (t - 20)),
      (t) => (t < 22 ? 4.1 : 0),
    );
    expect(detectOnset(cid.tS, cid.tempC, cid.voltageV)).toMatchObject({ tS: 23, criterion: 'voltage-drop' });
  });

  it('breaks the hold on a missing reading and on lost frames', () => {
    const heat = (t: number) => 70 + 2 * t;
    // null at t = 2: rates resume at t = 4 (reference t = 3), held from 3 → fires at t = 6.
    const gap = trace(20, (t) => (t === 2 ? null : heat(t)));
    expect(detectOnset(gap.tS, gap.tempC, gap.voltageV)).toMatchObject({ tS: 6, triggerS: 3 });
    // Frames 2–4 lost: at t = 5 the newest reference is t = 1, 4 s old (> 2.5 s): no rate; t = 6, 7, 8 → 8.
    const lost = { tS: [0, 1, 5, 6, 7, 8, 9], tempC: [0, 1, 5, 6, 7, 8, 9].map(heat), voltageV: Array(7).fill(3.7) };
    expect(detectOnset(lost.tS, lost.tempC, lost.voltageV)).toMatchObject({ tS: 8, triggerS: 5 });
  });

  it('gives a 10 Hz rig the onset of a 1 Hz logger for the same heating', () => {
    // 2 °C/s from 50 °C at t = 10. At 10 Hz the 1 s difference first reaches 1 °C/s at t = 10.5 (against
    // 9.5), so the rise is held from 9.5 (1 Hz: from 10) and (b) fires at 60 °C, t = 15.0, as at 1 Hz.
    const d = new OnsetDetector();
    let fired = null;
    for (let k = 0; k <= 400 && !fired; k++) {
      const t = k / 10;
      fired = d.push(t, t <= 10 ? 50 : 50 + 2 * (t - 10), 3.7);
    }
    expect(fired!.tS).toBeCloseTo(15, 6);
    expect(fired!.triggerS).toBeCloseTo(9.5, 6);
    expect(d.rate).toBeCloseTo(2, 6);
  });

  it('stays fired once fired, and starts the hold afresh after the clock steps back', () => {
    const d = new OnsetDetector();
    for (let t = 0; t <= 5; t++) d.push(t, 70 + 2 * t, 3.7);
    expect(d.onset).toMatchObject({ tS: 3 });
    d.push(6, 25, 3.7);
    expect(d.onset).toMatchObject({ tS: 3 });
    const r = new OnsetDetector();
    r.push(100, 70, 3.7);
    r.push(101, 72, 3.7);
    r.push(102, 74, 3.7);
    // A reboot: device time back to 0; t = 1, 2 are not enough on their own (held from 0 → fires at 3).
    r.push(0, 76, 3.7);
    r.push(1, 78, 3.7);
    r.push(2, 80, 3.7);
    expect(r.onset).toBeNull();
    expect(r.push(3, 82, 3.7)).toMatchObject({ tS: 3, triggerS: 0 });
  });

  it('takes (b) from the cell: a 55 °C cell limit fires at t = 13 (56 °C) instead of 15', () => {
    const { tS, tempC, voltageV } = trace(40, (t) => (t <= 10 ? 50 : 50 + 2 * (t - 10)));
    expect(detectOnset(tS, tempC, voltageV, { ...ONSET_RULE, maxOperatingC: 55 })).toMatchObject({ tS: 13 });
  });
});
