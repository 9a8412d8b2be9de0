/** The per-cell BLOB of a stored frame: every value and the wire ranges round-trip; another layout is refused. */
import { describe, expect, it } from 'vitest';
import { CellBlob, decodeCells, encodeCells } from './frame-codec.js';
import { cell } from '../../testing/store/sample-rows.js';

describe('frame codec', () => {
  it('round-trips every value, nulls and the full wire ranges', () => {
    const cells = [
      cell(0, -5500, 0, false),
      cell(65535, 150000, 1000, true),
      cell(null, null, null),
      cell(3712, 2534, 801, true),
    ];
    const b = encodeCells(cells);
    expect(b.length).toBe(2 + 9 * 4);
    expect(decodeCells(b)).toEqual(cells);
    expect(new CellBlob(b).tempCc(1)).toBe(150000);
  });

  it('refuses a blob of another layout', () => {
    const b = encodeCells([cell(1, 2)]);
    b[0] = 9;
    expect(() => new CellBlob(b)).toThrow(/unknown cell layout 9/);
  });
});
