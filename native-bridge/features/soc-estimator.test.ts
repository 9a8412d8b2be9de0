import { describe, expect, it } from 'vitest';
import { CHEMISTRY, cellSpecOf, chemistryFamily, DEFAULT_CELL } from './cell-chemistry.js';
import { FrameSocEstimators, socFromOcv, SocEstimator } from './soc-estimator.js';

describe('SOC estimation', () => {
  it('reads the OCV curve at its points and clamps outside it', () => {
    expect(socFromOcv(4.2)).toBe(100);
    expect(socFromOcv(3.0)).toBe(0);
    expect(socFromOcv(3.76)).toBeCloseTo(50, 5);
    expect(socFromOcv(3.73)).toBeCloseTo(45, 5);
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
    for (let s = 1; s <= 300; s++) soc = e.update(s * 1000, 3.76, 0)!;
    expect(soc).toBeCloseTo(50, 0);
  });

  it('reads the OCV curve and the capacity of the cell’s chemistry', () => {
    // 3.29 V: 60 % on the LFP plateau, 6 % of an NMC cell, above a full LTO cell.
    const at = (family: 'NMC' | 'LFP' | 'LTO' | 'NCA', v: number) =>
      new SocEstimator({ cell: { ...DEFAULT_CELL, family } }).update(0, v, 0);
    expect(at('LFP', 3.29)).toBeCloseTo(60, 5);
    expect(at('NMC', 3.29)).toBeCloseTo((0.29 / 0.48) * 10, 5);
    expect(at('LTO', 3.29)).toBe(100);
    expect(at('NCA', 3.62)).toBeCloseTo(40, 5);
    // A 50 Ah LFP cell loses 3 % in 30 min at 3 A; the default 3 Ah cell would lose 50 %.
    const lfp = new SocEstimator({ cell: cellSpecOf({ chemistry: 'LiFePO4 prismatic', capacityAh: 50 }) });
    lfp.update(0, 3.45, 0);
    let soc = 100;
    for (let s = 1; s <= 1800; s++) soc = lfp.update(s * 1000, 3.3, 3)!;
    expect(soc).toBeCloseTo(97, 1);
  });

  it('names the chemistry family of a session and fills the window from it', () => {
    expect(
      ['NMC 811', 'ncm523', 'LiFePO4', 'LFP', 'NCA', 'Li-titanate', 'LTO', '', 'zinc'].map(chemistryFamily),
    ).toEqual(['NMC', 'NMC', 'LFP', 'LFP', 'NCA', 'LTO', 'LTO', null, null]);
    expect(cellSpecOf({ chemistry: 'LFP', capacityAh: 50 })).toEqual({
      family: 'LFP',
      capacityAh: 50,
      vMaxV: 3.65,
      vMinV: 2.5,
    });
    expect(cellSpecOf({ chemistry: 'LTO', vMaxV: 2.7, capacityAh: -1 })).toEqual({
      family: 'LTO',
      capacityAh: DEFAULT_CELL.capacityAh,
      vMaxV: 2.7,
      vMinV: CHEMISTRY.LTO.vMinV,
    });
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

  it('estimates each device with its own cell', () => {
    const frames = new FrameSocEstimators((dev) =>
      dev === 'LFP-RIG' ? cellSpecOf({ chemistry: 'LFP' }) : DEFAULT_CELL,
    );
    expect(frames.update('LFP-RIG', 0, [3290], 0)).toEqual([expect.closeTo(60, 5)]);
    expect(frames.update('NMC-RIG', 0, [3760], 0)).toEqual([expect.closeTo(50, 5)]);
  });

  it('starts a device again on its new OCV curve when its session’s cell is edited, and only then', () => {
    let chemistry = 'NMC';
    const frames = new FrameSocEstimators(() => cellSpecOf({ chemistry, capacityAh: 3 }));
    // 3.29 V is 6 % SOC on NMC's curve and 60 % on LFP's; the estimate stays where it began until restarted.
    expect(frames.update('RIG', 0, [3290], 0)).toEqual([expect.closeTo(6, 0)]);
    expect(frames.recell('RIG')).toBe(false);
    chemistry = 'LFP';
    expect(frames.recell('OTHER')).toBe(false);
    expect(frames.recell('RIG')).toBe(true);
    expect(frames.update('RIG', 1000, [3290], 0)).toEqual([expect.closeTo(60, 5)]);
  });
});
