/**
 * The slice of a node-serialport stream the serial source uses, behind an interface so a test double
 * (node-serialport's own MockBinding) can stand in for the OS, as serialport's own suite does.
 */
import { SerialPort, SerialPortMock } from 'serialport';

export interface PortCloseError extends Error {
  /** Set by node-serialport when the OS took the port away (unplug, EIO), not when we closed it. */
  disconnected?: boolean;
}

export interface SerialPortLike {
  readonly isOpen: boolean;
  open(cb: (err: Error | null) => void): void;
  set(opts: { dtr?: boolean; rts?: boolean }, cb: (err: Error | null) => void): void;
  write(data: Buffer, cb: (err: Error | null | undefined) => void): boolean;
  close(cb: (err: Error | null) => void): void;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close', listener: (err?: PortCloseError | null) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'drain', listener: () => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  removeAllListeners(): unknown;
}

export interface OpenRequest {
  path: string;
  baudRate: number;
}

export type PortFactory = (req: OpenRequest) => SerialPortLike;

/**
 * The real port. `hupcl: false`: closing must not drop DTR, which on an ESP32 dev board's auto-reset
 * circuit can pulse EN and reboot the rig mid-test. `lock: true` so two programs cannot both read it.
 */
export const nodeSerialPortFactory: PortFactory = (req) =>
  new SerialPort({
    path: req.path,
    baudRate: req.baudRate,
    autoOpen: false,
    hupcl: false,
    lock: true,
    rtscts: false,
    highWaterMark: 64 * 1024,
  }) as unknown as SerialPortLike;

/** node-serialport's mock binding (ports made with `SerialPortMock.binding.createPort(path)`). */
export const mockSerialPortFactory: PortFactory = (req) =>
  new SerialPortMock({
    path: req.path,
    baudRate: req.baudRate,
    autoOpen: false,
    hupcl: false,
  }) as unknown as SerialPortLike;
