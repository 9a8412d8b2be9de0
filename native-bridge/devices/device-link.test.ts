/**
 * Link health with a hand-driven source and a fake clock: hello gating (data held, then trusted),
 * sequence gaps with their missing count, duplicates, reboots, a refused device, per-connection
 * figures, and the stale watchdog with its "communication lost" alarm.
 */
import { describe, expect, it } from 'vitest';
import { crc32Hex, encodeFrame, type DataFrame, type HelloFrame } from '../protocol/index.js';
import { AlarmBook } from '../safety/alarm-book.js';
import { DeviceLink } from './device-link.js';
import { HandSource } from '../../testing/hand-source.js';

const hello = (over: Partial<HelloFrame> = {}): HelloFrame => ({
  kind: 'hello',
  deviceId: 'DEV1',
  bootId: 'AAAA0001',
  fwVersion: '1.0.0',
  cellCount: 2,
  periodMs: 100,
  channels: 'ntc:2',
  ...over,
});
const data = (seq: number, over: Partial<DataFrame> = {}): DataFrame => ({
  kind: 'data',
  deviceId: 'DEV1',
  bootId: 'AAAA0001',
  seq,
  tDevMs: seq * 100,
  cellMv: [3700, 3701],
  cellTempCc: [2500, 2501],
  packMa: 0,
  ambientCc: 2300,
  humidityCpct: 4500,
  socPermille: null,
  status: 0,
  ...over,
});

function setup(staleAfterMs = 5000) {
  let now = 1_000_000;
  const src = new HandSource();
  const stored: number[] = [];
  const events: string[] = [];
  const alarms = new AlarmBook(
    () => undefined,
    () => now,
  );
  const link = new DeviceLink(
    src,
    {
      onHello: () => undefined,
      onData: (f) => stored.push(f.seq),
      onDeviceEvent: () => undefined,
      onLinkEvent: (code, detail) => events.push(detail ? `${code} ${detail}` : code),
      onStateChange: () => undefined,
    },
    { alarms, staleAfterMs, now: () => now, watchdogIntervalMs: 0 },
  );
  const send = (f: HelloFrame | DataFrame) => src.line(encodeFrame(f), now);
  const advance = (ms: number) => {
    now += ms;
    link.checkStale();
  };
  return { src, link, stored, events, alarms, send, advance, now: () => now };
}

describe('DeviceLink', () => {
  it('holds data until the hello of this connection, then trusts it in order', () => {
    const { src, link, stored, send } = setup();
    src.state('starting');
    src.state('streaming');
    send(data(0));
    send(data(1));
    expect(stored).toEqual([]);
    expect(link.status().state).toBe('waiting-hello');
    send(hello());
    expect(stored).toEqual([0, 1]);
    send(data(2));
    expect(stored).toEqual([0, 1, 2]);
    expect(link.status().state).toBe('streaming');
    expect(link.health({ pingRttMs: null, commandsSent: 0, commandTimeouts: 0 }).heldForHello).toBe(2);
  });

  it('drops held frames of another boot and asks for a hello when a boot has none', () => {
    const { src, link, stored, send, events } = setup();
    src.state('streaming');
    send(hello());
    let asked = 0;
    link.on('need-hello', () => asked++);
    send(data(5, { bootId: 'BBBB0002' }));
    expect(asked).toBe(1);
    expect(stored).toEqual([]);
    send(hello({ bootId: 'BBBB0002' }));
    expect(stored).toEqual([5]);
    expect(events).toContain('link.reboot boot=AAAA0001->BBBB0002');
    expect(link.health({ pingRttMs: null, commandsSent: 0, commandTimeouts: 0 }).reboots).toBe(1);
  });

  it('forgets the hello when the port closes: the next connection must say hello again', () => {
    const { src, link, stored, send, events } = setup();
    src.state('streaming');
    send(hello());
    send(data(0));
    src.state('disconnected', '/dev/ttyTEST vanished');
    src.state('disconnected', '/dev/ttyTEST is not present');
    expect(link.status()).toMatchObject({ state: 'disconnected', lastError: '/dev/ttyTEST is not present' });
    src.state('streaming');
    send(data(1));
    expect(stored).toEqual([0]);
    send(hello());
    expect(stored).toEqual([0, 1]);
    expect(events.filter((e) => e.startsWith('link.disconnected'))).toHaveLength(1);
    const h = link.health({ pingRttMs: null, commandsSent: 0, commandTimeouts: 0 });
    expect(h).toMatchObject({ opens: 2, disconnects: 1, reboots: 0 });
  });

  it('counts sequence gaps with the samples they lost, drops duplicates, and wraps at 2^32', () => {
    const { src, link, stored, send, events } = setup();
    src.state('streaming');
    send(hello());
    send(data(10));
    send(data(11));
    send(data(15));
    send(data(15));
    send(data(4294967294));
    send(data(4294967295));
    send(data(0));
    send(data(2));
    expect(stored).toEqual([10, 11, 15, 4294967294, 4294967295, 0, 2]);
    expect(events).toContain('link.seq-gap missing=3;after=11;next=15');
    // A jump of more than half the counter is a step back, not 4 billion lost samples.
    expect(events).toContain('link.seq-backwards after=15;next=4294967294');
    expect(events).toContain('link.seq-gap missing=1;after=0;next=2');
    const h = link.health({ pingRttMs: null, commandsSent: 0, commandTimeouts: 0 });
    expect(h).toMatchObject({ seqGaps: 2, duplicateFrames: 1, missingFrames: 4 });
  });

  it('refuses data frames whose cell count differs from the hello’s, held ones too, and logs it once', () => {
    const { src, link, stored, send, events } = setup();
    src.state('streaming');
    const sixteen = (seq: number) =>
      data(seq, { cellMv: Array<number>(16).fill(3700), cellTempCc: Array<number>(16).fill(2500) });
    send(sixteen(0));
    send(hello({ cellCount: 4 }));
    send(data(1, { cellMv: [3700, 3701, 3702, 3703], cellTempCc: [2500, 2501, 2502, 2503] }));
    expect(link.receiveLine(encodeFrame(sixteen(2)).trimEnd(), 0)).toBe('cell_count_mismatch');
    send(sixteen(3));
    expect(stored).toEqual([1]);
    expect(events.filter((e) => e.startsWith('link.cell-count-mismatch'))).toEqual([
      'link.cell-count-mismatch hello=4;frame=16',
    ]);
    const h = link.health({ pingRttMs: null, commandsSent: 0, commandTimeouts: 0 });
    expect(h.rejectedByReason).toEqual({ cell_count_mismatch: 3 });
    expect(h).toMatchObject({ malformed: 3, dataFrames: 1, framesOk: 2 });
  });

  it('says what became of each line, and drops repeated sequence numbers when asked (network retries)', () => {
    const { src, link } = setup();
    const net = new DeviceLink(
      src,
      {
        onHello: () => undefined,
        onData: () => undefined,
        onDeviceEvent: () => undefined,
        onLinkEvent: () => undefined,
        onStateChange: () => undefined,
      },
      { dropRepeatedSeqs: true, watchdogIntervalMs: 0 },
    );
    src.state('streaming');
    const line = (f: HelloFrame | DataFrame) => encodeFrame(f).trimEnd();
    for (const l of [net, link]) expect(l.receiveLine(line(data(0)), 0)).toBe('held');
    for (const l of [net, link]) expect(l.receiveLine(line(hello()), 0)).toBe('accepted');
    for (const l of [net, link]) expect(l.receiveLine(line(data(1)), 0)).toBe('accepted');
    for (const l of [net, link]) expect(l.receiveLine(line(data(1)), 0)).toBe('duplicate');
    expect(net.receiveLine(line(data(0)), 0)).toBe('duplicate');
    expect(link.receiveLine(line(data(0)), 0)).toBe('accepted');
    expect(net.receiveLine('$EVB1,D,x*00000000', 0)).toBe('checksum_mismatch');
    expect(net.receiveLine('boot log', 0)).toBe('noise');
    net.dispose();
  });

  it('refuses a hello the gate rejects and trusts none of that device’s data', () => {
    const { src, link, stored, send, events } = setup();
    link.setHelloGate((h) => (h.deviceId === 'DEV1' ? null : `expected DEV1, found ${h.deviceId}`));
    let refused = 0;
    link.on('hello', (_h, _t, ok) => (refused += ok ? 0 : 1));
    src.state('streaming');
    send(data(0, { deviceId: 'OTHER' }));
    send(hello({ deviceId: 'OTHER' }));
    expect(refused).toBe(1);
    expect(stored).toEqual([]);
    expect(link.status()).toMatchObject({ state: 'waiting-hello', lastError: 'expected DEV1, found OTHER' });
    expect(events.some((e) => e.startsWith('link.wrong-device'))).toBe(true);
  });

  it('counts checksum errors, malformed lines and noise separately, per connection too', () => {
    const { src, link } = setup();
    src.state('starting');
    const good = encodeFrame(hello()).trimEnd();
    src.line('ets Jun  8 2016 00:22:57', 0);
    src.line(good.slice(0, -1) + (good.endsWith('0') ? '1' : '0'), 0);
    src.line(`$EVB1,H,x*${crc32Hex('EVB1,H,x')}`, 0);
    // Our own command echoed back (a loop-back plug) is not a frame from the device.
    src.line(encodeFrame({ kind: 'command', cmdId: 1, name: 'PING', arg: null }), 0);
    src.line(good, 0);
    const h = link.health({ pingRttMs: null, commandsSent: 0, commandTimeouts: 0 });
    expect(h).toMatchObject({ noiseLines: 1, checksumErrors: 1, malformed: 2, framesOk: 1 });
    expect(h.rejectedByReason).toEqual({ checksum_mismatch: 1, field_count: 1, unknown_kind: 1 });
    expect(link.connectionStats).toMatchObject({ lines: 5, validFrames: 1, noiseLines: 1 });
    expect(link.status().framesRejected).toBe(3);
  });

  it('goes stale after the silence limit, raises "communication lost", and clears it when data returns', () => {
    const { src, link, send, advance, alarms, events } = setup(5000);
    src.state('streaming');
    send(hello());
    send(data(0));
    advance(4900);
    expect(link.isStale).toBe(false);
    advance(200);
    expect(link.isStale).toBe(true);
    expect(link.status().state).toBe('stale');
    const [a] = alarms.activeAlarms();
    expect(a).toMatchObject({ code: 'link.lost', severity: 'alarm', source: 'link', deviceId: 'DEV1' });
    expect(a!.message).toMatch(/^Communication lost with Test port \(DEV1\): no data for over 5 s/);
    advance(10_000);
    expect(alarms.activeAlarms()).toHaveLength(1);
    send(data(1));
    expect(link.isStale).toBe(false);
    expect(alarms.activeAlarms()).toEqual([]);
    expect(events.filter((e) => e.startsWith('link.stale'))).toHaveLength(1);
    expect(events).toContain('link.fresh');
  });

  it('waits at least three periods for a slow device before calling it stale', () => {
    const { src, link, send, advance } = setup(5000);
    src.state('streaming');
    send(hello({ periodMs: 10_000 }));
    send(data(0));
    advance(20_000);
    expect(link.isStale).toBe(false);
    advance(10_001);
    expect(link.isStale).toBe(true);
    expect(link.effectiveStaleAfterMs).toBe(30_000);
  });

  it('clears its alarm when the operator stops or removes the device', () => {
    const { src, link, send, advance, alarms } = setup(1000);
    src.state('streaming');
    send(hello());
    advance(2000);
    expect(alarms.activeAlarms()).toHaveLength(1);
    link.dispose();
    expect(alarms.activeAlarms()).toEqual([]);
  });

  it('reports bytes per second over a sliding window', () => {
    const { src, link, send, advance } = setup();
    src.state('streaming');
    send(hello());
    link.checkStale();
    for (let i = 0; i < 10; i++) {
      send(data(i));
      advance(100);
    }
    const h = link.health({ pingRttMs: null, commandsSent: 0, commandTimeouts: 0 });
    const frameBytes = encodeFrame(data(0)).length;
    expect(h.bytesPerS).toBeGreaterThan(frameBytes * 5);
    expect(h.bytesPerS).toBeLessThan(frameBytes * 20);
    expect(h.lastDataAgeMs).toBe(100);
  });
});
