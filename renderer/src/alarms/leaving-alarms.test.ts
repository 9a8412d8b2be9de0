import { describe, expect, it } from 'vitest';
import { alarm } from '../../../testing/electron/alarms.js';
import { leavingAlarmsQuestion } from './leaving-alarms.js';

const oven = { deviceId: 'SIM-OVEN', label: 'oven' };
const rig = { deviceId: 'RIG-A', label: 'rig' };

describe('asking before a device with an active alarm leaves', () => {
  it('asks, naming the open alarms worst first, only for the devices leaving', () => {
    const active = [
      alarm({ id: 1, deviceId: 'SIM-OVEN', severity: 'warning', code: 'T_WARN', cell: 1 }),
      alarm({ id: 2, deviceId: 'SIM-OVEN', severity: 'critical', code: 'RUNAWAY', cell: 1 }),
      alarm({ id: 3, deviceId: 'RIG-A', severity: 'alarm', code: 'V_LOW', cell: 2 }),
    ];
    const q = leavingAlarmsQuestion([oven], active, 'Disconnect SIM-OVEN');
    expect(q).toBe(
      [
        'SIM-OVEN has 2 active alarms:',
        '• Critical: Thermal runaway (GB 38031), SIM-OVEN cell 1',
        '• Warning: Temperature high, SIM-OVEN cell 1',
        '',
        'Disconnect SIM-OVEN anyway? The station stops watching this rig; the alarms stay in the log.',
      ].join('\n'),
    );
    expect(leavingAlarmsQuestion([oven, rig], active, 'Switch')).toMatch(/^SIM-OVEN, RIG-A has 3 active alarms/);
  });

  it('does not ask for cleared alarms, other devices, or a device that never said hello', () => {
    const active = [
      alarm({ deviceId: 'SIM-OVEN', clearedAtMs: 5_000 }),
      alarm({ id: 2, deviceId: 'RIG-A' }),
      alarm({ id: 3, deviceId: null, source: 'store' }),
    ];
    expect(leavingAlarmsQuestion([oven], active, 'Disconnect')).toBeNull();
    expect(leavingAlarmsQuestion([{ deviceId: null, label: 'waiting' }], active, 'Disconnect')).toBeNull();
  });
});
