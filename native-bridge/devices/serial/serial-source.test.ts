/**
 * The serial source against node-serialport's MockBinding (the OS stand-in serialport's own suite
 * uses) and a hand-made port for back-pressure: DTR/RTS handling, line splitting, writes, the
 * reconnect schedule. The same source runs over real pseudo-terminals in serial-source.pty.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SerialPortMock } from 'serialport';
import { SerialSource, SerialWriteError } from './serial-source.js';
import type { OpenRequest, SerialPortLike } from './serial-port-io.js';

type MockStream = SerialPortMock & { port?: { openOptions: { hupcl: boolean; lock: boolean }; recording: Buffer } };

function recordingMockFactory() {
  const made: { port: MockStream; sets: { dtr?: boolean; rts?: boolean }[] }[] = [];
  const factory = (req: OpenRequest): SerialPortLike => {
    const port = new SerialPortMock({
      path: req.path,
      baudRate: req.baudRate,
      autoOpen: false,
      hupcl: false,
    }) as MockStream;
    const rec = { port, sets: [] as { dtr?: boolean; rts?: boolean }[] };
    const origSet = port.set.bind(port);
    port.set = ((opts: { dtr?: boolean; rts?: boolean }, cb?: (e: Error | null) => void) => {
      rec.sets.push(opts);
      return origSet(opts, cb);
    }) as typeof port.set;
    made.push(rec);
    return port as unknown as SerialPortLike;
  };
  return { made, factory };
}

const noPorts = async () => [];

beforeEach(() => SerialPortMock.binding.reset());
afterEach(() => vi.useRealTimers());

describe('SerialSource on the mock binding', () => {
  it('opens without hang-up on close and drops DTR and RTS together right after opening', async () => {
    SerialPortMock.binding.createPort('/dev/ttyMOCK0', { record: true });
    const { made, factory } = recordingMockFactory();
    const src = new SerialSource({
      path: '/dev/ttyMOCK0',
      baud: 115200,
      portFactory: factory,
      pathExists: () => true,
      lookupPorts: noPorts,
    });
    const states: string[] = [];
    src.on('state', (s) => states.push(s));
    await src.start();
    expect(states).toEqual(['starting', 'streaming']);
    expect(made).toHaveLength(1);
    expect(made[0]!.sets).toEqual([{ dtr: false, rts: false }]);
    expect(made[0]!.port.port!.openOptions.hupcl).toBe(false);
    expect(src.modemControl).toBe(true);
    expect(src.spec).toBe('serial:/dev/ttyMOCK0@115200');
    await src.stop();
    expect(states.at(-1)).toBe('stopped');
  });

  it('splits torn lines and CRLF, and writes commands as LF-terminated lines', async () => {
    SerialPortMock.binding.createPort('/dev/ttyMOCK1', { record: true });
    const { made, factory } = recordingMockFactory();
    const src = new SerialSource({
      path: '/dev/ttyMOCK1',
      baud: 115200,
      portFactory: factory,
      pathExists: () => true,
      lookupPorts: noPorts,
    });
    const lines: string[] = [];
    src.on('line', (l) => lines.push(l));
    await src.start();
    const binding = made[0]!.port.port as unknown as { emitData(d: string): void; recording: Buffer };
    const chunks = ['rst:0x1 (POWER', 'ON_RESET)\r\n$EVB1,H', ',x*0\r\n\nlast'];
    for (const c of chunks) binding.emitData(c);
    await vi.waitFor(() => expect(lines).toEqual(['rst:0x1 (POWERON_RESET)', '$EVB1,H,x*0', '']));
    await src.write('$EVB1,C,1,PING,-*00000000');
    expect(binding.recording.toString()).toBe('$EVB1,C,1,PING,-*00000000\n');
    expect(src.bytesReceived).toBe(chunks.join('').length);
    await src.stop();
    await expect(src.write('x')).rejects.toMatchObject({ code: 'not-connected' });
  });

  it('reports a port another program holds as busy', async () => {
    SerialPortMock.binding.createPort('/dev/ttyMOCK2');
    const holder = new SerialPortMock({ path: '/dev/ttyMOCK2', baudRate: 115200, lock: true });
    await new Promise((r) => holder.on('open', r));
    // The mock says "Port is locked cannot open"; a real port says "Cannot lock port": both are busy.
    const real = new SerialSource({
      path: '/dev/ttyMOCK2',
      baud: 115200,
      portFactory: (req) =>
        new SerialPortMock({ path: req.path, baudRate: req.baudRate, autoOpen: false }) as unknown as SerialPortLike,
      pathExists: () => true,
      lookupPorts: noPorts,
      retry: { operatorMs: 60_000 },
    });
    const details: string[] = [];
    real.on('state', (s, d) => details.push(`${s}: ${d ?? ''}`));
    await real.start();
    expect(real.lastOpenError?.code).toBe('port-busy');
    expect(details.at(-1)).toMatch(/^error: \/dev\/ttyMOCK2 is busy: another program has it open/);
    await real.stop();
    holder.close();
  });
});

/** A port whose kernel buffer is "full": write() returns false and 'drain' comes when the test says. */
class SlowPort implements SerialPortLike {
  isOpen = false;
  writes: Buffer[] = [];
  private listeners = new Map<string, Set<(...a: never[]) => void>>();
  private pendingCb: ((e: Error | null | undefined) => void)[] = [];
  open(cb: (err: Error | null) => void) {
    this.isOpen = true;
    cb(null);
  }
  set(_o: object, cb: (err: Error | null) => void) {
    cb(new Error('Inappropriate ioctl for device'));
  }
  write(data: Buffer, cb: (err: Error | null | undefined) => void): boolean {
    this.writes.push(data);
    this.pendingCb.push(cb);
    return false;
  }
  close(cb: (err: Error | null) => void) {
    this.isOpen = false;
    cb(null);
  }
  on(event: string, l: (...a: never[]) => void) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(l);
    return this;
  }
  removeListener(event: string, l: (...a: never[]) => void) {
    this.listeners.get(event)?.delete(l);
    return this;
  }
  removeAllListeners() {
    this.listeners.clear();
    return this;
  }
  emit(event: string, ...args: unknown[]) {
    for (const l of [...(this.listeners.get(event) ?? [])]) (l as (...a: unknown[]) => void)(...args);
  }
  /** The OS took the bytes and the buffer emptied. */
  flushOs() {
    for (const cb of this.pendingCb.splice(0)) cb(null);
    this.emit('drain');
  }
}

describe('SerialSource writes', () => {
  it('waits for drain when the port buffer is full, keeps order, and bounds the queue', async () => {
    const port = new SlowPort();
    const src = new SerialSource({
      path: '/dev/slow',
      baud: 115200,
      portFactory: () => port,
      pathExists: () => true,
      lookupPorts: noPorts,
    });
    await src.start();
    expect(src.modemControl).toBe(false);
    let firstDone = false;
    const first = src.write('one').then(() => (firstDone = true));
    const second = src.write('two');
    await new Promise((r) => setTimeout(r, 20));
    expect(firstDone).toBe(false);
    expect(port.writes.map(String)).toEqual(['one\n']);
    port.flushOs();
    await first;
    await new Promise((r) => setTimeout(r, 0));
    expect(port.writes.map(String)).toEqual(['one\n', 'two\n']);
    port.flushOs();
    await second;
    const flood = Array.from({ length: 40 }, (_, i) => src.write(`x${i}`).catch((e: SerialWriteError) => e.code));
    const outcomes = await Promise.race([
      Promise.all(flood.slice(32)),
      new Promise((r) => setTimeout(() => r('hung'), 1000)),
    ]);
    expect(outcomes).toEqual(Array(8).fill('queue-full'));
    await src.stop();
    // Closing fails what was still queued instead of leaving it hanging.
    const rest = await Promise.all(flood.slice(0, 32));
    expect(rest.every((r) => r === 'write-failed' || r === 'not-connected' || r === undefined)).toBe(true);
  });
});

describe('SerialSource reconnect schedule', () => {
  it('reopens within the backoff cap (1 s) of the port reappearing, however long it was gone', async () => {
    vi.useFakeTimers();
    let present = false;
    const opens: number[] = [];
    const src = new SerialSource({
      path: '/dev/ttyGONE',
      baud: 115200,
      pathExists: () => present,
      lookupPorts: noPorts,
      portFactory: () => {
        opens.push(Date.now());
        return new SlowPort();
      },
    });
    const states: string[] = [];
    src.on('state', (s, d) => states.push(`${s}${d ? `: ${d}` : ''}`));
    await src.start();
    expect(states.at(-1)).toMatch(/^disconnected: \/dev\/ttyGONE is not present/);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(opens).toEqual([]);
    present = true;
    const appeared = Date.now();
    await vi.advanceTimersByTimeAsync(1000);
    expect(opens).toHaveLength(1);
    expect(opens[0]! - appeared).toBeLessThanOrEqual(1000);
    expect(states.at(-1)).toBe('streaming: /dev/ttyGONE');
    await src.stop();
  });

  it('follows a device by its USB serial number when it comes back under another name', async () => {
    vi.useFakeTimers();
    let ports = [
      {
        path: '/dev/ttyUSB0',
        byIdPath: null,
        manufacturer: 'Silicon Labs',
        product: 'CP2102N',
        serialNumber: 'SN42',
        vendorId: '10c4',
        productId: 'ea60',
        interfaceNumber: '00',
        driver: 'cp210x',
        location: 'usb-1-2',
      },
    ];
    const opened: string[] = [];
    const made: SlowPort[] = [];
    const src = new SerialSource({
      path: '/dev/ttyUSB0',
      baud: 115200,
      pathExists: (p) => ports.some((x) => x.path === p),
      lookupPorts: async () => ports,
      portFactory: (req) => {
        opened.push(req.path);
        const p = new SlowPort();
        made.push(p);
        return p;
      },
    });
    await src.start();
    expect(src.identity.serialNumber).toBe('SN42');
    expect(src.label).toBe('Serial /dev/ttyUSB0 @ 115200 (CP2102/CP2104)');
    // Unplugged; something else takes ttyUSB0; our board comes back as ttyUSB1.
    ports = [
      { ...ports[0]!, serialNumber: 'OTHER', path: '/dev/ttyUSB0' },
      { ...ports[0]!, path: '/dev/ttyUSB1' },
    ];
    made[0]!.isOpen = false;
    made[0]!.emit('close', Object.assign(new Error('Input/output error'), { disconnected: true }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(opened).toEqual(['/dev/ttyUSB0', '/dev/ttyUSB1']);
    expect(src.currentPath).toBe('/dev/ttyUSB1');
    await src.stop();
  });
});
