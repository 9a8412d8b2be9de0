/**
 * The core host's side of a call: it waits for the core to start, and one whose deadline passed in
 * the meantime is answered `timeout` and never reaches the core — the IPC twin of the WebSocket's
 * "a call that timed out is never sent later".
 */
import { describe, expect, it } from 'vitest';
import { createCallAdapter, type MethodHandlers } from '../../native-bridge/contract/call-adapter.js';
import type { ResultMessage } from '../../native-bridge/contract/envelope.js';
import { hostCalls } from './host-calls.js';

function recordingCore() {
  const commands: unknown[] = [];
  const handlers = {
    sendDeviceCommand: (p: unknown) => {
      commands.push(p);
      return { ok: true, detail: 'relay=open', error: null, rttMs: 3 };
    },
  } as unknown as MethodHandlers;
  return { commands, adapter: createCallAdapter(handlers) };
}

const relayOpen = { spec: 'sim', command: { name: 'RELAY', state: 'OPEN' } };

describe('hostCalls', () => {
  it('a call that timed out while the core was starting is never run', async () => {
    const { commands, adapter } = recordingCore();
    let start!: () => void;
    const started = new Promise<typeof adapter>((r) => (start = () => r(adapter)));
    const posted: ResultMessage[] = [];
    let now = 1000;
    const answer = hostCalls(
      started,
      (m) => posted.push(m),
      () => now,
    );
    const late = answer({ type: 'call', id: 7, method: 'sendDeviceCommand', params: relayOpen, deadlineMs: 1500 });
    const inTime = answer({ type: 'call', id: 8, method: 'sendDeviceCommand', params: relayOpen, deadlineMs: 9000 });
    now = 2000; // the core took a second to open its database
    start();
    await Promise.all([late, inTime]);
    expect(posted.find((m) => m.id === 7)).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(posted.find((m) => m.id === 8)).toMatchObject({ ok: true, result: { detail: 'relay=open' } });
    expect(commands).toHaveLength(1);
  });

  it('answers through the adapter with the id of the call, and core-exited when the core never starts', async () => {
    const { adapter } = recordingCore();
    const posted: ResultMessage[] = [];
    await hostCalls(Promise.resolve(adapter), (m) => posted.push(m))({
      type: 'call',
      id: 3,
      method: 'dropTables',
      params: {},
      deadlineMs: Date.now() + 1000,
    });
    const failed = Promise.reject(new Error('database is locked'));
    await hostCalls(failed, (m) => posted.push(m))({
      type: 'call',
      id: 4,
      method: 'getStats',
      params: {},
      deadlineMs: Date.now() + 1000,
    });
    expect(posted).toEqual([
      {
        type: 'result',
        id: 3,
        ok: false,
        error: { code: 'unknown-method', message: 'No such method in the contract.' },
      },
      { type: 'result', id: 4, ok: false, error: { code: 'core-exited', message: 'The station core did not start.' } },
    ]);
  });
});
