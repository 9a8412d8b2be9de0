/**
 * The WebSocket transport under the one policy, with a stand-in socket whose `sent` list is the wire:
 * timeouts, a call that timed out while disconnected never sent after the reconnect, drops failing the
 * calls in flight, and the server's error codes reaching the caller.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rejectionOf } from '../../../testing/rejection-of.js';
import { createStationApi, type StationApi } from '../../../native-bridge/contract/index.js';
import { createWsTransport, type WebSocketLike } from './ws-transport.js';

class FakeSocket implements WebSocketLike {
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  readonly sent: { id: number; method: string; params: unknown }[] = [];
  send(data: string) {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(data) as { id: number; method: string; params: unknown });
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
  answer(id: number, body: object) {
    this.onmessage?.({ data: JSON.stringify({ type: 'result', id, ...body }) });
  }
}

let sockets: FakeSocket[];
let connected: boolean[];
const latest = () => sockets[sockets.length - 1]!;

const fakeConnect = () => {
  const s = new FakeSocket();
  sockets.push(s);
  return s;
};

function station(): StationApi {
  const api = createStationApi(createWsTransport('ws://station/ws', { connect: fakeConnect }));
  api.onConnectionChange((c) => connected.push(c));
  return api;
}

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  connected = [];
});
afterEach(() => vi.useRealTimers());

describe('WebSocket transport', () => {
  it('sends a call made while connecting once the socket opens, and answers it', async () => {
    const api = station();
    const stats = api.getStats();
    expect(latest().sent).toEqual([]);
    latest().open();
    expect(latest().sent).toEqual([{ type: 'call', id: 1, method: 'getStats', params: {} }]);
    latest().answer(1, { ok: true, result: { totalRecords: 5 } });
    expect(await stats).toEqual({ totalRecords: 5 });
    expect(connected).toEqual([false, true]);
  });

  it("throws the server's code as StationCallError, and times out a call the server never answers", async () => {
    const api = station();
    latest().open();
    const bad = rejectionOf(api.getLatestReadings({ limit: 0 }));
    const silent = rejectionOf(api.getStatus());
    latest().answer(1, { ok: false, error: { code: 'bad-params', message: 'getLatestReadings: limit: too small' } });
    expect(await bad).toMatchObject({ name: 'StationCallError', code: 'bad-params' });
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await silent).toMatchObject({ name: 'StationCallError', code: 'timeout' });
    // The late answer finds nobody and breaks nothing.
    latest().answer(2, { ok: true, result: {} });
    const after = api.getStats();
    latest().answer(3, { ok: true, result: { totalRecords: 1 } });
    expect(await after).toEqual({ totalRecords: 1 });
  });

  it('a call that timed out while disconnected is never sent after reconnect', async () => {
    const api = station();
    latest().open();
    latest().drop();
    const relay = rejectionOf(
      api.sendDeviceCommand({ spec: 'serial:/dev/ttyUSB0@115200', command: { name: 'RELAY', state: 'OPEN' } }),
    );
    // Reconnects keep failing for longer than the call's limit.
    for (let t = 0; t < 16_000; t += 250) {
      await vi.advanceTimersByTimeAsync(250);
      if (latest().readyState === 0) latest().drop();
    }
    expect(await relay).toMatchObject({ code: 'timeout' });
    await vi.advanceTimersByTimeAsync(5000);
    latest().open();
    const status = api.getStatus();
    latest().answer(2, { ok: true, result: { version: 'x' } });
    expect(await status).toEqual({ version: 'x' });
    const wire = sockets.flatMap((s) => s.sent);
    expect(wire.map((m) => m.method)).toEqual(['getStatus']);
    expect(sockets.length).toBeGreaterThan(3);
  });

  it('a call queued while disconnected and still within its limit is sent on reconnect', async () => {
    const api = station();
    latest().open();
    latest().drop();
    const links = api.getDeviceLinks();
    await vi.advanceTimersByTimeAsync(250);
    latest().open();
    expect(latest().sent.map((m) => m.method)).toEqual(['getDeviceLinks']);
    latest().answer(1, { ok: true, result: [] });
    expect(await links).toEqual([]);
  });

  it('disconnect fails the calls in flight with disconnected, and ignores their answers after', async () => {
    const api = station();
    const first = latest();
    first.open();
    const a = rejectionOf(api.getStats());
    const b = rejectionOf(api.runMaintenance());
    first.drop();
    expect(await a).toMatchObject({ code: 'disconnected' });
    expect(await b).toMatchObject({ code: 'disconnected' });
    first.answer(1, { ok: true, result: {} });
    await vi.advanceTimersByTimeAsync(250);
    latest().open();
    expect(latest()).not.toBe(first);
    expect(latest().sent).toEqual([]);
    expect(connected).toEqual([false, true, false, true]);
  });

  it('delivers events to their subscribers and ignores garbage', async () => {
    const api = station();
    latest().open();
    const got: unknown[] = [];
    const off = api.on('onNotice', (n) => got.push(n));
    latest().onmessage?.({ data: 'not json' });
    latest().onmessage?.({ data: JSON.stringify({ type: 'event', event: 'onNotice', payload: { id: 1 } }) });
    latest().onmessage?.({ data: JSON.stringify({ type: 'event', event: 'onLiveSnapshot', payload: {} }) });
    off();
    latest().onmessage?.({ data: JSON.stringify({ type: 'event', event: 'onNotice', payload: { id: 2 } }) });
    expect(got).toEqual([{ id: 1 }]);
  });
});

describe('WebSocket transport, when the station stops accepting the page', () => {
  function guarded(answers: (boolean | null)[]) {
    const asked: number[] = [];
    let sentToLogin = 0;
    const api = createStationApi(
      createWsTransport('ws://station/ws', {
        connect: fakeConnect,
        authorised: () => {
          asked.push(sockets.length);
          return Promise.resolve(answers.shift() ?? true);
        },
        onUnauthorized: () => void sentToLogin++,
      }),
    );
    return { api, asked, sentToLogin: () => sentToLogin };
  }

  it('a refused upgrade that the station says is a 401 stops reconnecting and goes to the login', async () => {
    const g = guarded([false]);
    const waiting = rejectionOf(g.api.getStats());
    latest().drop();
    expect(await waiting).toMatchObject({ code: 'disconnected', message: expect.stringMatching(/log in again/) });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(g.sentToLogin()).toBe(1);
    expect(sockets).toHaveLength(1);
  });

  it('a refused upgrade while the station cannot be asked (down) keeps retrying', async () => {
    const g = guarded([null, null]);
    latest().drop();
    await vi.advanceTimersByTimeAsync(250);
    latest().drop();
    await vi.advanceTimersByTimeAsync(500);
    expect(sockets).toHaveLength(3);
    expect(g.asked).toEqual([1, 2]);
    expect(g.sentToLogin()).toBe(0);
  });

  it('an open socket ended for a rotated token asks, and goes to the login when refused', async () => {
    const g = guarded([false]);
    latest().open();
    latest().drop(4001);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(g.asked).toEqual([1]);
    expect(g.sentToLogin()).toBe(1);
  });

  it('an open socket that merely drops reconnects without asking', async () => {
    const g = guarded([]);
    latest().open();
    latest().drop();
    await vi.advanceTimersByTimeAsync(250);
    expect(sockets).toHaveLength(2);
    expect(g.asked).toEqual([]);
  });
});
