import { describe, expect, it } from 'vitest';
import { DeviceSpecError, formatDeviceSpec, parseDeviceSpec } from './device-spec.js';

describe('device specs', () => {
  it.each([
    ['sim', { kind: 'sim', scenario: null }],
    ['', { kind: 'sim', scenario: null }],
    ['sim:oven', { kind: 'sim', scenario: 'oven' }],
    ['serial:/dev/ttyUSB0', { kind: 'serial', path: '/dev/ttyUSB0', baud: 115200 }],
    ['serial:/dev/ttyUSB0@921600', { kind: 'serial', path: '/dev/ttyUSB0', baud: 921600 }],
    ['serial:COM3@9600', { kind: 'serial', path: 'COM3', baud: 9600 }],
    ['serial:auto', { kind: 'serial', path: 'auto', baud: 115200 }],
    ['replay:/tmp/run.csv', { kind: 'replay', file: '/tmp/run.csv' }],
  ])('parses %s', (text, spec) => {
    expect(parseDeviceSpec(text)).toEqual(spec);
  });

  it.each(['serial:', 'serial:/dev/ttyUSB0@12345', 'serial:/dev/x@fast', 'sim:Oven!', 'usb:/dev/x', 'replay:'])(
    'rejects %s with advice',
    (text) => {
      expect(() => parseDeviceSpec(text)).toThrow(DeviceSpecError);
      expect(() => parseDeviceSpec(text)).toThrow(/Use sim, sim:<scenario>, serial:<path>\[@baud\]/);
    },
  );

  it('formats back to a parseable spec', () => {
    for (const t of ['sim', 'sim:oven', 'serial:/dev/ttyACM0@115200', 'replay:x.csv'])
      expect(formatDeviceSpec(parseDeviceSpec(t))).toBe(t);
  });
});
