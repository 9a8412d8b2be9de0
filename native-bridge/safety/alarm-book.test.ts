import { describe, expect, it } from 'vitest';
import type { Alarm, AlarmTransition } from '../contract/index.js';
import { AlarmBook, type RaiseAlarm } from './alarm-book.js';
import { SafetyMonitor } from './safety-monitor.js';
import { DEFAULT_LIMITS } from './safety-limits.js';

const warm: RaiseAlarm = {
  key: 'rule.t:1',
  code: 'T_WARN',
  severity: 'warning',
  source: 'rule',
  message: 'cell 1 at 55 °C',
};

function setup(opts: ConstructorParameters<typeof AlarmBook>[2] = {}) {
  const clock = { t: 1000 };
  const changes: [AlarmTransition, Alarm][] = [];
  const book = new AlarmBook(
    (a, c) => changes.push([c, a]),
    () => clock.t,
    opts,
  );
  return { clock, changes, book, kinds: () => changes.map(([c]) => c) };
}

describe('alarm book: one lifecycle', () => {
  it('keeps one alarm per condition, escalates it and asks for a new acknowledgement after escalation', () => {
    const { clock, book, kinds, changes } = setup();
    const a = book.raise(warm);
    book.raise({ ...warm, message: 'cell 1 at 56 °C' });
    expect(kinds()).toEqual(['raised']);
    expect(book.acknowledge(a.id, 'Dana', 'probe checked')).toBe(true);
    expect(book.activeAlarms()[0]).toMatchObject({
      acknowledgedBy: 'Dana',
      ackComment: 'probe checked',
      acknowledgedAtMs: 1000,
    });
    clock.t = 2000;
    book.raise({ ...warm, code: 'T_MAX', severity: 'critical', message: 'cell 1 at 80 °C' });
    expect(book.activeAlarms()).toMatchObject([
      {
        id: a.id,
        code: 'T_MAX',
        severity: 'critical',
        message: 'cell 1 at 80 °C',
        acknowledgedAtMs: null,
        acknowledgedBy: null,
        raisedAtMs: 1000,
        escalatedAtMs: 2000,
      },
    ]);
    // A lower severity later is the same alarm, still at its peak.
    book.raise(warm);
    book.clear(warm.key);
    expect(book.activeAlarms()).toEqual([]);
    expect(kinds()).toEqual(['raised', 'acknowledged', 'escalated', 'cleared']);
    expect(changes.at(-1)![1]).toMatchObject({ clearedAtMs: 2000, severity: 'critical', closedBy: null });
  });

  it('logs transitions only: a message that changes on every reading is not a change', () => {
    const { book, kinds } = setup();
    for (let i = 0; i < 1000; i++) book.raise({ ...warm, message: `cell 1 at ${50 + i / 100} °C` });
    expect(kinds()).toEqual(['raised']);
    expect(book.recent(10)).toHaveLength(1);
    expect(book.recent(10)[0]!.message).toBe('cell 1 at 50 °C');
  });

  it('orders active alarms by severity first, and refuses unknown ids', () => {
    const { book } = setup();
    book.raise({ key: 'a', code: 'A', severity: 'warning', source: 'link', message: 'a' });
    book.raise({ key: 'b', code: 'B', severity: 'critical', source: 'rule', message: 'b' });
    expect(book.activeAlarms().map((x) => x.key)).toEqual(['b', 'a']);
    expect(book.acknowledge(999, 'Dana')).toBe(false);
  });

  it('filters by device, severity and source', () => {
    const { book } = setup();
    book.raise({ key: 'a', code: 'A', severity: 'warning', source: 'rule', deviceId: 'R1', message: 'a' });
    book.raise({ key: 'b', code: 'B', severity: 'critical', source: 'model', deviceId: 'R2', message: 'b' });
    book.raise({ key: 'c', code: 'C', severity: 'alarm', source: 'link', deviceId: 'R1', message: 'c' });
    expect(book.activeAlarms({ deviceId: 'R1' }).map((x) => x.key)).toEqual(['c', 'a']);
    expect(book.activeAlarms({ minSeverity: 'alarm' }).map((x) => x.key)).toEqual(['b', 'c']);
    expect(book.recent(10, { source: 'model' }).map((x) => x.key)).toEqual(['b']);
    expect(book.recent(2).map((x) => x.key)).toEqual(['c', 'b']);
  });
});

describe('alarm book: clearing with a hold', () => {
  it('clears only once the condition has stayed away for the hold, at the time it went away', () => {
    const { clock, book, kinds } = setup({ clearHoldMs: 5000 });
    book.raise(warm);
    clock.t = 2000;
    book.clear(warm.key);
    clock.t = 6999;
    book.settle();
    expect(book.activeAlarms()).toHaveLength(1);
    clock.t = 7000;
    book.settle();
    expect(book.activeAlarms()).toEqual([]);
    expect(book.recent(1)[0]).toMatchObject({ clearedAtMs: 2000 });
    expect(kinds()).toEqual(['raised', 'cleared']);
  });

  it('keeps one alarm while a value flickers across a limit (V_LOW at 2.499 V / 2.501 V every 10 ms)', () => {
    const run = (clearHoldMs: number) => {
      const { clock, book, kinds } = setup({ clearHoldMs });
      // The rule's own margin and delay off, so that the condition itself flickers every reading.
      const monitor = new SafetyMonitor(book, () => undefined, {
        ...DEFAULT_LIMITS,
        voltLowMarginV: 0,
        voltLowHoldS: 0,
      });
      for (let i = 0; i < 2000; i++) {
        clock.t = 1000 + i * 10;
        const voltageV = i % 2 === 0 ? 2.499 : 2.501;
        monitor.onReadings([
          {
            deviceId: 'R1',
            cell: 1,
            seq: i,
            tDevMs: clock.t,
            tHostMs: clock.t,
            voltageV,
            tempC: 25,
            currentA: 1,
            ambientC: 22,
            humidityPct: 40,
            socPct: 5,
            socEstimated: false,
          },
        ]);
        book.settle();
      }
      return kinds();
    };
    // Without a hold every reading raises or clears: the log the report choked on.
    expect(run(0).length).toBe(2000);
    expect(run(5000)).toEqual(['raised']);
  });

  it('a raise during the hold cancels the clear; an escalation during it escalates', () => {
    const { clock, book, kinds } = setup({ clearHoldMs: 5000 });
    const a = book.raise(warm);
    book.clear(warm.key);
    clock.t = 3000;
    book.raise(warm);
    clock.t = 9000;
    book.settle();
    expect(book.activeAlarms().map((x) => x.id)).toEqual([a.id]);
    book.clear(warm.key);
    book.raise({ ...warm, severity: 'alarm' });
    clock.t = 20_000;
    book.settle();
    expect(kinds()).toEqual(['raised', 'escalated']);
  });
});

describe('alarm book: standing until acknowledged', () => {
  it('keeps a cleared alarm nobody acknowledged standing until someone does', () => {
    const { clock, book, kinds } = setup();
    const a = book.raise(warm);
    book.clear(warm.key);
    expect(book.activeAlarms()).toEqual([]);
    expect(book.standing()).toMatchObject([{ id: a.id, clearedAtMs: 1000, acknowledgedAtMs: null }]);
    clock.t = 4000;
    expect(book.acknowledge(a.id, 'Lee')).toBe(true);
    expect(book.standing()).toEqual([]);
    expect(book.recent(1)[0]).toMatchObject({ acknowledgedBy: 'Lee', acknowledgedAtMs: 4000, clearedAtMs: 1000 });
    // Cleared and acknowledged, it is no longer standing: there is nothing left to acknowledge.
    expect(book.acknowledge(a.id, 'Sam')).toBe(false);
    expect(kinds()).toEqual(['raised', 'cleared', 'acknowledged']);
  });

  it('an acknowledged alarm leaves the standing list when it clears', () => {
    const { book } = setup();
    const a = book.raise(warm);
    expect(book.acknowledge(a.id, 'Lee')).toBe(true);
    expect(book.acknowledge(a.id, 'Sam')).toBe(true);
    expect(book.activeAlarms()[0]!.acknowledgedBy).toBe('Lee');
    book.clear(warm.key);
    expect(book.standing()).toEqual([]);
  });
});

describe('alarm book: across a restart', () => {
  const before = (): Alarm[] => {
    const { book } = setup();
    const open = book.raise({ ...warm, deviceId: 'R1', cell: 1 });
    book.acknowledge(open.id, 'Dana', 'known hot cell');
    const flicker = book.raise({ key: 'rule.v:2', code: 'V_LOW', severity: 'alarm', source: 'rule', message: 'v' });
    book.clear('rule.v:2');
    const done = book.raise({ key: 'rule.v:3', code: 'V_LOW', severity: 'alarm', source: 'rule', message: 'v' });
    book.acknowledge(done.id, 'Dana');
    book.clear('rule.v:3');
    expect(flicker.id).toBeGreaterThan(open.id);
    return book.recent(10);
  };

  it('an acknowledged alarm raised again goes on as the same alarm, still acknowledged, with nothing pushed', () => {
    const stored = before();
    const { book, kinds, clock } = setup({ restoreGraceMs: 30_000 });
    const reconfirmed: number[] = [];
    const after = new AlarmBook(
      () => undefined,
      () => clock.t,
      { onReconfirmed: (a) => reconfirmed.push(a.id) },
    );
    after.restore(stored);
    book.restore(stored);
    expect(book.standing().map((a) => a.code)).toEqual(['T_WARN', 'V_LOW']);
    clock.t = 5000;
    const again = book.raise({ ...warm, deviceId: 'R1', cell: 1, message: 'cell 1 at 54 °C' });
    expect(again).toMatchObject({
      id: stored.find((a) => a.code === 'T_WARN')!.id,
      acknowledgedBy: 'Dana',
      ackComment: 'known hot cell',
    });
    after.raise(warm);
    expect(reconfirmed).toEqual([again.id]);
    clock.t = 100_000;
    book.settle();
    expect(book.activeAlarms().map((a) => a.id)).toEqual([again.id]);
    expect(kinds()).toEqual([]);
    // New alarms do not reuse a restored id.
    expect(book.raise({ ...warm, key: 'new' }).id).toBe(Math.max(...stored.map((a) => a.id)) + 1);
  });

  it('a restored alarm not raised again closes as `restart` after the grace; unacknowledged, it stays standing', () => {
    const stored = before();
    const { book, clock, changes } = setup({ restoreGraceMs: 30_000 });
    book.restore(stored.map((a) => (a.code === 'T_WARN' ? { ...a, acknowledgedAtMs: null, acknowledgedBy: null } : a)));
    clock.t = 30_999;
    book.settle();
    expect(book.activeAlarms()).toHaveLength(1);
    clock.t = 31_000;
    book.settle();
    expect(book.activeAlarms()).toEqual([]);
    expect(changes).toMatchObject([['cleared', { code: 'T_WARN', closedBy: 'restart', clearedAtMs: 31_000 }]]);
    // Both cleared unacknowledged now: worst first.
    expect(book.standing().map((a) => a.code)).toEqual(['V_LOW', 'T_WARN']);
  });
});

describe('alarm book: a condition that comes back before anyone acknowledged it', () => {
  const runaway: RaiseAlarm = {
    key: 'model.risk:R1#3',
    code: 'Runaway',
    severity: 'critical',
    source: 'model',
    deviceId: 'R1',
    cell: 3,
    message: 'R1 cell 3: the risk model puts it at Runaway',
  };

  it('reopens the standing alarm as `returned`, one entry counting its returns, not a second alarm', () => {
    const { clock, book, kinds, changes } = setup({ clearHoldMs: 5000 });
    const a = book.raise(runaway);
    for (const [goneAt, backAt] of [
      [2000, 9000],
      [12_000, 20_000],
    ] as const) {
      clock.t = goneAt;
      book.clear(runaway.key);
      clock.t = goneAt + 5000;
      book.settle();
      expect(book.activeAlarms()).toEqual([]);
      clock.t = backAt;
      expect(book.raise({ ...runaway, message: 'again' }).id).toBe(a.id);
    }
    expect(kinds()).toEqual(['raised', 'cleared', 'returned', 'cleared', 'returned']);
    expect(changes.at(-1)![1]).toMatchObject({ id: a.id, returnCount: 2, returnedAtMs: 20_000, clearedAtMs: null });
    expect(book.activeAlarms()).toMatchObject([
      { id: a.id, returnCount: 2, raisedAtMs: 1000, clearedAtMs: null, closedBy: null, acknowledgedAtMs: null },
    ]);
    expect(book.standing().map((x) => x.id)).toEqual([a.id]);
    expect(book.recent(10).map((x) => x.id)).toEqual([a.id]);
    // Acknowledged now, it is done once it clears: the next raise is a new alarm.
    expect(book.acknowledge(a.id, 'Lee')).toBe(true);
    book.clear(runaway.key);
    clock.t = 30_000;
    book.settle();
    expect(book.raise(runaway)).toMatchObject({ id: a.id + 1, returnCount: 0, returnedAtMs: null });
  });

  it('an acknowledged alarm that cleared is done: raised again, it is a new alarm with its own acknowledgement', () => {
    const { clock, book, kinds } = setup();
    const before = book.raise(runaway);
    book.acknowledge(before.id, 'Dana');
    book.clear(runaway.key);
    const afterClear = book.raise({ ...runaway, key: 'rule.T_MAX:R1#3', code: 'T_MAX' });
    book.clear('rule.T_MAX:R1#3');
    clock.t = 2000;
    book.acknowledge(afterClear.id, 'Dana');
    const again = book.raise(runaway);
    const againTmax = book.raise({ ...runaway, key: 'rule.T_MAX:R1#3', code: 'T_MAX' });
    expect(again.id).not.toBe(before.id);
    expect(againTmax.id).not.toBe(afterClear.id);
    expect([again, againTmax]).toMatchObject([
      { returnCount: 0, acknowledgedAtMs: null },
      { returnCount: 0, acknowledgedAtMs: null },
    ]);
    expect(kinds()).toEqual([
      'raised',
      'acknowledged',
      'cleared',
      'raised',
      'cleared',
      'acknowledged',
      'raised',
      'raised',
    ]);
  });

  it('a return at a higher severity returns, then escalates, still one alarm', () => {
    const { clock, book, kinds, changes } = setup();
    const a = book.raise({ ...runaway, code: 'Warning', severity: 'warning' });
    book.clear(runaway.key);
    clock.t = 3000;
    expect(book.raise(runaway)).toMatchObject({ id: a.id, severity: 'critical', code: 'Runaway', returnCount: 1 });
    expect(kinds()).toEqual(['raised', 'cleared', 'returned', 'escalated']);
    expect(changes[2]![1]).toMatchObject({ severity: 'warning', returnedAtMs: 3000 });
    expect(changes[3]![1]).toMatchObject({ severity: 'critical', escalatedAtMs: 3000 });
  });

  it('a restored alarm that cleared unacknowledged returns after a restart under its id', () => {
    const { book: first } = setup();
    const a = first.raise(runaway);
    first.clear(runaway.key);
    const { book, kinds, changes } = setup();
    book.restore(first.recent(10));
    expect(book.raise(runaway)).toMatchObject({ id: a.id, returnCount: 1 });
    expect(kinds()).toEqual(['returned']);
    expect(changes[0]![1]).toMatchObject({ id: a.id, clearedAtMs: null });
    expect(book.standing().map((x) => x.id)).toEqual([a.id]);
  });

  it('of several standing alarms of one key (stations before returns opened one per raise), the newest goes on', () => {
    const { book: old } = setup();
    const first = old.raise(runaway);
    old.clear(runaway.key);
    // Written as an earlier station did: the raise after the clear its own alarm, a later id.
    const stored = [first, { ...first, id: first.id + 1, raisedAtMs: 1500 }].map((x) => ({ ...x, clearedAtMs: 2000 }));
    const { book } = setup();
    book.restore(stored);
    expect(book.raise(runaway)).toMatchObject({ id: first.id + 1, returnCount: 1 });
    expect(book.standing().map((x) => x.id)).toEqual([first.id + 1, first.id]);
  });
});
