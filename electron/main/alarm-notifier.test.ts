/** A notification for each warning-or-worse alarm raised, for each escalation of one and for each return; nothing else. */
import { describe, expect, it } from 'vitest';
import { change } from '../../testing/electron/alarms.js';
import { AlarmNotifier } from './alarm-notifier.js';

describe('AlarmNotifier', () => {
  it('notifies a raised warning once, again when it escalates, never for its repeats', () => {
    const n = new AlarmNotifier();
    expect(n.consider(change('raised'))).toEqual({
      title: 'Warning: Temperature above maximum — SIM-0001, cell 3',
      body: 'Cell 3 at 61.2 °C (limit 60 °C)',
      urgency: 'normal',
      alarmId: 1,
    });
    expect(n.consider(change('raised'))).toBeNull();
    expect(n.consider(change('escalated', { severity: 'alarm', escalatedAtMs: 2000 }))).toMatchObject({
      title: 'ALARM: Temperature above maximum — SIM-0001, cell 3',
    });
    expect(n.consider(change('escalated', { severity: 'alarm' }))).toBeNull();
    expect(n.consider(change('raised', { id: 3, severity: 'critical', code: 'RUNAWAY' }))).toMatchObject({
      urgency: 'critical',
      title: 'CRITICAL: Thermal runaway (GB 38031) — SIM-0001, cell 3',
    });
  });

  it('notifies again when a cleared alarm nobody acknowledged returns: its condition is back', () => {
    const n = new AlarmNotifier();
    expect(n.consider(change('raised'))).not.toBeNull();
    expect(n.consider(change('cleared', { clearedAtMs: 3000 }))).toBeNull();
    expect(n.consider(change('returned', { returnCount: 1, returnedAtMs: 9000 }))).toMatchObject({
      title: 'Warning: Temperature above maximum — SIM-0001, cell 3',
      alarmId: 1,
    });
    expect(n.consider(change('returned', { returnCount: 1, returnedAtMs: 9000 }))).toBeNull();
  });

  it('stays quiet for info alarms, acknowledgements, clears and garbage', () => {
    const n = new AlarmNotifier();
    expect(n.consider(change('raised', { severity: 'info' }))).toBeNull();
    expect(n.consider(change('acknowledged', { id: 2, acknowledgedAtMs: 1500 }))).toBeNull();
    expect(n.consider(change('cleared', { id: 2, clearedAtMs: 3000 }))).toBeNull();
    for (const junk of [null, 'T_MAX', { change: 'raised' }, { change: 'boom', alarm: {} }])
      expect(n.consider(junk)).toBeNull();
    expect(n.consider(change('raised', { severity: 'apocalyptic' as never }))).toBeNull();
  });

  it('names a station-wide alarm without a device', () => {
    const n = new AlarmNotifier();
    expect(
      n.consider(change('raised', { deviceId: null, cell: null, source: 'store', code: 'STORE_FULL' }))?.title,
    ).toBe('Warning: STORE_FULL');
  });
});
