/** A notification for each warning-or-worse alarm raised, and for each escalation of one; nothing else. */
import { describe, expect, it } from 'vitest';
import { alarm } from '../../testing/electron/alarms.js';
import { AlarmNotifier } from './alarm-notifier.js';

describe('AlarmNotifier', () => {
  it('notifies a raised warning once, again when it escalates, never for its repeats', () => {
    const n = new AlarmNotifier();
    expect(n.consider(alarm())).toEqual({
      title: 'Warning: T_MAX — SIM-0001, cell 3',
      body: 'Cell 3 at 61.2 °C (limit 60 °C)',
      urgency: 'normal',
      alarmId: 1,
    });
    expect(n.consider(alarm())).toBeNull();
    expect(n.consider(alarm({ id: 2, severity: 'alarm' }))).toMatchObject({ title: 'ALARM: T_MAX — SIM-0001, cell 3' });
    expect(n.consider(alarm({ id: 2, severity: 'warning' }))).toBeNull();
    expect(
      n.consider(alarm({ id: 3, severity: 'critical', code: 'RUNAWAY', key: 'rule.runaway:SIM-0001#3' })),
    ).toMatchObject({ urgency: 'critical', title: 'CRITICAL: RUNAWAY — SIM-0001, cell 3' });
  });

  it('stays quiet for info alarms, acknowledgements, clears and garbage; a cleared condition may notify again', () => {
    const n = new AlarmNotifier();
    expect(n.consider(alarm({ severity: 'info' }))).toBeNull();
    expect(n.consider(alarm({ acknowledgedAtMs: 1500 }))).toBeNull();
    expect(n.consider(alarm())).not.toBeNull();
    expect(n.consider(alarm({ clearedAtMs: 3000 }))).toBeNull();
    expect(n.consider(alarm({ id: 9 }))).not.toBeNull();
    for (const junk of [null, 'T_MAX', { id: 'x' }, alarm({ severity: 'apocalyptic' as never })])
      expect(n.consider(junk)).toBeNull();
  });

  it('names a station-wide alarm without a device', () => {
    const n = new AlarmNotifier();
    expect(n.consider(alarm({ deviceId: null, cell: null, source: 'store', code: 'STORE_FULL' }))?.title).toBe(
      'Warning: STORE_FULL',
    );
  });
});
