import { describe, expect, it } from 'vitest';
import { DeviceSpecError, formatDeviceSpec, parseDeviceSpec } from './device-spec.js';

describe('device specs', () => {
  it.each([
    ['sim', { kind: 'sim', scenario: null }],
    ['', { kind: 'sim', scenario: null }],
    ['sim:oven', { kind: 'sim', scenario: 'oven' }],
    ['sim:oven?speed=60&seed=7&cells=2', { kind: 'sim', scenario: 'oven', speed: 60, seed: 7, cells: 2 }],
    ['sim?speed=0.5', { kind: 'sim', scenario: null, speed: 0.5 }],
    ['serial:/dev/ttyUSB0', { kind: 'serial', path: '/dev/ttyUSB0', baud: 115200 }],
    ['serial:/dev/ttyUSB0@921600', { kind: 'serial', path: '/dev/ttyUSB0', baud: 921600 }],
    ['serial:COM3@9600', { kind: 'serial', path: 'COM3', baud: 9600 }],
    ['serial:auto', { kind: 'serial', path: 'auto', baud: 115200 }],
    ['replay:/tmp/run.csv', { kind: 'replay', file: '/tmp/run.csv' }],
  ])('parses %s', (text, spec) => {
    expect(parseDeviceSpec(text)).toEqual(spec);
  });

  it.each([
    'serial:',
    'serial:/dev/ttyUSB0@12345',
    'serial:/dev/x@fast',
    'sim:Oven!',
    'sim:',
    'sim:oven?speed=0',
    'sim:oven?speed=20000',
    'sim:oven?seed=1.5',
    'sim:oven?cells=33',
    'sim:oven?colour=red',
    'usb:/dev/x',
    'replay:',
  ])('rejects %s with advice', (text) => {
    expect(() => parseDeviceSpec(text)).toThrow(DeviceSpecError);
    expect(() => parseDeviceSpec(text)).toThrow(/Use sim, sim:<scenario>, serial:<path>\[@baud\]/);
  });

  it('names the valid scenarios when the scenario is unknown', () => {
    expect(() => parseDeviceSpec('sim:volcano')).toThrow(
      'unknown scenario "volcano" (scenarios: normal-cycling, high-ambient, cooling-failure, overcharge, oven, heater-pad, internal-short, propagation, sensor-faults)',
    );
  });

  it('formats back to a parseable spec', () => {
    for (const t of ['sim', 'sim:oven', 'sim:heater-pad?speed=60&seed=3', 'serial:/dev/ttyACM0@115200', 'replay:x.csv'])
      expect(formatDeviceSpec(parseDeviceSpec(t))).toBe(t);
  });
});
