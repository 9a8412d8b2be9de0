/** The in-memory rollup buckets: min, max and mean per channel at every level, seeding and undoing a batch. */
import { describe, expect, it } from 'vitest';
import { RollupView, emptyStats, slotOf } from './rollup-codec.js';
import { ROLLUP_LEVELS, RollupAggregator } from './rollup-aggregator.js';
import { cell } from '../../testing/store/sample-rows.js';

describe('rollup aggregator', () => {
  it('keeps min, max and mean per channel and marks channels without data', () => {
    const agg = new RollupAggregator(() => undefined);
    for (let i = 0; i < 10; i++)
      agg.add(1, {
        tHostMs: 1000 + i * 100,
        cells: [cell(3700 + i, 2500 + (i === 5 ? 3000 : 0)), cell(null, 2400)],
        packMa: -i * 10,
        ambientCc: null,
        humidityCpct: 5000,
      });
    agg.close(1);
    const buckets = agg.drain();
    expect(buckets.map((b) => ROLLUP_LEVELS[b.level]!.name).sort()).toEqual(['10m', '1m', '1s']);
    const oneS = buckets.find((b) => b.level === 0)!;
    const v = new RollupView(oneS.data);
    expect(v.get(slotOf('temp', 1))).toEqual([2500, 5500, 2800]);
    expect(v.get(slotOf('voltage', 1))).toEqual([3700, 3709, 3705]);
    expect(v.get(slotOf('voltage', 2))).toBeNull();
    expect(v.get(slotOf('current', null))).toEqual([-90, 0, -45]);
    expect(v.get(slotOf('ambient', null))).toBeNull();
    expect(v.get(slotOf('temp', 3))).toBeNull();
  });

  it('seeds a bucket that may already be stored and undoes a rolled-back batch', () => {
    const stored = emptyStats();
    stored.frames = 4;
    stored.nCells = 1;
    stored.v.set([1000, 1000, 4000, 4], 0); // slot 0: min, max, sum, count
    const agg = new RollupAggregator((_s, level, t) => (level === 0 && t === 5000 ? stored : undefined));
    agg.resume(7, 5999);
    const snap = agg.snapshot();
    agg.add(7, { tHostMs: 5500, cells: [cell(1, 2000)], packMa: null, ambientCc: null, humidityCpct: null });
    agg.restore(snap);
    agg.add(7, { tHostMs: 5500, cells: [cell(1, 3000)], packMa: null, ambientCc: null, humidityCpct: null });
    const b = agg.drain().find((x) => x.level === 0)!;
    expect(b.frames).toBe(5);
    expect(new RollupView(b.data).get(0)).toEqual([1000, 3000, 1400]);
  });
});
