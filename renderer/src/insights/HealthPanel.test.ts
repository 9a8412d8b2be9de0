/**
 * The health panel rendered (react-dom/server, no browser) from fixed predictions: what an operator
 * reads for a sound prediction, a missing model, low reliability, a model that does not apply, and a
 * rule that outranked the model.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Alarm, ModelState, Prediction } from '../../../native-bridge/contract/index.js';
import { cellHealth, type HealthInput } from './cell-health.js';
import { confidentNormal, prediction, ruleAlarm } from './fixtures/predictions.js';
import { HealthPanel } from './HealthPanel.js';
import { cellRuleState } from './rule-state.js';

function panel(p: Prediction | null, opts: { modelState?: ModelState; alarms?: Alarm[]; modelError?: string } = {}) {
  const input: HealthInput = {
    deviceId: 'SIM-1',
    cell: 3,
    prediction: p,
    modelState: opts.modelState ?? 'loaded',
    modelError: opts.modelError ?? null,
    device: { state: 'streaming', label: 'Simulated rig' },
    rules: cellRuleState(opts.alarms ?? [], 'SIM-1', 3),
    nowMs: 1_000_500,
  };
  const html = renderToStaticMarkup(createElement(HealthPanel, { view: cellHealth(input) }));
  // Text by test id, tags stripped: what the operator reads in that place.
  const text = (id: string): string | null => {
    const m = new RegExp(`data-testid="${id}"[^>]*>([\\s\\S]*?)</(?:p|dd|ul)>`).exec(html);
    return m ? m[1]!.replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'") : null;
  };
  const bars = [...html.matchAll(/data-testid="prob-bar" data-class="(\w+)">[\s\S]*?prob-bar__value">([^<]+)</g)].map(
    (m) => [m[1], m[2]],
  );
  return { html, text, bars };
}

describe('health panel', () => {
  it('shows a sound prediction in words: badge, severity, confidence, reliability, bars, drivers, time to runaway', () => {
    const v = panel(prediction());
    expect(v.text('health-badge')).toBe('BATTERY HEALTH: WARNING');
    expect(v.text('health-severity')).toBe('medium');
    expect(v.text('health-confidence')).toBe('60 %');
    expect(v.text('health-reliability')).toMatch(/^High/);
    expect(v.text('health-recommendation')).toMatch(/^Pause charging/);
    expect(v.bars).toEqual([
      ['Normal', '5 %'],
      ['Watch', '15 %'],
      ['Warning', '60 %'],
      ['Alarm', '15 %'],
      ['Runaway', '5 %'],
    ]);
    expect(v.text('health-drivers')).toBe('cell 3 rising 2.4 °C/min over the last minute, 6.0 °C above its neighbours');
    expect(v.text('health-ttr')).toBe('about 7 min (80 % interval 4 min – 15 min)');
    expect(v.text('health-outranked')).toMatch(/^none/);
    expect(v.text('health-silence')).toBeNull();
  });

  it('says plainly that the model is missing and shows the rules’ state instead', () => {
    const v = panel(null, {
      modelState: 'unavailable',
      modelError: 'model file /x/risk-model.onnx is missing',
      alarms: [ruleAlarm()],
    });
    expect(v.text('health-silence')).toBe(
      'The risk model is not loaded (model file /x/risk-model.onnx is missing). Only the safety rules watch this cell.',
    );
    expect(v.text('health-badge')).toBe('RULES: ALARM (T_ALARM)');
    expect(v.text('health-rules')).toMatch(/^Safety rules: ALARM — Temperature above alarm limit \(T_ALARM\)/);
    expect(v.text('health-confidence')).toBe('—');
    expect(v.text('health-ttr')).toBe('—');
    expect(v.bars).toEqual([]);
    // No model and no rule: nothing says the cell is fine.
    const quiet = panel(null, { modelState: 'disabled' });
    expect(quiet.text('health-badge')).toBe('BATTERY HEALTH: NOT ASSESSED BY THE MODEL');
    expect(quiet.html).toContain('risk-tone--unknown');
    expect(quiet.text('health-rules')).toBe('Safety rules: no limit crossed.');
  });

  it('never calls a low-reliability Normal healthy, and gives the reasons in words', () => {
    const v = panel(
      confidentNormal({
        reliability: 'low',
        reasons: ['sensor fault: temp-open', "gap of 40 s in this cell's readings"],
        drivers: [],
      }),
    );
    expect(v.text('health-badge')).toBe('BATTERY HEALTH: UNKNOWN');
    expect(v.html).toContain('risk-tone--unknown');
    expect(v.html).not.toContain('risk-tone--none');
    expect(v.text('health-reliability')).toBe("Lowsensor fault: temp-opengap of 40 s in this cell's readings");
    expect(v.text('health-ttr')).toMatch(/^— No estimate/);
  });

  it('says when the model does not apply: no class, no confidence, no bars, the reason in words', () => {
    const v = panel(
      confidentNormal({
        reliability: 'not-applicable',
        reasons: [
          'inputs outside the training range: temp_c 190 °C (trained 10…170), temp_rate_3s 3.1 °C/s (trained −0.5…2.0)',
        ],
      }),
    );
    expect(v.text('health-silence')).toMatch(/^The model does not apply to this cell now/);
    expect(v.text('health-badge')).toBe('BATTERY HEALTH: UNKNOWN');
    expect(v.text('health-confidence')).toBe('—');
    expect(v.bars).toEqual([]);
    expect(v.text('health-drivers')).toBe('—');
    expect(v.text('health-outranked')).toMatch(
      /^The model does not apply to this cell now: the class shown is what the safety rules/,
    );
    expect(v.text('health-reliability')).toBe(
      'Not applicableinputs outside the training range: cell temperature 190 °C (trained 10…170), 3 s temperature rise 3.1 °C/s (trained −0.5…2.0)',
    );
    expect(v.html).not.toContain('99 %');
  });

  it('names the rule that outranked the model and what the model alone said', () => {
    const v = panel(
      prediction({
        classIndex: 3,
        className: 'Alarm',
        severity: 'high',
        rawClass: 'Watch',
        ruleOverride: { rule: 'T_ALARM', floorClass: 'Alarm', message: 'SIM-1 cell 3 at 61.2 °C' },
      }),
      { alarms: [ruleAlarm()] },
    );
    expect(v.text('health-badge')).toBe('BATTERY HEALTH: ALARM');
    expect(v.html).toContain('role="alert"');
    expect(v.text('health-severity')).toBe('high');
    expect(v.text('health-outranked')).toBe(
      'Temperature above alarm limit (T_ALARM) holds this cell at Alarm or above; the model alone said Watch. SIM-1 cell 3 at 61.2 °C',
    );
  });

  it('says when a standing alarm holds the class above what the model says now', () => {
    const v = panel(prediction({ classIndex: 4, className: 'Runaway', severity: 'critical', rawClass: 'Normal' }));
    expect(v.text('health-outranked')).toBe(
      'Held at Runaway by a standing alarm or the escalation hold; the model alone says Normal now.',
    );
  });

  it('says a device that stopped streaming gives no current data, whatever its last prediction was', () => {
    const input: HealthInput = {
      deviceId: 'SIM-1',
      cell: 3,
      prediction: confidentNormal(),
      modelState: 'loaded',
      modelError: null,
      device: { state: 'disconnected', label: 'Rig A' },
      rules: cellRuleState([], 'SIM-1', 3),
      nowMs: 1_000_500,
    };
    const v = cellHealth(input);
    expect(v.silenceText).toBe(
      'No current data from Rig A (disconnected): the model cannot judge this cell until data flows again.',
    );
    expect(v.tone).toBe('unknown');
    expect(v.confidence).toBe('—');
    expect(v.bars).toBeNull();
  });
});
