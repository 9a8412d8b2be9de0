/**
 * Turns what the OS and node-serialport say about a port into messages an operator can act on. The
 * bindings report errors as text (`Error: Permission denied, cannot open /dev/ttyUSB0`, `Error Resource
 * temporarily unavailable Cannot lock port`), so classification works on the text and, when present,
 * the errno code.
 */

export type SerialErrorCode =
  | 'permission-denied'
  | 'port-busy'
  | 'port-missing'
  | 'port-vanished'
  | 'bad-baud'
  | 'not-a-serial-port'
  | 'open-failed';

export class SerialPortError extends Error {
  override name = 'SerialPortError';
  constructor(
    readonly code: SerialErrorCode,
    message: string,
    readonly path: string,
    readonly raw: string,
  ) {
    super(message);
  }

  /** Errors the operator must fix; retrying fast only repeats them (permission, another program). */
  get needsOperator(): boolean {
    return this.code === 'permission-denied' || this.code === 'port-busy' || this.code === 'bad-baud';
  }
}

function rawText(err: unknown): { text: string; errno: string | undefined } {
  if (err instanceof Error) {
    const errno = (err as NodeJS.ErrnoException).code;
    return { text: err.message, errno: typeof errno === 'string' ? errno : undefined };
  }
  return { text: String(err), errno: undefined };
}

/** The fix for "permission denied", per platform. */
export function permissionHint(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'linux')
    return 'On Linux serial ports belong to the "dialout" group: run `sudo usermod -aG dialout $USER`, then log out and back in (or reboot).';
  if (platform === 'darwin') return 'Check that no security prompt is waiting and that the port is not owned by root.';
  return 'Check that your account may use the port.';
}

export function classifySerialError(
  err: unknown,
  path: string,
  baud?: number,
  platform: NodeJS.Platform = process.platform,
): SerialPortError {
  if (err instanceof SerialPortError) return err;
  const { text, errno } = rawText(err);
  const t = text.toLowerCase();
  const make = (code: SerialErrorCode, message: string) => new SerialPortError(code, message, path, text);
  // Windows has no per-user COM permissions: "Access denied" there means another program has it.
  if (platform === 'win32' && (t.includes('access denied') || t.includes('access is denied')))
    return make(
      'port-busy',
      `${path} is busy: another program has it open (a serial monitor, the Arduino IDE, PlatformIO or another station). Close it and the station will connect.`,
    );
  if (errno === 'EACCES' || errno === 'EPERM' || t.includes('permission denied') || t.includes('access denied'))
    return make('permission-denied', `Permission denied opening ${path}. ${permissionHint(platform)}`);
  if (
    errno === 'EBUSY' ||
    t.includes('cannot lock port') ||
    t.includes('port is locked') ||
    t.includes('resource busy') ||
    t.includes('resource temporarily unavailable')
  )
    return make(
      'port-busy',
      `${path} is busy: another program has it open (a serial monitor, the Arduino IDE, PlatformIO, ModemManager or another station). Close it and the station will connect.`,
    );
  if (errno === 'ENOENT' || t.includes('no such file or directory') || t.includes('file not found'))
    return make('port-missing', `${path} is not present. Is the rig plugged in? Waiting for it to appear.`);
  if (
    errno === 'ENXIO' ||
    errno === 'ENODEV' ||
    errno === 'EIO' ||
    t.includes('no such device') ||
    t.includes('input/output error') ||
    t.includes('bad file descriptor') ||
    t.includes('disconnected')
  )
    return make(
      'port-vanished',
      `${path} vanished (the cable was unplugged or the board reset its USB). Reconnecting…`,
    );
  if (t.includes('baud rate') || t.includes('baudrate'))
    return make('bad-baud', `${path} does not support ${baud ?? 'this'} baud: choose another rate.`);
  if (errno === 'ENOTTY' || t.includes('inappropriate ioctl'))
    return make('not-a-serial-port', `${path} is not a serial port.`);
  return make('open-failed', `Could not open ${path}: ${text}`);
}

/** The message for a port that delivers bytes but never a valid frame. */
export const WRONG_BAUD_MESSAGE = 'no valid frames — check the baud rate';
