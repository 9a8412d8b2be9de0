import { describe, expect, it } from 'vitest';
import { RISK_CLASSES, type Alarm, type AlarmTransition, type Prediction } from '../contract/index.js';
import { AlarmBook } from './alarm-book.js';
import { ModelAlarms, modelAlarmKey } from './model-alarms.js';

const SEVERITY = { Normal: 'none', Watch: 'low', Warning: 'medium', Alarm: 'high', Runaway: 'critical' } as const;

function prediction(cell: number, cls: (typeof RISK_CLASSES)[number], over: Partial<Prediction> = {}): Prediction {
  const classIndex = RISK_CLASSES.indexOf(cls);
  return {
    deviceId: 'RIG1',
    cell,
    tMs: 1000,
    tHostMs: 1000,
    classIndex,
    className: cls,
    probabilities: RISK_CLASSES.map((_, i) => (i === classIndex ? 0.9 : 0.025)),
    confidence: 0.9,
    reliability: 'high',
    reasons: [],
    severity: SEVERITY[cls],
    recommendation: '',
    drivers: [],
    modelVersion: 'm1',
    rawClass: cls,
    ruleOverride: null,
    timeToRunaway: null,
    ...over,
  };
}

function setup() {
  const changes: [AlarmTransition, Alarm][] = [];
  const book = new AlarmBook((a, c) => changes.push([c, a]));
  const model = new ModelAlarms(book);
  const feed = (...predictions: Prediction[]) => model.onPredictions({ modelState: 'loaded', predictions });
  return { book, feed, model, changes, seen: () => changes.map(([c, a]) => `${c} ${a.code}`) };
}

describe('model alarms', () => {
  it('raise at Warning, escalate with the class, clear below Warning', () => {
    const { feed, seen, book } = setup();
    feed(prediction(1, 'Normal'), prediction(2, 'Watch'));
    expect(seen()).toEqual([]);
    feed(prediction(1, 'Warning'));
    feed(prediction(1, 'Warning'));
    feed(prediction(1, 'Alarm'));
    feed(prediction(1, 'Runaway'));
    expect(book.activeAlarms()).toMatchObject([
      { key: modelAlarmKey('RIG1', 1), source: 'model', code: 'Runaway', severity: 'critical', cell: 1 },
    ]);
    expect(book.activeAlarms()[0]!.message).toMatch(/RIG1 cell 1: the risk model puts it at Runaway \(90 % confident/);
    feed(prediction(1, 'Watch'));
    expect(seen()).toEqual(['raised Warning', 'escalated Alarm', 'escalated Runaway', 'cleared Runaway']);
  });

  it('leave a class the rules set to the rule’s own alarm, and let an unusable prediction change nothing', () => {
    const { feed, seen } = setup();
    const override = { rule: 'T_MAX', floorClass: 'Alarm' as const, message: 'hot' };
    feed(prediction(1, 'Alarm', { ruleOverride: override }));
    expect(seen()).toEqual([]);
    feed(prediction(1, 'Warning'));
    feed(prediction(1, 'Alarm', { ruleOverride: override }));
    feed(prediction(1, 'Normal', { reliability: 'not-applicable' }));
    expect(seen()).toEqual(['raised Warning']);
    // Low reliability still counts: acting on a doubtful warning costs little.
    feed(prediction(1, 'Alarm', { reliability: 'low' }));
    expect(seen()).toEqual(['raised Warning', 'escalated Alarm']);
  });

  it('under a floor follow the model’s raw class: going on while it says Warning or above, clearing below', () => {
    const { feed, seen, book } = setup();
    const held = { rule: 'RUNAWAY_STANDING', floorClass: 'Runaway' as const, message: 'held' };
    feed(prediction(1, 'Runaway'));
    feed(prediction(1, 'Runaway', { rawClass: 'Alarm', ruleOverride: held }));
    // Kept going as it was raised: neither stepped down to the raw class nor raised anew.
    expect(book.activeAlarms()).toMatchObject([{ code: 'Runaway', severity: 'critical' }]);
    feed(prediction(1, 'Runaway', { rawClass: 'Normal', ruleOverride: held }));
    expect(seen()).toEqual(['raised Runaway', 'cleared Runaway']);
    // A floor alone raises nothing.
    feed(prediction(2, 'Runaway', { rawClass: 'Warning', ruleOverride: held }));
    expect(seen()).toHaveLength(2);
  });

  it('clear a cell whose device is gone, and everything when the model goes away', () => {
    const { feed, model, seen } = setup();
    feed(prediction(1, 'Warning'), prediction(2, 'Alarm'));
    feed(prediction(2, 'Alarm'));
    expect(seen()).toEqual(['raised Warning', 'raised Alarm', 'cleared Warning']);
    model.onPredictions({ modelState: 'unavailable', predictions: [] });
    expect(seen().at(-1)).toBe('cleared Alarm');
  });
});
