/**
 * Main's side of the core host, over a stand-in utility process: results by id, the deadline each call
 * carries (bounded by the contract's policy), and what the core stopping does to calls.
 */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callTimeoutMs, DEFAULT_CALL_TIMEOUT_MS } from '../../native-bridge/contract/call-timeouts.js';
import type { HostMessage, HostRequest } from '../ipc-channels.js';
import { boundedDeadline, CoreClient } from './core-client.js';

class FakeChild extends EventEmitter {
  readonly posted: HostRequest[] = [];
  postMessage(m: HostRequest) {
    this.posted.push(m);
  }
  reply(m: HostMessage) {
    this.emit('message', m);
  }
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('CoreClient', () => {
  it('answers each call with the result of its id', async () => {
    const child = new FakeChild();
    const client = new CoreClient(child);
    const a = client.call('getStats', {}, Date.now() + 1000);
    const b = client.call('getSession', { id: 3 }, Date.now() + 1000);
    const [ca, cb] = child.posted as Extract<HostRequest, { type: 'call' }>[];
    child.reply({ type: 'result', id: cb!.id, ok: false, error: { code: 'session.not-found', message: 'no 3' } });
    child.reply({ type: 'result', id: ca!.id, ok: true, result: { totalRecords: 1 } });
    expect(await a).toEqual({ ok: true, result: { totalRecords: 1 } });
    expect(await b).toEqual({ ok: false, error: { code: 'session.not-found', message: 'no 3' } });
  });

  it('stops waiting at the deadline, answering timeout, and ignores the late result', async () => {
    const child = new FakeChild();
    const client = new CoreClient(child);
    const r = client.call('getStatus', {}, Date.now() + 2000);
    await vi.advanceTimersByTimeAsync(2000);
    expect(await r).toMatchObject({ ok: false, error: { code: 'timeout' } });
    child.reply({ type: 'result', id: 1, ok: true, result: {} });
  });

  it("bounds a renderer's deadline by the method's limit", () => {
    const now = 1_000_000;
    expect(boundedDeadline('getStatus', now + 10, now)).toBe(now + 10);
    expect(boundedDeadline('getStatus', now + 3_600_000, now)).toBe(now + DEFAULT_CALL_TIMEOUT_MS);
    expect(boundedDeadline('importCsvFile', now + 3_600_000, now)).toBe(now + callTimeoutMs('importCsvFile'));
    expect(boundedDeadline('getStatus', Number.NaN, now)).toBe(now + DEFAULT_CALL_TIMEOUT_MS);
    expect(boundedDeadline('getStatus', '9999999999999', now)).toBe(now + DEFAULT_CALL_TIMEOUT_MS);
    expect(boundedDeadline('getStatus', now - 5, now)).toBe(now - 5);
  });

  it('fails calls in flight with core-exited when the core stops, and later calls at once', async () => {
    const child = new FakeChild();
    const client = new CoreClient(child);
    const ready = client.ready.catch((e: Error) => e.message);
    const inFlight = client.call('runMaintenance', {}, Date.now() + 60_000);
    child.emit('exit', 9);
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'core-exited' } });
    expect(await ready).toBe('station core exited with code 9');
    const posted = child.posted.length;
    expect(await client.call('getStats', {}, Date.now() + 1000)).toMatchObject({
      ok: false,
      error: { code: 'core-exited' },
    });
    expect(child.posted).toHaveLength(posted);
  });

  it('sends a method name that is not a string as one the adapter refuses', () => {
    const child = new FakeChild();
    void new CoreClient(child).call({ evil: true }, {}, Date.now() + 1000);
    expect(child.posted[0]).toMatchObject({ type: 'call', method: '' });
  });
});
