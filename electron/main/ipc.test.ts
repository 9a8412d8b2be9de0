/**
 * The IPC handler with the core behind it: a call from a frame that is not ours never reaches the
 * core, a bad payload is refused by the contract's adapter before any handler runs, and a dead, hung
 * or failing core answers an envelope with the contract's code — the handler never throws.
 */
import type { WebContents } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MethodHandlers } from '../../native-bridge/contract/call-adapter.js';
import type { ResultEnvelope } from '../../native-bridge/contract/envelope.js';
import { InProcessCore } from '../../testing/electron/in-process-core.js';
import { IPC_CALL, IPC_EVENT } from '../ipc-channels.js';
import { CoreClient } from './core-client.js';
import { registerIpc, type CoreCalls, type IpcRegistry } from './ipc.js';

type Handler = Parameters<IpcRegistry['handle']>[1];

class FakeWindow {
  readonly sent: unknown[][] = [];
  destroyed = false;
  failing = false;
  isDestroyed() {
    return this.destroyed;
  }
  send(...args: unknown[]) {
    if (this.failing) throw new Error('render frame disposed');
    this.sent.push(args);
  }
}

function wire(core: CoreCalls, windows: FakeWindow[]) {
  const handlers = new Map<string, Handler>();
  registerIpc({ handle: (ch, h) => void handlers.set(ch, h) }, core, () => windows as unknown as WebContents[]);
  const handler = handlers.get(IPC_CALL)!;
  const topFrame = { parent: null };
  const invoke = (sender: unknown, ...args: unknown[]) =>
    handler({ sender: sender as WebContents, senderFrame: topFrame as never }, ...args);
  return { handler, invoke };
}

const handlersSeen: unknown[] = [];
const coreHandlers: Partial<MethodHandlers> = {
  getLatestReadings: (p) => {
    handlersSeen.push(p);
    return [];
  },
  getStats: () => {
    throw Object.assign(new Error('disk I/O error'), { code: 'store.unavailable' });
  },
};

afterEach(() => {
  handlersSeen.length = 0;
  vi.useRealTimers();
});

describe('registerIpc over a core client', () => {
  it("answers the station's own window through the adapter", async () => {
    const win = new FakeWindow();
    const { invoke } = wire(new CoreClient(new InProcessCore(coreHandlers)), [win]);
    expect(await invoke(win, 'getLatestReadings', { limit: 5 }, Date.now() + 1000)).toEqual({ ok: true, result: [] });
    expect(handlersSeen).toEqual([{ limit: 5 }]);
  });

  it('refuses an unknown sender without calling the core', async () => {
    const win = new FakeWindow();
    const core = new InProcessCore(coreHandlers);
    const { invoke, handler } = wire(new CoreClient(core), [win]);
    const stranger = new FakeWindow();
    expect(await invoke(stranger, 'getLatestReadings', {}, Date.now() + 1000)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const inIframe = await handler(
      { sender: win as unknown as WebContents, senderFrame: { parent: {} } as never },
      'getLatestReadings',
      {},
    );
    expect(inIframe).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(core.received).toEqual([]);
  });

  it('refuses a bad payload in the adapter: no handler runs, and the answer does not echo it', async () => {
    const win = new FakeWindow();
    const { invoke } = wire(new CoreClient(new InProcessCore(coreHandlers)), [win]);
    const bad: [unknown, unknown][] = [
      ['getLatestReadings', { limit: 'SECRET-VALUE' }],
      ['getLatestReadings', { limit: 5, extra: 'SECRET-VALUE' }],
      ['getLatestReadings', 'SECRET-VALUE'],
      [{ toString: () => 'getLatestReadings' }, {}],
      ['__proto__', {}],
      ['dropAllTables', {}],
      [undefined, undefined],
    ];
    for (const [method, params] of bad) {
      const r = (await invoke(win, method, params, Date.now() + 1000)) as Extract<ResultEnvelope, { ok: false }>;
      expect(r.ok, String(method)).toBe(false);
      expect(['bad-params', 'unknown-method']).toContain(r.error.code);
      expect(r.error.message).not.toContain('SECRET-VALUE');
    }
    expect(handlersSeen).toEqual([]);
  });

  it("keeps a handler's domain code", async () => {
    const win = new FakeWindow();
    const { invoke } = wire(new CoreClient(new InProcessCore(coreHandlers)), [win]);
    expect(await invoke(win, 'getStats', {}, Date.now() + 1000)).toMatchObject({
      ok: false,
      error: { code: 'store.unavailable' },
    });
  });

  it('answers core-exited for a dead core, and timeout for a hung one', async () => {
    vi.useFakeTimers();
    const win = new FakeWindow();
    const dead = new InProcessCore(coreHandlers);
    const deadClient = new CoreClient(dead);
    deadClient.ready.catch(() => undefined);
    const { invoke: invokeDead } = wire(deadClient, [win]);
    dead.exit(137);
    expect(await invokeDead(win, 'getLatestReadings', {}, Date.now() + 1000)).toMatchObject({
      ok: false,
      error: { code: 'core-exited' },
    });

    const hung = new InProcessCore(coreHandlers);
    hung.silent = true;
    const { invoke } = wire(new CoreClient(hung), [win]);
    const r = invoke(win, 'getLatestReadings', {}, Date.now() + 3000);
    await vi.advanceTimersByTimeAsync(3000);
    expect(await r).toMatchObject({ ok: false, error: { code: 'timeout' } });
  });

  it('never throws, even when the core does', async () => {
    const win = new FakeWindow();
    const throwing: CoreCalls = {
      call: () => {
        throw new Error('boom');
      },
      onEvent: () => () => undefined,
    };
    expect(await wire(throwing, [win]).invoke(win, 'getStats', {})).toMatchObject({
      ok: false,
      error: { code: 'failed' },
    });
  });

  it("relays the core's events to the windows still open, past one that fails", () => {
    const [a, b, gone] = [new FakeWindow(), new FakeWindow(), new FakeWindow()];
    a.failing = true;
    gone.destroyed = true;
    const core = new InProcessCore(coreHandlers);
    wire(new CoreClient(core), [a, b, gone]);
    core.send({ type: 'event', event: 'onNotice', payload: { id: 1 } });
    expect(b.sent).toEqual([[IPC_EVENT, 'onNotice', { id: 1 }]]);
    expect(gone.sent).toEqual([]);
  });
});
