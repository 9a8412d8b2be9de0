import { describe, expect, it } from 'vitest';
import { SIM_SPEED_MAX, type SimScenarioInfo } from '../../../native-bridge/contract/device-methods.js';
import { checkSimForm, intField, SEED_MAX, SEED_MIN } from './sim-form.js';

const oven: SimScenarioInfo = {
  name: 'oven',
  title: 'Oven abuse',
  description: 'Heats the module until it vents.',
  defaultCellCount: 4,
  defaultChemistry: 'NMC',
  tempProbe: 'ntc',
  thermalEvent: 'expected',
  suggestedDurationS: 5400,
};

describe('intField', () => {
  it('reads a blank field as "not given" and anything but a whole number in range as bad', () => {
    expect(intField('', 1, 32)).toBeNull();
    expect(intField('   ', 1, 32)).toBeNull();
    expect(intField('7', 1, 32)).toBe(7);
    expect(intField(' 32 ', 1, 32)).toBe(32);
    expect(intField('1', 1, 32)).toBe(1);
    for (const bad of ['0', '33', '2.5', 'abc', '1e400', 'NaN', '-1']) expect(intField(bad, 1, 32)).toBe('bad');
  });
});

describe('checkSimForm', () => {
  it('builds the connectSim request, leaving out a blank seed and cell count', () => {
    expect(checkSimForm(oven, { speed: '60', seed: '', cells: '' }).request).toEqual({ scenario: 'oven', speed: 60 });
    expect(checkSimForm(oven, { speed: '0.5', seed: '42', cells: '8' }).request).toEqual({
      scenario: 'oven',
      speed: 0.5,
      seed: 42,
      cells: 8,
    });
  });

  it('keeps the contract’s seed range, both ends included', () => {
    expect(checkSimForm(oven, { speed: '1', seed: String(SEED_MIN), cells: '' }).request?.seed).toBe(SEED_MIN);
    expect(checkSimForm(oven, { speed: '1', seed: String(SEED_MAX), cells: '' }).request?.seed).toBe(SEED_MAX);
    const over = checkSimForm(oven, { speed: '1', seed: String(SEED_MAX + 1), cells: '' });
    expect(over).toMatchObject({ seedOk: false, speedOk: true, cellsOk: true, request: null });
  });

  it('names the wrong field and sends nothing', () => {
    for (const speed of ['', '0', '-1', 'fast', String(SIM_SPEED_MAX + 1)])
      expect(checkSimForm(oven, { speed, seed: '1', cells: '' })).toMatchObject({ speedOk: false, request: null });
    expect(checkSimForm(oven, { speed: String(SIM_SPEED_MAX), seed: '1', cells: '' }).speedOk).toBe(true);
    expect(checkSimForm(oven, { speed: '1', seed: '1', cells: '33' })).toMatchObject({
      cellsOk: false,
      seedOk: true,
      request: null,
    });
  });

  it('sends nothing while no scenario is chosen, even with good fields', () => {
    expect(checkSimForm(null, { speed: '1', seed: '1', cells: '' })).toEqual({
      speedOk: true,
      seedOk: true,
      cellsOk: true,
      request: null,
    });
  });
});
