import { describe, expect, it } from 'vitest';
import { alarm as alarmOf } from '../../../testing/electron/alarms.js';
import { attentionAlarms, attentionKey, attentionTitle, demandsAttention } from './attention.js';

describe('what raises the banner', () => {
  it('an unacknowledged alarm of Warning or above, open or cleared unseen', () => {
    expect(demandsAttention(alarmOf({ severity: 'warning' }))).toBe(true);
    expect(demandsAttention(alarmOf({ severity: 'alarm' }))).toBe(true);
    expect(demandsAttention(alarmOf({ severity: 'critical', code: 'RUNAWAY' }))).toBe(true);
    expect(demandsAttention(alarmOf({ severity: 'warning', clearedAtMs: 5_000 }))).toBe(true);
  });

  it('not an info alarm, not an acknowledged one', () => {
    expect(demandsAttention(alarmOf({ severity: 'info' }))).toBe(false);
    expect(demandsAttention(alarmOf({ acknowledgedAtMs: 2_000, acknowledgedBy: 'Ana' }))).toBe(false);
    expect(demandsAttention(alarmOf({ acknowledgedAtMs: 2_000, acknowledgedBy: 'Ana', clearedAtMs: 3_000 }))).toBe(
      false,
    );
  });

  it('an escalation (the core cleared its acknowledgement) asks again, under a new silence key', () => {
    const before = alarmOf({ severity: 'warning' });
    const after = alarmOf({ severity: 'critical', escalatedAtMs: 9_000 });
    expect(demandsAttention(after)).toBe(true);
    expect(attentionKey(after)).not.toBe(attentionKey(before));
  });

  it('a return asks again under a new silence key: a silenced alarm sounds when its condition comes back', () => {
    const silenced = alarmOf({ clearedAtMs: 5_000 });
    const back = alarmOf({ returnCount: 1, returnedAtMs: 9_000 });
    expect(demandsAttention(back)).toBe(true);
    expect(attentionKey(back)).not.toBe(attentionKey(silenced));
    expect(attentionKey(alarmOf({ returnCount: 2 }))).not.toBe(attentionKey(back));
  });

  it('lists worst first, then oldest, and the title names the worst', () => {
    const list = [
      alarmOf({ id: 1, severity: 'warning', raisedAtMs: 1 }),
      alarmOf({ id: 2, severity: 'critical', raisedAtMs: 5 }),
      alarmOf({ id: 3, severity: 'critical', raisedAtMs: 2 }),
      alarmOf({ id: 4, severity: 'info' }),
    ];
    expect(attentionAlarms(list).map((a) => a.id)).toEqual([3, 2, 1]);
    expect(attentionTitle('EV Battery Station', attentionAlarms(list))).toBe('⚠ CRITICAL (+2) — EV Battery Station');
    expect(attentionTitle('EV Battery Station', [])).toBe('EV Battery Station');
  });
});
