import { describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../../native-bridge/contract/index.js';
import { cellReading, LTO_LIMITS } from '../live/fixtures/cells.js';
import { prediction, ruleAlarm } from './fixtures/predictions.js';
import { buildTiles, criticalTiles, tileCause, worstTile } from './module-tiles.js';

const device = (deviceId: string, cellCount: number, state: DeviceStatus['state'] = 'streaming'): DeviceStatus => ({
  spec: 'sim',
  kind: 'sim',
  label: `Rig ${deviceId}`,
  state,
  deviceId,
  fwVersion: null,
  cellCount,
  periodMs: 1000,
  framesOk: 1,
  framesRejected: 0,
  lastFrameMs: 0,
  lastError: null,
});
const reading = (deviceId: string, cell: number, tempC: number) => cellReading(deviceId, cell, tempC);

describe('module tiles', () => {
  it('draws every cell of every current device with its class and temperature, and none of a removed device', () => {
    const devices = buildTiles({
      devices: [device('A', 4), device('B', 2)],
      predictions: [
        prediction({ deviceId: 'A', cell: 2, className: 'Alarm', classIndex: 3 }),
        prediction({ deviceId: 'A', cell: 4, className: 'Runaway', classIndex: 4 }),
        prediction({ deviceId: 'GONE', cell: 1, className: 'Normal', classIndex: 0, confidence: 0.99 }),
      ],
      latestByCell: [reading('A', 2, 71.5), reading('GONE', 1, 25)],
      alarms: [],
      modelState: 'loaded',
    });
    expect(devices.map((d) => [d.deviceId, d.tiles.length])).toEqual([
      ['A', 4],
      ['B', 2],
    ]);
    const a = devices[0]!.tiles;
    expect(a.map((t) => t.label)).toEqual(['Waiting', 'Alarm', 'Waiting', 'Runaway']);
    expect(a[1]).toMatchObject({ tempC: 71.5, tone: 'high', rank: 3 });
    expect(worstTile(devices)?.key).toBe('A#4');
    expect(criticalTiles(devices).map((t) => t.cell)).toEqual([4, 2]);
  });

  it('greys out a device that stopped streaming and shows the rules when the model is off', () => {
    const [stale] = buildTiles({
      devices: [device('A', 1, 'stale')],
      predictions: [prediction({ deviceId: 'A', cell: 1, className: 'Normal', classIndex: 0 })],
      latestByCell: [reading('A', 1, 25)],
      alarms: [],
      modelState: 'loaded',
    });
    expect(stale!.tiles[0]).toMatchObject({ label: 'No data', tone: 'unknown', tempC: null });
    const [rules] = buildTiles({
      devices: [device('SIM-1', 3)],
      predictions: [],
      latestByCell: [],
      alarms: [ruleAlarm({ cell: 3 }), ruleAlarm({ cell: 2, clearedAtMs: 1 })],
      modelState: 'unavailable',
    });
    expect(rules!.tiles.map((t) => t.label)).toEqual(['Rules: OK', 'Rules: OK', 'Rule: T_ALARM']);
    expect(rules!.tiles[2]).toMatchObject({ tone: 'high', rank: 3 });
  });

  it('shows the class the rules hold past the model’s range, and the rules under a bare Normal there', () => {
    const [d] = buildTiles({
      devices: [device('A', 2)],
      predictions: [
        prediction({
          deviceId: 'A',
          cell: 1,
          className: 'Runaway',
          classIndex: 4,
          reliability: 'not-applicable',
          ruleOverride: { rule: 'RUNAWAY_STANDING', floorClass: 'Runaway', message: 'held' },
        }),
        prediction({ deviceId: 'A', cell: 2, className: 'Normal', classIndex: 0, reliability: 'not-applicable' }),
      ],
      latestByCell: [],
      alarms: [ruleAlarm({ deviceId: 'A', cell: 1 }), ruleAlarm({ deviceId: 'A', cell: 2 })],
      modelState: 'loaded',
    });
    expect(d!.tiles.map((t) => [t.label, t.rank])).toEqual([
      ['Runaway', 4],
      ['Rule: T_ALARM', 3],
    ]);
    // The label says the rule already; the held Runaway says what holds it.
    expect(d!.tiles.map((t) => t.cause)).toEqual(['runaway held', null]);
  });

  it('names what put a tile at Warning or above: the rule holding it, or the model', () => {
    const [d] = buildTiles({
      devices: [device('A', 4)],
      predictions: [
        prediction({ deviceId: 'A', cell: 1, className: 'Alarm', classIndex: 3, reliability: 'high' }),
        prediction({
          deviceId: 'A',
          cell: 2,
          className: 'Alarm',
          classIndex: 3,
          reliability: 'high',
          ruleOverride: { rule: 'T_ALARM', floorClass: 'Alarm', message: 'A cell 2 at 61 °C' },
        }),
        prediction({ deviceId: 'A', cell: 3, className: 'Watch', classIndex: 1, reliability: 'high' }),
        prediction({ deviceId: 'A', cell: 4, className: 'Runaway', classIndex: 4, reliability: 'not-applicable' }),
      ],
      latestByCell: [],
      alarms: [],
      modelState: 'loaded',
    });
    expect(d!.tiles.map((t) => t.cause)).toEqual(['by model', 'by T_ALARM', null, 'by rules']);
    // Past the model's range, the cell's worst open rule alarm is named when there is one.
    const [withRule] = buildTiles({
      devices: [device('A', 1)],
      predictions: [
        prediction({ deviceId: 'A', cell: 1, className: 'Alarm', classIndex: 3, reliability: 'not-applicable' }),
      ],
      latestByCell: [],
      alarms: [ruleAlarm({ deviceId: 'A', cell: 1 })],
      modelState: 'loaded',
    });
    expect(withRule!.tiles[0]!.cause).toBe('by T_ALARM');
  });

  it('past the model’s range, names the rule whose floor decides the class: RUNAWAY beside T_MAX, whichever came last', () => {
    const runawayPastRange = prediction({
      deviceId: 'A',
      cell: 1,
      className: 'Runaway',
      classIndex: 4,
      reliability: 'not-applicable',
    });
    const rule = (code: string, raisedAtMs: number) =>
      ruleAlarm({ deviceId: 'A', cell: 1, code, key: `rule.${code}:A#1`, severity: 'critical', raisedAtMs });
    for (const [tMaxAt, runawayAt] of [
      [2_000, 1_000],
      [1_000, 2_000],
    ] as const) {
      const [d] = buildTiles({
        devices: [device('A', 1)],
        predictions: [runawayPastRange],
        latestByCell: [],
        alarms: [rule('T_MAX', tMaxAt), rule('RUNAWAY', runawayAt), ruleAlarm({ deviceId: 'A', cell: 1 })],
        modelState: 'loaded',
      });
      expect(d!.tiles[0]!.cause).toBe('by RUNAWAY');
    }
    // A rule that sets no floor (a sensor fault) is still named when it is all there is.
    expect(tileCause(runawayPastRange, [{ code: 'SENSOR' }])).toBe('by SENSOR');
    expect(tileCause(runawayPastRange, [{ code: 'SENSOR' }, { code: 'T_WARN' }])).toBe('by T_WARN');
  });

  it('shows a low-reliability Normal as Unknown, grey', () => {
    const [d] = buildTiles({
      devices: [device('A', 1)],
      predictions: [prediction({ deviceId: 'A', cell: 1, className: 'Normal', classIndex: 0, reliability: 'low' })],
      latestByCell: [],
      alarms: [],
      modelState: 'loaded',
    });
    expect(d!.tiles[0]).toMatchObject({ label: 'Unknown', tone: 'unknown' });
  });
});

describe('module tiles against the cells’ limits', () => {
  it('judges each tile’s temperature and voltage by its own device’s limits, and none without them', () => {
    const limits = LTO_LIMITS;
    const [lto, plain] = buildTiles({
      devices: [{ ...device('LTO', 2), limits }, device('NMC', 1)],
      predictions: [],
      latestByCell: [
        { ...reading('LTO', 1, 56), voltageV: 2.2 },
        { ...reading('LTO', 2, 25), voltageV: 1.3 },
        reading('NMC', 1, 90),
      ],
      alarms: [],
      modelState: 'loaded',
    });
    expect(lto!.tiles.map((t) => [t.temp.level, t.volt.level])).toEqual([
      ['alarm', 'ok'],
      ['ok', 'alarm'],
    ]);
    expect(lto!.tiles[1]!.voltageV).toBe(1.3);
    expect(plain!.tiles[0]!.temp.level).toBe('ok');
  });
});
