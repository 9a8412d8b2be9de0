import { describe, expect, it } from 'vitest';
import type { CellLimits } from '../../../../native-bridge/contract/index.js';
import { limitLinesFor } from './limit-lines.js';

const LFP: CellLimits = {
  tempWarnC: 50,
  tempAlarmC: 60,
  tempMaxC: 80,
  voltMinV: 2.5,
  voltMaxV: 3.65,
  voltLowAlarmV: 2.3,
  voltHighAlarmV: 3.75,
};

const summary = (panel: Parameters<typeof limitLinesFor>[0], l: CellLimits | null) =>
  limitLinesFor(panel, l).map((x) => `${x.id}=${x.value} "${x.label}"`);

describe('limitLinesFor', () => {
  it('gives the temperature panel the warning and alarm lines, the voltage panel the cell’s window', () => {
    expect(summary('temp', LFP)).toEqual(['warning=50 "warning 50 °C"', 'alarm=60 "alarm 60 °C"']);
    expect(summary('voltage', LFP)).toEqual(['vmax=3.65 "V max 3.65 V"', 'vmin=2.5 "V min 2.50 V"']);
  });

  it('gives the other panels none', () => {
    for (const p of ['current', 'risk', 'ambient', 'humidity'] as const) expect(limitLinesFor(p, LFP)).toEqual([]);
  });

  it('draws no line for a limit not known', () => {
    expect(limitLinesFor('temp', null)).toEqual([]);
    expect(summary('voltage', { ...LFP, voltMaxV: Number.NaN })).toEqual(['vmin=2.5 "V min 2.50 V"']);
  });

  it('colours the temperature lines by their severity and the window lines alike', () => {
    const [warn, alarm] = limitLinesFor('temp', LFP);
    expect(warn!.color).not.toBe(alarm!.color);
    const [vmax, vmin] = limitLinesFor('voltage', LFP);
    expect(vmax!.color).toBe(vmin!.color);
  });
});
