/** One rollup bucket's BLOB: 16-bit temperatures unless the bucket holds runaway heat, and layout 1 still read. */
import { describe, expect, it } from 'vitest';
import { emptyStats, encodeRollup, RollupView, slotOf } from './rollup-codec.js';

describe('rollup codec', () => {
  it('packs temperatures in 16 bits unless a bucket holds runaway heat, and still reads layout 1', () => {
    const s = emptyStats();
    s.frames = 2;
    s.nCells = 1;
    s.v.set([2000, 3000, 5000, 2], 0);
    const narrow = encodeRollup(s);
    expect(new RollupView(narrow).get(0)).toEqual([2000, 3000, 2500]);
    s.v.set([2000, 150000, 152000, 2], 0);
    const wide = encodeRollup(s);
    expect(wide.length).toBe(narrow.length + 6);
    expect(new RollupView(wide).get(0)).toEqual([2000, 150000, 76000]);
    // Layout 1 (written by the first builds of migration 0002): no flags byte, i32 temperatures.
    const v1 = Buffer.alloc(2 + 1 + 12 + 6 + 12 + 6 + 6);
    v1[0] = 1;
    v1[1] = 1;
    v1[2] = 0b00001;
    v1.writeInt32LE(-100, 3);
    v1.writeInt32LE(4000, 7);
    v1.writeInt32LE(1234, 11);
    expect(new RollupView(v1).get(0)).toEqual([-100, 4000, 1234]);
    expect(new RollupView(v1).get(slotOf('voltage', 1))).toBeNull();
  });
});
