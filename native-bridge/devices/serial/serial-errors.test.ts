/** The messages an operator sees for what the OS and node-serialport report when opening a port. */
import { describe, expect, it } from 'vitest';
import { classifySerialError } from './serial-errors.js';

// Texts as @serialport/bindings-cpp 13 formats them (src/serialport_unix.cpp) and as Node reports errno.
const cases: [string, unknown, string, RegExp][] = [
  [
    'permission denied (Linux)',
    new Error('Error: Permission denied, cannot open /dev/ttyUSB0'),
    'permission-denied',
    /Permission denied opening \/dev\/ttyUSB0\. .*"dialout" group: run `sudo usermod -aG dialout \$USER`, then log out and back in/,
  ],
  ['EACCES errno', Object.assign(new Error('open failed'), { code: 'EACCES' }), 'permission-denied', /dialout/],
  [
    'port locked by another program',
    new Error('Error Resource temporarily unavailable Cannot lock port'),
    'port-busy',
    /is busy: another program has it open \(a serial monitor, the Arduino IDE, PlatformIO, ModemManager/,
  ],
  ['EBUSY', Object.assign(new Error('x'), { code: 'EBUSY' }), 'port-busy', /busy/],
  [
    'missing',
    new Error('Error: No such file or directory, cannot open /dev/ttyUSB0'),
    'port-missing',
    /is not present\. Is the rig plugged in\?/,
  ],
  [
    'vanished (EIO on read)',
    new Error('Error: Input/output error'),
    'port-vanished',
    /vanished \(the cable was unplugged/,
  ],
  [
    'vanished (ENXIO)',
    new Error('Error: No such device or address, cannot open /dev/ttyACM0'),
    'port-vanished',
    /vanished/,
  ],
  [
    'unsupported baud',
    new Error('Error baud rate of 2000000 is not supported on your platform'),
    'bad-baud',
    /does not support 2000000 baud/,
  ],
  [
    'not a tty',
    new Error('Error: Inappropriate ioctl for device, cannot set'),
    'not-a-serial-port',
    /not a serial port/,
  ],
  [
    'anything else',
    new Error('Error: Weird thing'),
    'open-failed',
    /^Could not open \/dev\/ttyUSB0: Error: Weird thing$/,
  ],
];

describe('classifySerialError', () => {
  it.each(cases)('%s', (_name, err, code, message) => {
    const e = classifySerialError(err, '/dev/ttyUSB0', 2000000, 'linux');
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });

  it('on Windows, "Access denied" means another program has the COM port', () => {
    expect(classifySerialError(new Error('Opening COM3: Access denied'), 'COM3', 115200, 'win32').code).toBe(
      'port-busy',
    );
    expect(classifySerialError(new Error('Opening COM3: Access is denied.'), 'COM3', 115200, 'win32').code).toBe(
      'port-busy',
    );
  });

  it('marks errors only the operator can fix', () => {
    expect(classifySerialError(new Error('Permission denied'), 'p').needsOperator).toBe(true);
    expect(classifySerialError(new Error('No such file or directory'), 'p').needsOperator).toBe(false);
  });
});
