import { describe, expect, it } from 'vitest';
import { AlarmBook, type RaiseAlarm } from './alarm-book.js';
import { InterlockPolicy } from './interlock-policy.js';

const at = (severity: RaiseAlarm['severity'], over: Partial<RaiseAlarm> = {}): RaiseAlarm => ({
  key: `rule.${severity}:R1#1`,
  code: severity.toUpperCase(),
  severity,
  source: 'rule',
  deviceId: 'R1',
  cell: 1,
  message: `${severity} on R1`,
  ...over,
});

function setup(enabled = true) {
  const opened: string[] = [];
  const policy = new InterlockPolicy((d, why) => opened.push(`${d}: ${why}`), enabled);
  const book = new AlarmBook((a, c) => policy.onAlarmChanged(a, c));
  return { book, policy, opened };
}

describe('interlock policy', () => {
  it('opens the relay once per episode on an Alarm or Runaway of a rule or the model', () => {
    const { book, opened } = setup();
    book.raise(at('warning'));
    book.raise(at('warning', { key: 'l', source: 'link', severity: 'critical' }));
    expect(opened).toEqual([]);
    book.raise(at('alarm'));
    book.raise(at('critical', { key: 'model.risk:R1#1', source: 'model' }));
    book.raise(at('alarm', { key: 'rule.alarm:R2#1', deviceId: 'R2', message: 'alarm on R2' }));
    expect(opened).toEqual(['R1: alarm on R1', 'R2: alarm on R2']);
    book.clear('rule.alarm:R1#1');
    book.raise(at('alarm'));
    expect(opened).toHaveLength(2);
    // Every tripping alarm of R1 gone: the next one is a new episode.
    book.clear('rule.alarm:R1#1');
    book.clear('model.risk:R1#1');
    book.raise(at('alarm'));
    expect(opened).toEqual(['R1: alarm on R1', 'R2: alarm on R2', 'R1: alarm on R1']);
  });

  it('trips on an escalation into Alarm', () => {
    const { book, opened } = setup();
    book.raise(at('warning', { key: 'k' }));
    book.raise(at('alarm', { key: 'k', message: 'worse' }));
    expect(opened).toEqual(['R1: worse']);
  });

  it('does nothing while off, and acts at once when turned on during an episode', () => {
    const { book, policy, opened } = setup(false);
    book.raise(at('critical'));
    expect(opened).toEqual([]);
    policy.setEnabled(true, book.activeAlarms());
    expect(opened).toEqual(['R1: critical on R1']);
    policy.setEnabled(true, book.activeAlarms());
    expect(opened).toHaveLength(1);
  });
});
