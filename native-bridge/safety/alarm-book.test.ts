import { describe, expect, it } from 'vitest';
import type { Alarm } from '../contract/index.js';
import { AlarmBook } from './alarm-book.js';

describe('alarm book', () => {
  it('keeps one alarm per condition, escalates it and needs a new acknowledgement after escalation', () => {
    let t = 1000;
    const changes: Alarm[] = [];
    const book = new AlarmBook(
      (a) => changes.push(a),
      () => t,
    );
    const a = book.raise({
      key: 'rule.t:1',
      code: 'T_HIGH',
      severity: 'warning',
      source: 'rule',
      message: 'cell 1 at 55 °C',
    });
    book.raise({ key: 'rule.t:1', code: 'T_HIGH', severity: 'warning', source: 'rule', message: 'cell 1 at 55 °C' });
    expect(changes).toHaveLength(1);
    expect(book.acknowledge(a.id)).toBe(true);
    t = 2000;
    book.raise({ key: 'rule.t:1', code: 'T_HIGH', severity: 'critical', source: 'rule', message: 'cell 1 at 80 °C' });
    expect(book.activeAlarms()).toMatchObject([
      { id: a.id, severity: 'critical', acknowledgedAtMs: null, raisedAtMs: 1000 },
    ]);
    book.clear('rule.t:1');
    expect(book.activeAlarms()).toEqual([]);
    expect(book.recent(10)[0]).toMatchObject({ clearedAtMs: 2000 });
    expect(changes).toHaveLength(4);
  });

  it('orders active alarms by severity first', () => {
    const book = new AlarmBook(() => undefined);
    book.raise({ key: 'a', code: 'A', severity: 'warning', source: 'link', message: 'a' });
    book.raise({ key: 'b', code: 'B', severity: 'critical', source: 'rule', message: 'b' });
    expect(book.activeAlarms().map((x) => x.key)).toEqual(['b', 'a']);
    expect(book.acknowledge(999)).toBe(false);
  });
});
