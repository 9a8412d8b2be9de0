/**
 * A cell the station has called a runaway is not shown recovering while that alarm stands: the risk
 * engine, the alarm book and the model's alarms wired as the station wires them (a backend double for
 * the model), fed the oven run's shape — the model says Runaway, then its inputs calm (or leave its
 * training range) while a T_MAX rule alarm holds the cell at Alarm.
 */
import { describe, expect, it } from 'vitest';
import type { AlarmChange, RiskClass } from '../contract/index.js';
import { RISK_CLASSES } from '../contract/index.js';
import { DoubleBackend, DoubleTracker, frame, modelDir, SPEC } from '../ml/fixtures/engine-doubles.js';
import { RiskEngine } from '../ml/risk-engine.js';
import { testCleanups } from '../../testing/test-cleanups.js';
import { StationAlarms } from './station-alarms.js';

const cleanups = testCleanups();

async function wired() {
  const changes: AlarmChange[] = [];
  // No clear hold: a condition that goes away clears at once, so what holds the class is the standing alarm.
  const room = new StationAlarms({ emit: (c) => changes.push(c), openRelay: () => undefined }, { clearHoldMs: 0 });
  const engine = new RiskEngine({
    modelPath: modelDir(cleanups.tempDir('runaway-hold-')),
    spec: SPEC,
    tracker: new DoubleTracker(),
    autoStart: false,
    emitIntervalMs: 0,
    loadBackend: async () => new DoubleBackend(),
    host: { activeRules: (deviceId) => room.floorRules(deviceId), emit: (u) => room.onPredictions(u) },
  });
  cleanups.defer(async () => {
    await engine.close();
    room.close();
  });
  await engine.ready;
  let s = 0;
  /** One device-second with the model's class for cell 1; the class the station then shows. */
  const second = async (modelSays: RiskClass, tempC = 25): Promise<RiskClass> => {
    const readings = frame(s++ * 1000, [RISK_CLASSES.indexOf(modelSays)], Date.now());
    engine.onReadings(readings.map((r) => ({ ...r, tempC })));
    await engine.runOnce();
    return engine.update().predictions[0]!.className;
  };
  const tMax = () =>
    room.book.raise({
      key: 'rule.T_MAX:DEV#1',
      code: 'T_MAX',
      severity: 'critical',
      source: 'rule',
      deviceId: 'DEV',
      cell: 1,
      message: 'DEV cell 1: 85.0 °C, above the 80 °C maximum',
    });
  return { room, engine, second, tMax, changes };
}

const rank = (c: RiskClass) => RISK_CLASSES.indexOf(c);

describe('Runaway holds while its alarm stands', () => {
  it('the model’s Runaway: held after the model calms, until the alarm is acknowledged and cleared', async () => {
    const { room, second, tMax, changes } = await wired();
    tMax();
    const shown: RiskClass[] = [];
    for (let k = 0; k < 3; k++) shown.push(await second('Runaway'));
    // 30 device-seconds of a calm model: three times the hysteresis hold.
    for (let k = 0; k < 30; k++) shown.push(await second('Normal'));
    const ranks = shown.map(rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(shown.at(-1)).toBe('Runaway');
    const model = changes.find((c) => c.alarm.source === 'model' && c.alarm.code === 'Runaway')!.alarm;
    // The model's own alarm cleared with its class (it follows the model, not the hold it causes) …
    expect(changes.filter((c) => c.alarm.id === model.id).map((c) => c.change)).toEqual(['raised', 'cleared']);
    expect(room.book.activeAlarms().map((a) => a.code)).toEqual(['T_MAX']);
    // … and still stands, unacknowledged: the tile says why it is Runaway.
    expect(await second('Normal')).toBe('Runaway');
    expect(room.book.acknowledge(model.id, 'Dana')).toBe(true);
    // Seen and gone: the rules' floor (T_MAX → Alarm) is what is left.
    expect(await second('Normal')).toBe('Alarm');
  });

  it('the rule’s RUNAWAY cleared before anyone saw it (a restart closed it) holds until acknowledged', async () => {
    const { room, second } = await wired();
    const runaway = room.book.raise({
      key: 'rule.RUNAWAY:DEV#1',
      code: 'RUNAWAY',
      severity: 'critical',
      source: 'rule',
      deviceId: 'DEV',
      cell: 1,
      message: 'DEV cell 1: THERMAL RUNAWAY (GB 38031)',
    });
    expect(await second('Normal')).toBe('Runaway');
    room.book.clear(runaway.key);
    expect(await second('Normal')).toBe('Runaway');
    room.book.acknowledge(runaway.id, 'Dana');
    expect(await second('Normal')).toBe('Normal');
  });

  it('an acknowledged Runaway still open holds too, while the burning cell is past what the model knows', async () => {
    const { room, engine, second, tMax, changes } = await wired();
    tMax();
    await second('Runaway');
    const model = changes.find((c) => c.alarm.source === 'model')!.alarm;
    room.book.acknowledge(model.id, 'Dana');
    // 400 °C is outside the card's 0–150 °C: not applicable, the model's class counts for nothing.
    for (let k = 0; k < 20; k++) expect(await second('Normal', 400)).toBe('Runaway');
    expect(engine.update().predictions[0]).toMatchObject({
      reliability: 'not-applicable',
      ruleOverride: { floorClass: 'Runaway' },
    });
    expect(room.book.activeAlarms().map((a) => a.code)).toEqual(['T_MAX', 'Runaway']);
  });
});
