import { describe, expect, it } from 'vitest';
import { assessReliability, type ReliabilityInput } from './reliability.js';

const ranges = [
  { name: 'temp_c', unit: '°C', min: 10, max: 110 },
  { name: 'current_a', unit: 'A', min: -5, max: 5 },
  { name: 'soc_pct', unit: '%', min: 0, max: 100 },
  { name: 'history_s', unit: 's', min: 0, max: 300 },
];
const ok: ReliabilityInput = {
  values: [25, 1, 50, 300],
  ranges,
  sensorFault: null,
  gapS: 1,
  dataAgeMs: 200,
  confidence: 0.9,
};

describe('reliability', () => {
  it('is high for fresh, sound, in-range data the model is sure about', () => {
    expect(assessReliability(ok)).toEqual({ reliability: 'high', reasons: [] });
  });

  it('is low with stale data, and says how old', () => {
    const r = assessReliability({ ...ok, dataAgeMs: 12_000 });
    expect(r.reliability).toBe('low');
    expect(r.reasons[0]).toMatch(/stale data: no reading from this cell for 12 s/);
  });

  it('is low with a sensor fault, naming it', () => {
    const r = assessReliability({ ...ok, sensorFault: 'temp-open' });
    expect(r).toEqual({ reliability: 'low', reasons: ['sensor fault: temp-open'] });
  });

  it('drops for gaps: medium for a few seconds, low for long ones', () => {
    expect(assessReliability({ ...ok, gapS: 8 }).reliability).toBe('medium');
    expect(assessReliability({ ...ok, gapS: 45 }).reliability).toBe('low');
  });

  it('names inputs slightly outside the training range (medium) and is not applicable far outside', () => {
    const slight = assessReliability({ ...ok, values: [115, 1, 50, 300] });
    expect(slight.reliability).toBe('medium');
    expect(slight.reasons[0]).toMatch(/outside the training range: temp_c 115 °C \(trained 10\.0…110\)/);
    const far = assessReliability({ ...ok, values: [25, 40, 50, 300] });
    expect(far.reliability).toBe('not-applicable');
    expect(far.reasons[0]).toContain('current_a 40.0 A');
  });

  it('is not applicable when many inputs are outside their range, even slightly', () => {
    const r = assessReliability({ ...ok, values: [111, 5.5, 101, 300] });
    expect(r.reliability).toBe('not-applicable');
    expect(r.reasons[0]).toMatch(/temp_c.*current_a.*soc_pct/);
  });

  it('treats NaN as missing, not out of range, but many missing inputs are low', () => {
    expect(assessReliability({ ...ok, values: [25, NaN, 50, 300] }).reliability).toBe('high');
    const r = assessReliability({ ...ok, values: [NaN, NaN, NaN, 300] });
    expect(r.reliability).toBe('low');
    expect(r.reasons).toContain('3 of 4 inputs unavailable (missing readings)');
  });

  it('is medium while the windows warm up and when the model is unsure', () => {
    expect(assessReliability({ ...ok, values: [25, 1, 50, 12] }).reasons).toEqual(['warming up: 12 s of history yet']);
    const unsure = assessReliability({ ...ok, confidence: 0.41 });
    expect(unsure).toEqual({ reliability: 'medium', reasons: ['model unsure: top class only 41 % likely'] });
  });

  it('keeps the worst level and every reason', () => {
    const r = assessReliability({ ...ok, values: [25, 40, 50, 300], sensorFault: 'temp-stuck', confidence: 0.3 });
    expect(r.reliability).toBe('not-applicable');
    expect(r.reasons).toHaveLength(3);
  });
});
