/**
 * The IPC transport over a stand-in for the preload's bridge: the same policy and error as the
 * WebSocket — the core's code survives the trip as data, each call carries its deadline, and a call
 * the bridge never answers times out.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rejectionOf } from '../../../testing/rejection-of.js';
import {
  createStationApi,
  DEFAULT_CALL_TIMEOUT_MS,
  METHOD_NAMES,
  type ResultEnvelope,
  type StationBridge,
} from '../../../native-bridge/contract/index.js';
import { createIpcTransport } from './ipc-transport.js';

type Invocation = { method: string; params: unknown; deadlineMs: number; answer(e: ResultEnvelope): void };

function fakeBridge(): { bridge: StationBridge; invoked: Invocation[]; emit(event: string, p: unknown): void } {
  const invoked: Invocation[] = [];
  const listeners: [string, (p: unknown) => void][] = [];
  const bridge = {
    ...Object.fromEntries(
      METHOD_NAMES.map((method) => [
        method,
        (params: unknown, deadlineMs: number) =>
          new Promise<ResultEnvelope>((answer) => invoked.push({ method, params, deadlineMs, answer })),
      ]),
    ),
    on(event: string, l: (p: unknown) => void) {
      listeners.push([event, l]);
      return () =>
        listeners.splice(
          listeners.findIndex(([, x]) => x === l),
          1,
        );
    },
  } as unknown as StationBridge;
  return { bridge, invoked, emit: (e, p) => listeners.filter(([n]) => n === e).forEach(([, l]) => l(p)) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('IPC transport', () => {
  it("keeps the core's error code, which a throw across contextBridge would lose", async () => {
    const { bridge, invoked } = fakeBridge();
    const api = createStationApi(createIpcTransport(bridge));
    const r = rejectionOf(api.startReplay({ sessionId: 4 }));
    invoked[0]!.answer({ ok: false, error: { code: 'session.not-found', message: 'Session 4 does not exist.' } });
    expect(await r).toMatchObject({ name: 'StationCallError', code: 'session.not-found' });
    const ok = api.getStats();
    invoked[1]!.answer({ ok: true, result: { totalRecords: 2 } });
    expect(await ok).toEqual({ totalRecords: 2 });
  });

  it('passes each call its deadline and times out a call the bridge never answers', async () => {
    const { bridge, invoked } = fakeBridge();
    const api = createStationApi(createIpcTransport(bridge));
    const t0 = Date.now();
    const r = rejectionOf(api.sendDeviceCommand({ spec: 'sim', command: { name: 'PING' } }));
    expect(invoked[0]).toMatchObject({
      method: 'sendDeviceCommand',
      params: { spec: 'sim', command: { name: 'PING' } },
      deadlineMs: t0 + DEFAULT_CALL_TIMEOUT_MS,
    });
    await vi.advanceTimersByTimeAsync(DEFAULT_CALL_TIMEOUT_MS);
    expect(await r).toMatchObject({ name: 'StationCallError', code: 'timeout' });
  });

  it('answers failed when the bridge itself throws, and delivers events', async () => {
    const { bridge, emit } = fakeBridge();
    bridge.getStatus = () => Promise.reject(new Error('An object could not be cloned.'));
    const api = createStationApi(createIpcTransport(bridge));
    expect(await rejectionOf(api.getStatus())).toMatchObject({
      code: 'failed',
      message: 'An object could not be cloned.',
    });
    const got: unknown[] = [];
    const off = api.on('onAlarmChanged', (a) => got.push(a));
    emit('onAlarmChanged', { id: 1 });
    off();
    emit('onAlarmChanged', { id: 2 });
    expect(got).toEqual([{ id: 1 }]);
  });
});
