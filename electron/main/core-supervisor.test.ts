/**
 * The supervisor over stand-in core processes: a crash restarts the core after a delay with a notice
 * each way, calls meanwhile answer core-exited at once, a core that keeps crashing or cannot start is
 * left stopped, and a shutdown waits for the core to flush — killing it only past the deadline.
 */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Notice } from '../../native-bridge/contract/domain.js';
import type { HostMessage, HostRequest } from '../ipc-channels.js';
import { CoreSupervisor, type CoreState } from './core-supervisor.js';

class FakeCore extends EventEmitter {
  readonly posted: HostRequest[] = [];
  killed = false;
  /** How the fake answers `shutdown`: flush and exit, or hang. */
  onShutdown: 'exit' | 'hang' = 'exit';
  postMessage(m: HostRequest) {
    this.posted.push(m);
    if (m.type === 'shutdown' && this.onShutdown === 'exit') queueMicrotask(() => this.emit('exit', 0));
    if (m.type === 'call') queueMicrotask(() => this.reply({ type: 'result', id: m.id, ok: true, result: 'pong' }));
  }
  reply(m: HostMessage) {
    this.emit('message', m);
  }
  kill() {
    this.killed = true;
    queueMicrotask(() => this.emit('exit', 137));
    return true;
  }
}

function supervised(opts: { maxCrashes?: number } = {}) {
  const cores: FakeCore[] = [];
  const notices: Notice[] = [];
  const states: CoreState[] = [];
  const sup = new CoreSupervisor({
    spawn: () => {
      const c = new FakeCore();
      cores.push(c);
      queueMicrotask(() => c.reply({ type: 'ready', dbPath: '/data/station.sqlite' }));
      return c;
    },
    restartDelaysMs: [100, 1000],
    shutdownTimeoutMs: 5000,
    ...opts,
  });
  sup.onEvent((e, p) => void (e === 'onNotice' && notices.push(p as Notice)));
  sup.onStateChange((s) => states.push(s));
  const last = () => cores[cores.length - 1]!;
  return { sup, cores, notices, states, last };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('CoreSupervisor', () => {
  it('restarts a crashed core after the delay, telling the operator both ways', async () => {
    const { sup, cores, notices, states, last } = supervised();
    expect(await sup.call('getStats', {}, Date.now() + 1000)).toEqual({ ok: true, result: 'pong' });
    last().emit('exit', 139);
    expect(sup.state).toBe('restarting');
    expect(await sup.call('getStats', {}, Date.now() + 1000)).toMatchObject({
      ok: false,
      error: { code: 'core-exited', message: expect.stringMatching(/restarting/) },
    });
    expect(cores).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(cores).toHaveLength(2);
    expect(sup.state).toBe('running');
    expect(await sup.call('getStats', {}, Date.now() + 1000)).toEqual({ ok: true, result: 'pong' });
    expect(notices.map((n) => [n.level, n.code])).toEqual([
      ['warning', 'core.exited'],
      ['info', 'core.restarted'],
    ]);
    expect(notices[0]!.message).toMatch(/exit code 139/);
    expect(notices.every((n) => n.id < 0)).toBe(true);
    expect(states).toEqual(['restarting', 'running']);
  });

  it('fails the calls in flight when the core dies, and relays events from the new core', async () => {
    const { sup, last } = supervised();
    const first = last();
    first.postMessage = (m) => void first.posted.push(m); // never answers
    const inFlight = sup.call('runMaintenance', {}, Date.now() + 60_000);
    first.emit('exit', 9);
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'core-exited' } });
    await vi.advanceTimersByTimeAsync(100);
    const events: unknown[] = [];
    sup.onEvent((e, p) => void events.push([e, p]));
    last().reply({ type: 'event', event: 'onAlarmChanged', payload: { id: 4 } });
    first.reply({ type: 'event', event: 'onAlarmChanged', payload: { id: 'stale' } });
    expect(events).toEqual([['onAlarmChanged', { id: 4 }]]);
  });

  it('gives up after too many crashes in a row, and start() brings it back', async () => {
    const { sup, cores, notices, last } = supervised({ maxCrashes: 2 });
    for (let i = 0; i < 3; i++) {
      last().emit('exit', 1);
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(sup.state).toBe('failed');
    expect(cores).toHaveLength(3);
    expect(notices.at(-1)).toMatchObject({ level: 'error', code: 'core.failed' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(cores).toHaveLength(3);
    sup.start();
    expect(cores).toHaveLength(4);
    expect(sup.state).toBe('running');
  });

  it('does not restart a core that reported a fatal start-up error', async () => {
    const { sup, cores, notices, last } = supervised();
    sup.ready.catch(() => undefined);
    last().reply({ type: 'fatal', message: 'STATION_DEVICE: unknown kind "usb"' });
    last().emit('exit', 1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(cores).toHaveLength(1);
    expect(sup.state).toBe('failed');
    expect(notices).toEqual([expect.objectContaining({ code: 'core.failed', message: expect.stringMatching(/usb/) })]);
  });

  it('shutdown waits for the core to flush and exit, and never restarts it', async () => {
    const { sup, cores, notices, last } = supervised();
    let done = false;
    const stopping = sup.shutdown().then(() => (done = true));
    expect(last().posted.at(-1)).toEqual({ type: 'shutdown' });
    expect(sup.state).toBe('stopping');
    await stopping;
    expect(done).toBe(true);
    expect(sup.state).toBe('stopped');
    expect(last().killed).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(cores).toHaveLength(1);
    expect(notices).toEqual([]);
    expect(await sup.call('getStats', {}, Date.now() + 1000)).toMatchObject({ error: { code: 'core-exited' } });
    await sup.shutdown();
    expect(last().posted.filter((m) => m.type === 'shutdown')).toHaveLength(1);
  });

  it('kills a core that does not finish flushing in time', async () => {
    const { sup, last } = supervised();
    last().onShutdown = 'hang';
    let done = false;
    void sup.shutdown().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(4999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(last().killed).toBe(true);
    expect(done).toBe(true);
    expect(sup.state).toBe('stopped');
  });

  it('a shutdown during the restart delay cancels the restart', async () => {
    const { sup, cores, last } = supervised();
    last().emit('exit', 1);
    await sup.shutdown();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(cores).toHaveLength(1);
    expect(sup.state).toBe('stopped');
  });
});
