/** createStationApi: the one timeout policy and the one caller-side error, over a transport stand-in. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rejectionOf } from '../../testing/rejection-of.js';
import { StationCallError } from './call-errors.js';
import { callTimeoutMs, DEFAULT_CALL_TIMEOUT_MS } from './call-timeouts.js';
import type { ResultEnvelope } from './envelope.js';
import { createStationApi, type CallOptions, type StationTransport } from './station-api.js';

interface Sent {
  method: string;
  params: unknown;
  opts: CallOptions;
  answer(e: ResultEnvelope): void;
}

function fakeTransport() {
  const sent: Sent[] = [];
  const transport: StationTransport = {
    call: (method, params, opts) =>
      new Promise<ResultEnvelope>((answer) => sent.push({ method, params, opts, answer })),
    subscribe: () => () => undefined,
  };
  return { sent, transport };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createStationApi', () => {
  it('resolves with the result, and throws StationCallError with the core code on a failure', async () => {
    const { sent, transport } = fakeTransport();
    const api = createStationApi(transport);
    const ok = api.getStats();
    const bad = rejectionOf(api.getSession({ id: 9 }));
    sent[0]!.answer({ ok: true, result: { totalRecords: 1 } });
    sent[1]!.answer({ ok: false, error: { code: 'session.not-found', message: 'Session 9 does not exist.' } });
    expect(await ok).toEqual({ totalRecords: 1 });
    const e = await bad;
    expect(e).toBeInstanceOf(StationCallError);
    expect(e).toMatchObject({ code: 'session.not-found', message: 'Session 9 does not exist.' });
    expect(sent.map((s) => [s.method, s.params])).toEqual([
      ['getStats', {}],
      ['getSession', { id: 9 }],
    ]);
  });

  it("gives up with StationCallError('timeout') at the method's limit, and aborts the transport's signal", async () => {
    const { sent, transport } = fakeTransport();
    const api = createStationApi(transport);
    const t0 = Date.now();
    const status = rejectionOf(api.getStatus());
    const imported = rejectionOf(api.importCsvFile({ path: '/data/run.csv' }));
    expect(sent.map((s) => s.opts.deadlineMs - t0)).toEqual([DEFAULT_CALL_TIMEOUT_MS, callTimeoutMs('importCsvFile')]);
    await vi.advanceTimersByTimeAsync(DEFAULT_CALL_TIMEOUT_MS);
    expect(await status).toMatchObject({ name: 'StationCallError', code: 'timeout' });
    expect(sent[0]!.opts.signal.aborted).toBe(true);
    // A file import legitimately takes longer: still waiting, its signal untouched.
    expect(sent[1]!.opts.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(callTimeoutMs('importCsvFile') - DEFAULT_CALL_TIMEOUT_MS);
    expect(await imported).toMatchObject({ code: 'timeout' });
    // An answer after the limit changes nothing.
    sent[0]!.answer({ ok: true, result: {} });
  });

  it('takes a shorter policy from a test, and ends a broken transport in StationCallError(failed)', async () => {
    const rejecting = createStationApi(
      { call: () => Promise.reject(new Error('pipe broke')), subscribe: () => () => undefined },
      { timeoutMs: () => 50 },
    );
    expect(await rejectionOf(rejecting.getStats())).toMatchObject({ code: 'failed', message: 'pipe broke' });
    const throwing = createStationApi({
      call: () => {
        throw new TypeError('cyclic params');
      },
      subscribe: () => () => undefined,
    });
    expect(await rejectionOf(throwing.getStats())).toMatchObject({ code: 'failed', message: 'cyclic params' });
    const { sent, transport } = fakeTransport();
    const quick = rejectionOf(createStationApi(transport, { timeoutMs: () => 50 }).getStats());
    await vi.advanceTimersByTimeAsync(50);
    expect(await quick).toMatchObject({ code: 'timeout', message: 'getStats did not answer within 0.05 s.' });
    expect(sent[0]!.opts.signal.aborted).toBe(true);
  });

  it('has a limit for every method, longer only where the work grows with the data', () => {
    expect(callTimeoutMs('getStatus')).toBe(DEFAULT_CALL_TIMEOUT_MS);
    expect(callTimeoutMs('sendDeviceCommand')).toBe(DEFAULT_CALL_TIMEOUT_MS);
    expect(callTimeoutMs('importCsvFile')).toBeGreaterThan(DEFAULT_CALL_TIMEOUT_MS);
    expect(callTimeoutMs('runMaintenance')).toBeGreaterThan(DEFAULT_CALL_TIMEOUT_MS);
    expect(callTimeoutMs('noSuchMethod')).toBe(DEFAULT_CALL_TIMEOUT_MS);
    expect(callTimeoutMs('__proto__')).toBe(DEFAULT_CALL_TIMEOUT_MS);
  });
});
