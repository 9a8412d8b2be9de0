/**
 * The alarm lifecycle through a whole station on a real SQLite file: transitions (not message updates)
 * in the log, the acknowledgement with its name and comment surviving a restart, the log reaching back
 * over the restart, and the interlock switch remembered.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { AlarmChange } from '../contract/index.js';
import { testCleanups } from '../../testing/test-cleanups.js';
import { callStation } from '../../testing/station-calls.js';
import { StationCore } from './station.js';

const cleanups = testCleanups();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function station(dataDir: string, restoreGraceMs = 30_000) {
  const core = new StationCore({
    dataDir,
    logger: () => undefined,
    model: { path: null },
    alarms: { clearHoldMs: 200, restoreGraceMs, settleEveryMs: 20 },
  });
  const pushed: AlarmChange[] = [];
  core.on((event, payload) => {
    if (event === 'onAlarmChanged') pushed.push(payload as AlarmChange);
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await core.close();
  };
  cleanups.defer(close);
  return { core, pushed, close };
}

async function call<T>(core: StationCore, method: string, params: unknown): Promise<T> {
  const r = await callStation(core, method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.result as T;
}

const hot = (message: string) => ({
  key: 'rule.T_ALARM:RIG1#3',
  code: 'T_ALARM',
  severity: 'alarm' as const,
  source: 'rule' as const,
  deviceId: 'RIG1',
  cell: 3,
  message,
});

describe('alarm lifecycle in the station', () => {
  it('stores transitions, keeps the acknowledgement over a restart, and the alarm goes on under its id', async () => {
    const dir = cleanups.tempDir('station-alarms-');
    const first = station(dir);
    const a = first.core.alarms.raise(hot('RIG1 cell 3: 61.0 °C'));
    for (let i = 0; i < 500; i++) first.core.alarms.raise(hot(`RIG1 cell 3: ${(61 + i / 100).toFixed(2)} °C`));
    expect(await call(first.core, 'acknowledgeAlarm', { id: a.id, by: 'Dana', comment: 'watching it' })).toEqual({
      ok: true,
    });
    const flicker = first.core.alarms.raise({ ...hot('v'), key: 'rule.V_LOW:RIG1#1', code: 'V_LOW', cell: 1 });
    first.core.alarms.clear('rule.V_LOW:RIG1#1');
    await sleep(400);
    expect(first.pushed.map((c) => `${c.change} ${c.alarm.code}`)).toEqual([
      'raised T_ALARM',
      'acknowledged T_ALARM',
      'raised V_LOW',
      'cleared V_LOW',
    ]);
    await first.close();

    const db = new Database(join(dir, 'station.sqlite'), { readonly: true });
    const changes = db.prepare(`SELECT change FROM alarm_changes ORDER BY rowid`).pluck().all();
    const row = db.prepare(`SELECT * FROM alarms WHERE id = ?`).get(a.id) as Record<string, unknown>;
    db.close();
    expect(changes).toEqual(['raised', 'acknowledged', 'raised', 'cleared']);
    expect(row).toMatchObject({ acknowledged_by: 'Dana', ack_comment: 'watching it', cleared_ms: null });

    const second = station(dir);
    const standing = await call<{ id: number; code: string; acknowledgedBy: string | null }[]>(
      second.core,
      'getActiveAlarms',
      {},
    );
    // Both come back: the open one acknowledged, the flicker nobody acknowledged still asking for it.
    expect(standing.map((x) => [x.id, x.code, x.acknowledgedBy])).toEqual([
      [a.id, 'T_ALARM', 'Dana'],
      [flicker.id, 'V_LOW', null],
    ]);
    const again = second.core.alarms.raise(hot('RIG1 cell 3: 62.0 °C'));
    expect(again).toMatchObject({ id: a.id, acknowledgedBy: 'Dana', ackComment: 'watching it' });
    const fresh = second.core.alarms.raise({ ...hot('x'), key: 'rule.RISE:RIG1#3', code: 'RISE' });
    expect(fresh.id).toBe(flicker.id + 1);
    expect(second.pushed.map((c) => `${c.change} ${c.alarm.code}`)).toEqual(['raised RISE']);
    // The log reaches over the restart, filtered.
    const list = await call<{ recent: { id: number }[]; active: { id: number }[] }>(second.core, 'getAlarms', {
      deviceId: 'RIG1',
      minSeverity: 'alarm',
    });
    expect(list.recent.map((x) => x.id)).toEqual([fresh.id, flicker.id, a.id]);
    expect(list.active.map((x) => x.id)).toEqual([a.id, fresh.id, flicker.id]);
    expect((await call<unknown[]>(second.core, 'getAlarmHistory', { source: 'link' })).length).toBe(0);
  });

  it('a condition back before anyone acknowledged it returns as the same alarm, counted, over a restart', async () => {
    const dir = cleanups.tempDir('station-alarms-');
    const first = station(dir);
    const a = first.core.alarms.raise(hot('RIG1 cell 3: 61.0 °C'));
    first.core.alarms.clear(hot('').key);
    await sleep(400);
    expect(first.core.alarms.raise(hot('RIG1 cell 3: 61.5 °C'))).toMatchObject({ id: a.id, returnCount: 1 });
    first.core.alarms.clear(hot('').key);
    await sleep(400);
    await first.close();

    const second = station(dir);
    const standing = await call<{ id: number; returnCount: number; clearedAtMs: number | null }[]>(
      second.core,
      'getActiveAlarms',
      {},
    );
    expect(standing).toMatchObject([{ id: a.id, returnCount: 1 }]);
    expect(standing[0]!.clearedAtMs).not.toBeNull();
    expect(second.core.alarms.raise(hot('RIG1 cell 3: 62.0 °C'))).toMatchObject({ id: a.id, returnCount: 2 });
    expect(second.pushed.map((c) => `${c.change} ${c.alarm.id}`)).toEqual([`returned ${a.id}`]);
    const history = await call<{ id: number; returnCount: number }[]>(second.core, 'getAlarmHistory', {});
    expect(history).toMatchObject([{ id: a.id, returnCount: 2 }]);
    await second.close();

    const db = new Database(join(dir, 'station.sqlite'), { readonly: true });
    const changes = db.prepare(`SELECT change FROM alarm_changes WHERE alarm_id = ? ORDER BY rowid`).pluck().all(a.id);
    const rows = db.prepare(`SELECT id, return_count, returned_ms, cleared_ms FROM alarms`).all() as Record<
      string,
      unknown
    >[];
    db.close();
    expect(changes).toEqual(['raised', 'cleared', 'returned', 'cleared', 'returned']);
    expect(rows).toMatchObject([{ id: a.id, return_count: 2, cleared_ms: null }]);
    expect(rows[0]!.returned_ms).toEqual(expect.any(Number));
  });

  it('closes a restored alarm that is not raised again as `restart` after the grace', async () => {
    const dir = cleanups.tempDir('station-alarms-');
    const first = station(dir);
    const a = first.core.alarms.raise(hot('RIG1 cell 3: 61.0 °C'));
    first.core.alarms.acknowledge(a.id, 'Dana');
    await first.close();
    const second = station(dir, 100);
    await sleep(400);
    expect(second.core.alarms.standing()).toEqual([]);
    expect(second.pushed).toMatchObject([{ change: 'cleared', alarm: { id: a.id, closedBy: 'restart' } }]);
    await second.close();
    const db = new Database(join(dir, 'station.sqlite'), { readonly: true });
    const changes = db.prepare(`SELECT change FROM alarm_changes ORDER BY rowid`).pluck().all();
    db.close();
    expect(changes).toEqual(['raised', 'acknowledged', 'closed-by-restart']);
  });

  it('remembers the interlock switch, and says when it cannot', async () => {
    const dir = cleanups.tempDir('station-alarms-');
    const first = station(dir);
    expect(await call(first.core, 'getInterlock', {})).toEqual({ enabled: true, remembered: true });
    expect(await call(first.core, 'setInterlock', { enabled: false })).toEqual({ enabled: false, remembered: true });
    await first.close();
    const second = station(dir);
    expect(await call(second.core, 'getInterlock', {})).toEqual({ enabled: false, remembered: true });
    const memory = new StationCore({ dataDir: null, logger: () => undefined, model: { path: null } });
    cleanups.defer(() => memory.close());
    expect(await call(memory, 'getInterlock', {})).toEqual({ enabled: true, remembered: false });
  });

  it('refuses a malformed acknowledgement with a clear error', async () => {
    const { core } = station(cleanups.tempDir('station-alarms-'));
    const r = await callStation(core, 'acknowledgeAlarm', { id: 1, by: 'x'.repeat(61) });
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-params' } });
    expect(await call(core, 'acknowledgeAlarm', { id: 12345, by: 'Dana' })).toEqual({ ok: false });
  });
});
