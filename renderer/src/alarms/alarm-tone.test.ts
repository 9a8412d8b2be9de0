import { describe, expect, it } from 'vitest';
import type { AlarmSeverity } from '../../../native-bridge/contract/index.js';
import { alarm as alarmOf } from '../../../testing/electron/alarms.js';
import { AlarmTone, REPEAT_MS, type ToneClock } from './alarm-tone.js';
import { attentionKey } from './attention.js';

/** A clock whose timers run only when the test advances it. */
class FakeClock implements ToneClock {
  nowMs = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private next = 1;
  setTimeout(fn: () => void, ms: number) {
    const id = this.next++;
    this.timers.set(id, { at: this.nowMs + ms, fn });
    return id;
  }
  clearTimeout(h: unknown) {
    this.timers.delete(h as number);
  }
  pending() {
    return this.timers.size;
  }
  advance(ms: number) {
    const end = this.nowMs + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.nowMs = due[1].at;
      due[1].fn();
    }
    this.nowMs = end;
  }
}

function setup() {
  const clock = new FakeClock();
  const played: AlarmSeverity[] = [];
  const tone = new AlarmTone((s) => played.push(s), clock);
  return { clock, played, tone };
}

describe('the alarm tone', () => {
  it('sounds at once, repeats at the severity’s interval, and stops when nothing waits', () => {
    const { clock, played, tone } = setup();
    const a = alarmOf({ severity: 'alarm' });
    tone.update([a]);
    expect(played).toEqual(['alarm']);
    expect(tone.getState().ringing).toBe(true);
    clock.advance(REPEAT_MS.alarm - 1);
    expect(played).toHaveLength(1);
    clock.advance(1);
    expect(played).toHaveLength(2);
    clock.advance(REPEAT_MS.alarm * 3);
    expect(played).toHaveLength(5);
    // Acknowledged: it leaves the waiting list.
    tone.update([]);
    expect(tone.getState()).toMatchObject({ ringing: false, severity: null, beeps: 5 });
    expect(clock.pending()).toBe(0);
    clock.advance(60_000);
    expect(played).toHaveLength(5);
  });

  it('silences one alarm, keeps ringing for another, and the silence does not outlive an escalation', () => {
    const { clock, played, tone } = setup();
    const warn = alarmOf({ id: 1, severity: 'warning' });
    const other = alarmOf({ id: 2, severity: 'warning', cell: 2 });
    tone.update([warn, other]);
    tone.silence(warn);
    expect(tone.getState().ringing).toBe(true);
    clock.advance(REPEAT_MS.warning);
    expect(played).toHaveLength(2);
    tone.silence(other);
    expect(tone.getState()).toMatchObject({ ringing: false });
    clock.advance(REPEAT_MS.warning * 5);
    expect(played).toHaveLength(2);
    // The same cell reaches Alarm: a new key, so it rings at once even though it was silenced as a Warning.
    const escalated = { ...warn, severity: 'alarm' as const, escalatedAtMs: 50_000 };
    tone.update([escalated, other]);
    expect(played).toEqual(['warning', 'warning', 'alarm']);
    expect(tone.getState()).toMatchObject({ ringing: true, severity: 'alarm' });
    expect([...tone.getState().silenced]).toEqual([attentionKey(other)]);
  });

  it('a new alarm sounds at once without waiting for the running interval, with the worst pattern', () => {
    const { clock, played, tone } = setup();
    tone.update([alarmOf({ id: 1, severity: 'warning' })]);
    clock.advance(1000);
    tone.update([alarmOf({ id: 2, severity: 'critical', code: 'RUNAWAY' }), alarmOf({ id: 1, severity: 'warning' })]);
    expect(played).toEqual(['warning', 'critical']);
    clock.advance(REPEAT_MS.critical);
    expect(played).toEqual(['warning', 'critical', 'critical']);
    // The same list again (a refetch) starts nothing new.
    tone.update([alarmOf({ id: 2, severity: 'critical', code: 'RUNAWAY' }), alarmOf({ id: 1, severity: 'warning' })]);
    expect(played).toHaveLength(3);
  });

  it('tells its subscribers of every beep and state change', () => {
    const { clock, tone } = setup();
    let calls = 0;
    tone.subscribe(() => calls++);
    tone.update([alarmOf({ severity: 'alarm' })]);
    expect(calls).toBe(1);
    clock.advance(REPEAT_MS.alarm);
    expect(calls).toBe(2);
    expect(tone.getState().beeps).toBe(2);
    tone.update([]);
    expect(calls).toBe(3);
  });

  it('has no way to switch the tone off for every alarm at once', () => {
    const names = Object.getOwnPropertyNames(AlarmTone.prototype).filter((n) => n !== 'constructor');
    expect(names.filter((n) => /mute|disable|off/i.test(n))).toEqual([]);
  });
});
