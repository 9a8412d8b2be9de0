import { describe, expect, it } from 'vitest';
import { FrameSocEstimators, socFromOcv, SocEstimator } from './soc-estimator.js';

describe('SOC estimation', () => {
  it('reads the OCV curve at its points and clamps outside it', () => {
    expect(socFromOcv(4.2)).toBe(100);
    expect(socFromOcv(3.0)).toBe(0);
    expect(socFromOcv(3.74)).toBeCloseTo(50, 5);
    expect(socFromOcv(2.5)).toBe(0);
    expect(socFromOcv(4.35)).toBe(100);
  });

  it('coulomb-counts a 1 C discharge: 3 Ah cell, 3 A for 30 min removes 50 %', () => {
    const e = new SocEstimator({ capacityAh: 3 });
    e.update(0, 4.2, 0);
    let soc = 100;
    for (let s = 1; s <= 1800; s++) soc = e.update(s * 1000, 3.9, 3)!;
    expect(soc).toBeCloseTo(50, 1);
  });

  it('converges towards OCV while resting', () => {
    const e = new SocEstimator({ restGainPerS: 0.05 });
    e.update(0, 4.2, 0);
    let soc = 100;
    for (let s = 1; s <= 300; s++) soc = e.update(s * 1000, 3.74, 0)!;
    expect(soc).toBeCloseTo(50, 0);
  });

  it('gives no estimate before the first voltage', () => {
    expect(new SocEstimator().update(0, null, 1)).toBeNull();
  });
});

describe('SOC estimation per frame', () => {
  it('gives every cell of every device its own estimator, as one estimator per device#cell key did', () => {
    const frames = new FrameSocEstimators();
    const byKey = new Map<string, SocEstimator>();
    const keyed = (deviceId: string, t: number, mv: (number | null)[], ma: number | null) =>
      mv.map((v, c) => {
        const key = `${deviceId}#${c + 1}`;
        let e = byKey.get(key);
        if (!e) byKey.set(key, (e = new SocEstimator()));
        return e.update(t, v === null ? null : v / 1000, ma === null ? null : ma / 1000);
      });
    for (let s = 0; s < 600; s++) {
      const dev = s % 3 === 0 ? 'RIG2' : 'RIG1';
      const mv = [3600 + (s % 50), s % 7 === 0 ? null : 3900 - s, 4100];
      const ma = s % 11 === 0 ? null : s % 5 === 0 ? 0 : 2500;
      expect(frames.update(dev, s * 1000, mv, ma)).toEqual(keyed(dev, s * 1000, mv, ma));
    }
  });
});
