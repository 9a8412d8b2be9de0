import { describe, expect, it } from 'vitest';
import type { Prediction } from '../../../native-bridge/contract/index.js';
import { classLabel, modelBadge, reliabilityTitle, worstPrediction } from './risk-view.js';

const p = (over: Partial<Prediction>): Prediction => ({
  deviceId: 'D',
  cell: 1,
  tMs: 0,
  tHostMs: 0,
  classIndex: 0,
  className: 'Normal',
  probabilities: [1, 0, 0, 0, 0],
  confidence: 1,
  reliability: 'high',
  reasons: [],
  severity: 'none',
  recommendation: 'No action needed.',
  drivers: [],
  modelVersion: 'v',
  rawClass: 'Normal',
  ruleOverride: null,
  timeToRunaway: null,
  ...over,
});

describe('risk view', () => {
  it('never shows Normal when the model cannot vouch for it', () => {
    expect(classLabel(p({}))).toBe('Normal');
    expect(classLabel(p({ reliability: 'medium' }))).toBe('Normal');
    expect(classLabel(p({ reliability: 'low' }))).toBe('Unknown');
    expect(classLabel(p({ reliability: 'not-applicable' }))).toBe('Unknown');
    expect(classLabel(p({ className: 'Alarm', reliability: 'low' }))).toBe('Alarm');
  });

  it('picks the worst cell: highest class, then least reliable', () => {
    const a = p({ cell: 1, classIndex: 2, className: 'Warning' });
    const b = p({ cell: 2, classIndex: 2, className: 'Warning', reliability: 'low' });
    const c = p({ cell: 3 });
    expect(worstPrediction([a, b, c])?.cell).toBe(2);
    expect(worstPrediction([])).toBeNull();
  });

  it('lists the reasons in the reliability hover text', () => {
    expect(reliabilityTitle(p({ reliability: 'low', reasons: ['sensor fault: temp-open', 'gap of 8 s'] }))).toBe(
      'Reliability low:\n• sensor fault: temp-open\n• gap of 8 s',
    );
  });

  it('says "rules only" whenever the model is not in use', () => {
    expect(modelBadge('loaded')).toBeNull();
    expect(modelBadge('unavailable')?.text).toBe('model not loaded — rules only');
    expect(modelBadge('disabled')?.text).toBe('model not loaded — rules only');
  });
});
