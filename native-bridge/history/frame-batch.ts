/**
 * Frames packed into one Float64Array, so the import thread can hand a batch to the station's thread
 * as a transferred buffer (no copy, no object graph to clone). `null` is NaN. Per frame: boot id, seq,
 * device time, host time, pack current, ambient, humidity, status, the cell count, then per cell its
 * millivolts, temperature, SOC and whether SOC was estimated.
 */
import type { ReplayFrame } from '../devices/replay-source.js';

const HEAD = 9;
const PER_CELL = 4;

const put = (v: number | null) => (v === null ? Number.NaN : v);
const get = (v: number) => (Number.isNaN(v) ? null : v);

export function packFrames(frames: readonly ReplayFrame[]): Float64Array {
  let n = 0;
  for (const f of frames) n += HEAD + PER_CELL * f.cells.length;
  const out = new Float64Array(n);
  let i = 0;
  for (const f of frames) {
    out[i++] = f.bootId;
    out[i++] = f.seq;
    out[i++] = f.tDevMs;
    out[i++] = f.tHostMs;
    out[i++] = put(f.packMa);
    out[i++] = put(f.ambientCc);
    out[i++] = put(f.humidityCpct);
    out[i++] = f.status;
    out[i++] = f.cells.length;
    for (const c of f.cells) {
      out[i++] = put(c.mv);
      out[i++] = put(c.tempCc);
      out[i++] = put(c.socPermille);
      out[i++] = c.socEstimated ? 1 : 0;
    }
  }
  return out;
}

export function unpackFrames(a: Float64Array): ReplayFrame[] {
  const out: ReplayFrame[] = [];
  let i = 0;
  while (i < a.length) {
    const f: ReplayFrame = {
      bootId: a[i]!,
      seq: a[i + 1]!,
      tDevMs: a[i + 2]!,
      tHostMs: a[i + 3]!,
      packMa: get(a[i + 4]!),
      ambientCc: get(a[i + 5]!),
      humidityCpct: get(a[i + 6]!),
      status: a[i + 7]!,
      cells: [],
    };
    const n = a[i + 8]!;
    i += HEAD;
    for (let k = 0; k < n; k++, i += PER_CELL)
      f.cells.push({
        mv: get(a[i]!),
        tempCc: get(a[i + 1]!),
        socPermille: get(a[i + 2]!),
        socEstimated: a[i + 3] === 1,
      });
    out.push(f);
  }
  return out;
}
