import { describe, expect, it } from 'vitest';
import { STATUS_BITS } from '../protocol/index.js';
import type { RigSample } from './rig-model.js';
import { GbOnsetDetector } from './gb38031.js';
import { CHEMISTRY_NAMES, createRigModel, SCENARIOS, SCENARIO_NAMES } from './index.js';

function samples(scenario: string, seed: number, seconds: number, opts: Record<string, unknown> = {}): RigSample[] {
  const m = createRigModel(scenario, { seed, recordHistory: false, ...opts });
  const out: RigSample[] = [];
  for (let t = 0; t < seconds; t++) {
    m.step(1);
    out.push(m.sample());
  }
  return out;
}

describe('createRigModel', () => {
  it('lists every scenario of issue 5 with a description for the UI', () => {
    expect([...SCENARIO_NAMES].sort()).toEqual(
      [
        'normal-cycling',
        'high-ambient',
        'cooling-failure',
        'overcharge',
        'oven',
        'heater-pad',
        'internal-short',
        'propagation',
        'sensor-faults',
      ].sort(),
    );
    for (const s of SCENARIOS) {
      expect(s.description.length).toBeGreaterThan(40);
      expect(Object.keys(s.params).length).toBeGreaterThan(2);
    }
  });

  it('rejects an unknown scenario with the list of valid ones', () => {
    expect(() => createRigModel('volcano', { seed: 1 })).toThrow(
      /Unknown simulator scenario "volcano".*normal-cycling.*sensor-faults/,
    );
    expect(() => createRigModel('oven', { seed: 1, chemistry: 'unobtainium' })).toThrow(/lfp-prismatic/);
    expect(() => createRigModel('oven', { seed: 1, params: { ovenTemp: 150 } })).toThrow(/ovenC/);
    expect(() => createRigModel('oven', { seed: 1, cellCount: 33 })).toThrow(/1–32/);
  });

  it('runs every scenario with every chemistry and keeps the sample shape', () => {
    for (const scenario of SCENARIO_NAMES) {
      for (const chemistry of CHEMISTRY_NAMES) {
        const m = createRigModel(scenario, { seed: 5, chemistry, cellCount: 3, recordHistory: false });
        for (let t = 0; t < 120; t++) m.step(1);
        const s = m.sample();
        expect(s.cellVoltageV).toHaveLength(3);
        expect(s.cellTempC).toHaveLength(3);
        expect(s.socPct).toBeNull();
        for (const v of s.cellVoltageV) if (v !== null) expect(v).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('is deterministic: the same seed gives identical samples, another seed different ones', () => {
    const a = samples('sensor-faults', 7, 1500);
    const b = samples('sensor-faults', 7, 1500);
    const c = samples('sensor-faults', 8, 1500);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('gives the same physics whatever step size the caller uses', () => {
    const coarse = createRigModel('heater-pad', { seed: 3 });
    const fine = createRigModel('heater-pad', { seed: 3 });
    for (let t = 0; t < 1800; t++) coarse.step(1);
    for (let t = 0; t < 18000; t++) fine.step(0.1);
    const idx = coarse.labels().cells.findIndex((c) => c.onset !== null);
    const onsetCoarse = coarse.labels().cells[idx]!.onset!.onsetS;
    const onsetFine = fine.labels().cells[idx]!.onset!.onsetS;
    expect(Math.abs(onsetCoarse - onsetFine)).toBeLessThanOrEqual(3);
    const a = coarse.truth().history.cells[idx]!.surfaceC;
    const b = fine.truth().history.cells[idx]!.surfaceC;
    expect(b).toHaveLength(a.length);
    // Backward Euler at 1 s against 0.1 s: within a few tenths of a kelvin until the runaway itself.
    for (let k = 0; k < onsetCoarse - 30; k++) expect(Math.abs(a[k]! - b[k]!)).toBeLessThan(0.3);
  });

  it('keeps normal cycling inside the datasheet window', () => {
    const m = createRigModel('normal-cycling', { seed: 11 });
    for (let t = 0; t < 4 * 3600; t++) m.step(1);
    const h = m.truth().history;
    for (const c of h.cells) {
      expect(Math.max(...c.voltageV)).toBeLessThanOrEqual(4.21);
      expect(Math.min(...c.voltageV)).toBeGreaterThanOrEqual(2.45);
      expect(Math.max(...c.surfaceC)).toBeLessThan(45);
      expect(Math.min(...c.soc)).toBeGreaterThan(-0.02);
      expect(Math.max(...c.soc)).toBeLessThan(1.02);
    }
    expect(Math.max(...h.packCurrentA)).toBeGreaterThan(1);
    expect(Math.min(...h.packCurrentA)).toBeLessThan(-0.5);
    expect(m.labels().cells.every((c) => c.onset === null)).toBe(true);
  });

  it('opens the string when the station opens the relay', () => {
    const m = createRigModel('normal-cycling', { seed: 2, params: { soc0: 0.5 } });
    for (let t = 0; t < 60; t++) m.step(1);
    expect(Math.abs(m.truth().packCurrentA)).toBeGreaterThan(0.5);
    m.setRelayOpen(true);
    m.step(1);
    expect(m.truth().packCurrentA).toBe(0);
  });
});

describe('labels', () => {
  it('records one label per simulated second and back-fills the time to onset', () => {
    const m = createRigModel('heater-pad', { seed: 2 });
    for (let t = 0; t < 1800; t++) m.step(1);
    const l = m.labels();
    expect(l.tS).toHaveLength(1800);
    expect(l.horizonS).toBe(1800);
    const idx = l.cells.findIndex((c) => c.thermalRunaway);
    expect(idx).toBeGreaterThanOrEqual(0);
    const cell = l.cells[idx]!;
    const onsetS = cell.onset!.onsetS;
    for (let k = 0; k < l.tS.length; k++) {
      expect(cell.timeToOnsetS[k]).toBe(onsetS - l.tS[k]!);
      expect(cell.runaway[k]).toBe(l.tS[k]! >= onsetS);
    }
    // The GB rule fires on the cell's own truth: replaying the truth log gives the same onset.
    const h = m.truth().history.cells[idx]!;
    const d = new GbOnsetDetector({ maxTempC: 60 });
    let replay = null;
    for (let k = 0; k < l.tS.length && !replay; k++) replay = d.push(l.tS[k]!, h.surfaceC[k]!, h.voltageV[k]!);
    expect(replay).toEqual(cell.onset);
  });

  it('leaves the time to onset null for a cell that never runs away', () => {
    const m = createRigModel('normal-cycling', { seed: 4 });
    for (let t = 0; t < 600; t++) m.step(1);
    const l = m.labels();
    expect(l.cells[0]!.timeToOnsetS.every((x) => x === null)).toBe(true);
    expect(l.cells[0]!.runaway.every((x) => !x)).toBe(true);
  });

  it('sensor-faults: faults on the wire, no onset in the truth and none from the GB rule on the readings', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const m = createRigModel('sensor-faults', { seed, recordHistory: false });
      const detectors = Array.from({ length: m.cellCount }, () => new GbOnsetDetector({ maxTempC: 60 }));
      let nulls = 0;
      let faultBits = 0;
      let lost = 0;
      for (let t = 1; t <= 4 * 3600; t++) {
        m.step(1);
        const s = m.sample();
        if (s.dropFrame) {
          lost++;
          continue;
        }
        if (s.status & STATUS_BITS.SENSOR_FAULT) faultBits++;
        s.cellTempC.forEach((temp, i) => {
          if (temp === null) nulls++;
          detectors[i]!.push(t, temp, s.cellVoltageV[i] ?? null);
        });
      }
      expect(m.labels().cells.every((c) => c.onset === null && !c.thermalRunaway)).toBe(true);
      expect(detectors.every((d) => d.onset === null)).toBe(true);
      expect(nulls + lost + faultBits, `seed ${seed}: no visible fault`).toBeGreaterThan(0);
      if (nulls > 0) expect(faultBits).toBeGreaterThan(0);
    }
  });
});
