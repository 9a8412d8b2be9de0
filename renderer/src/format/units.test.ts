import { describe, expect, it } from 'vitest';
import {
  MISSING,
  currentDirection,
  formatAge,
  formatClockTime,
  formatCount,
  formatFixed,
  formatSigned,
  formatWithUnit,
  voltageSpreadMv,
} from './units.js';

describe('formatFixed / formatWithUnit', () => {
  it('rounds to the given digits', () => {
    expect(formatFixed(23.456, 2)).toBe('23.46');
    expect(formatFixed(3.9, 3)).toBe('3.900');
  });
  it('shows missing values as a dash, never as zero', () => {
    for (const v of [null, undefined, Number.NaN, Infinity]) {
      expect(formatFixed(v, 1)).toBe(MISSING);
      expect(formatWithUnit(v, 1, '°C')).toBe(MISSING);
    }
  });
  it('never prints negative zero', () => {
    expect(formatFixed(-0.0001, 2)).toBe('0.00');
    expect(formatFixed(-0, 0)).toBe('0');
  });
  it('puts the unit after the number', () => {
    expect(formatWithUnit(45, 1, '%RH')).toBe('45.0 %RH');
  });
});

describe('formatSigned', () => {
  it('marks direction with + and a true minus sign', () => {
    expect(formatSigned(2.001, 2)).toBe('+2.00');
    expect(formatSigned(-1.25, 2)).toBe('−1.25');
    expect(formatSigned(0, 2)).toBe('0.00');
    expect(formatSigned(-0.001, 2)).toBe('0.00');
    expect(formatSigned(null, 2)).toBe(MISSING);
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(null)).toBe(MISSING);
  });
});

describe('formatClockTime', () => {
  it('prints local time with milliseconds', () => {
    const t = new Date(2024, 0, 2, 13, 5, 7, 89).getTime();
    expect(formatClockTime(t)).toBe('13:05:07.089');
    expect(formatClockTime(t, false)).toBe('13:05:07');
  });
  it('handles missing times', () => {
    expect(formatClockTime(null)).toBe(MISSING);
  });
});

describe('formatAge', () => {
  it('uses tenths of a second while fresh', () => {
    expect(formatAge(0)).toBe('0.0 s');
    expect(formatAge(420)).toBe('0.4 s');
    expect(formatAge(9_949)).toBe('9.9 s');
  });
  it('switches to whole seconds, minutes and hours', () => {
    expect(formatAge(12_300)).toBe('12 s');
    expect(formatAge(185_000)).toBe('3 min 05 s');
    expect(formatAge(7_620_000)).toBe('2 h 07 min');
  });
  it('clamps negative ages from clock skew to zero', () => {
    expect(formatAge(-500)).toBe('0.0 s');
  });
});

describe('currentDirection', () => {
  it('follows the protocol sign convention (positive = discharge)', () => {
    expect(currentDirection(2)).toBe('discharging');
    expect(currentDirection(-1.5)).toBe('charging');
  });
  it('treats tiny currents as rest and missing as unknown', () => {
    expect(currentDirection(0.01)).toBe('rest');
    expect(currentDirection(-0.049)).toBe('rest');
    expect(currentDirection(null)).toBe('unknown');
  });
});

describe('voltageSpreadMv', () => {
  it('is max minus min in mV', () => {
    expect(voltageSpreadMv(3.895, 3.963)).toBe(68);
    expect(voltageSpreadMv(null, 3.9)).toBeNull();
  });
});
