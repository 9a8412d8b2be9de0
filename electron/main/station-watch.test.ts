/** The tray's risk level: the worst of the model's classes while streaming and of every active alarm. */
import { describe, expect, it } from 'vitest';
import { alarm, change, predictions, streamingSnapshot } from '../../testing/electron/alarms.js';
import { StationWatch } from './station-watch.js';

describe('StationWatch', () => {
  it('is idle until a device streams, then takes the worst cell class', () => {
    const w = new StationWatch();
    expect(w.level).toBe('idle');
    w.onEvent('onLiveSnapshot', streamingSnapshot());
    expect([w.streaming, w.level]).toEqual([true, 'Normal']);
    w.onEvent('onPredictions', predictions(['Normal', 'Warning', 'Watch']));
    expect(w.level).toBe('Warning');
    w.onEvent('onPredictions', predictions(['Normal', 'Normal']));
    expect(w.level).toBe('Normal');
    w.onEvent('onLiveSnapshot', streamingSnapshot('lost'));
    expect([w.streaming, w.level]).toEqual([false, 'idle']);
  });

  it('an open alarm raises the level even with no device streaming, until it clears', () => {
    const w = new StationWatch();
    w.onEvent('onAlarmChanged', change('raised', { id: 5, severity: 'critical' }));
    expect(w.level).toBe('Runaway');
    w.onEvent('onAlarmChanged', change('acknowledged', { id: 5, severity: 'critical', acknowledgedAtMs: 10 }));
    expect(w.level).toBe('Runaway');
    expect(w.unacknowledged).toEqual([]);
    w.onEvent(
      'onAlarmChanged',
      change('cleared', { id: 5, severity: 'critical', acknowledgedAtMs: 10, clearedAtMs: 20 }),
    );
    expect(w.level).toBe('idle');
  });

  it('a cleared alarm nobody acknowledged still waits for acknowledgement, but no longer raises the level', () => {
    const w = new StationWatch();
    w.onEvent('onAlarmChanged', change('raised', { id: 6, severity: 'alarm' }));
    w.onEvent('onAlarmChanged', change('cleared', { id: 6, severity: 'alarm', clearedAtMs: 20 }));
    expect(w.level).toBe('idle');
    expect(w.unacknowledged.map((a) => a.id)).toEqual([6]);
  });

  it('lists unacknowledged alarms newest first, seeded from getActiveAlarms', () => {
    const w = new StationWatch();
    w.seedAlarms([
      alarm({ id: 1, raisedAtMs: 10 }),
      alarm({ id: 2, raisedAtMs: 30 }),
      alarm({ id: 3, acknowledgedAtMs: 5 }),
    ]);
    expect(w.unacknowledged.map((a) => a.id)).toEqual([2, 1]);
    w.seedAlarms('not a list');
    expect(w.unacknowledged).toHaveLength(2);
  });

  it('is offline while the core is not running, and forgets what the dead core said', () => {
    const w = new StationWatch();
    w.onEvent('onLiveSnapshot', streamingSnapshot());
    w.onEvent('onAlarmChanged', change('raised'));
    w.onCoreState('restarting');
    expect([w.level, w.streaming, w.unacknowledged.length]).toEqual(['offline', false, 0]);
    w.onCoreState('running');
    expect(w.level).toBe('idle');
  });

  it('tells listeners only when the level, streaming or the unacknowledged count change; ignores garbage', () => {
    const w = new StationWatch();
    let changes = 0;
    w.onChange(() => changes++);
    w.onEvent('onLiveSnapshot', streamingSnapshot());
    w.onEvent('onLiveSnapshot', streamingSnapshot());
    w.onEvent('onPredictions', predictions(['Normal']));
    expect(changes).toBe(1);
    for (const junk of [null, 42, { devices: 'x' }, { predictions: [{ className: 'Doom' }] }]) {
      w.onEvent('onPredictions', junk);
      w.onEvent('onAlarmChanged', junk);
      w.onEvent('onLiveSnapshot', junk === null ? { devices: [{ state: 'streaming' }] } : streamingSnapshot());
    }
    expect(w.level).toBe('Normal');
    expect(changes).toBe(1);
  });
});
