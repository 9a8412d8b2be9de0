/** Commands and their acks: matching by id, ERR reasons, timeouts, a dead port, id wrap-around. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeLine, type AckFrame, type CommandFrame } from '../protocol/index.js';
import { CommandChannel, commandOnWire } from './command-channel.js';

afterEach(() => vi.useRealTimers());

function channel(timeoutMs = 1000) {
  const sent: CommandFrame[] = [];
  let fail: Error | null = null;
  const ch = new CommandChannel({
    timeoutMs,
    write: async (line) => {
      if (fail) throw fail;
      const r = decodeLine(line);
      if (!r.ok || r.frame.kind !== 'command') throw new Error(`not a command: ${line}`);
      sent.push(r.frame);
    },
  });
  const ack = (cmdId: number, ok: boolean, detail: string, t = Date.now()): void =>
    ch.onAck({ kind: 'ack', deviceId: 'D', cmdId, ok, detail } satisfies AckFrame, t);
  return { ch, sent, ack, failWith: (e: Error) => (fail = e) };
}

describe('CommandChannel', () => {
  it('encodes commands with fresh ids and resolves each with its own ack', async () => {
    const { ch, sent, ack } = channel();
    const rate = ch.send('RATE', '500');
    const cfg = ch.send('CONFIG');
    await Promise.resolve();
    expect(sent.map((c) => [c.cmdId, c.name, c.arg])).toEqual([
      [1, 'RATE', '500'],
      [2, 'CONFIG', null],
    ]);
    ack(2, true, 'period_ms=500;cells=4');
    ack(1, true, 'period_ms=500');
    await expect(rate).resolves.toMatchObject({ ok: true, detail: 'period_ms=500', error: null });
    await expect(cfg).resolves.toMatchObject({ ok: true, detail: 'period_ms=500;cells=4' });
    expect(ch.waiting).toBe(0);
  });

  it('passes on the device’s ERR reason', async () => {
    const { ch, ack } = channel();
    const p = ch.send('RELAY', 'CLOSE');
    await Promise.resolve();
    ack(1, false, 'LIMIT_ACTIVE;limit=t_max');
    await expect(p).resolves.toMatchObject({ ok: false, error: 'LIMIT_ACTIVE', detail: 'LIMIT_ACTIVE;limit=t_max' });
    expect(ch.errors).toBe(1);
  });

  it('gives up after the timeout and ignores a late ack', async () => {
    vi.useFakeTimers();
    const { ch, ack } = channel(1500);
    const p = ch.send('PING');
    await vi.advanceTimersByTimeAsync(1500);
    await expect(p).resolves.toMatchObject({ ok: false, error: 'timeout' });
    ack(1, true, '-');
    expect(ch.timeouts).toBe(1);
  });

  it('reports a write that fails (port closed, queue full) with its code', async () => {
    const { ch, failWith } = channel();
    failWith(Object.assign(new Error('Serial /dev/x is not connected'), { code: 'not-connected' }));
    await expect(ch.send('PING')).resolves.toMatchObject({ ok: false, error: 'not-connected' });
  });

  it('ends every waiting command when the port closes', async () => {
    const { ch } = channel(60_000);
    const a = ch.send('PING');
    const b = ch.send('HELLO');
    ch.cancelAll('port closed');
    await expect(Promise.all([a, b])).resolves.toEqual([
      { ok: false, detail: 'port closed', error: 'not-connected', rttMs: null },
      { ok: false, detail: 'port closed', error: 'not-connected', rttMs: null },
    ]);
  });

  it('wraps ids after 65535, skipping 0 and ids still waiting', async () => {
    const { ch, sent, ack } = channel(60_000);
    const first = ch.send('PING');
    for (let i = 2; i <= 65535; i++) {
      void ch.send('PING');
      await Promise.resolve();
      ack(i, true, '-');
    }
    void ch.send('PING');
    await Promise.resolve();
    expect(sent.at(-1)!.cmdId).toBe(2);
    ack(1, true, '-');
    await expect(first).resolves.toMatchObject({ ok: true });
  });
});

describe('commandOnWire', () => {
  it('puts each contract command in its protocol v1 name and argument', () => {
    expect(commandOnWire({ name: 'RATE', periodMs: 250 })).toEqual(['RATE', '250']);
    expect(commandOnWire({ name: 'IDENT', seconds: 5 })).toEqual(['IDENT', '5']);
    expect(commandOnWire({ name: 'RELAY', state: 'OPEN' })).toEqual(['RELAY', 'OPEN']);
    expect(commandOnWire({ name: 'PING' })).toEqual(['PING', null]);
  });
});
