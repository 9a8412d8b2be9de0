/**
 * The median of a sorted set with one of its members left out, without copying it: SELF_HEAT asks, for
 * each of a device's cells, the median slope of the others, every frame. Sorting the device's slopes
 * once and reading each cell's "others" from that one sorted array makes that O(n log n) per frame
 * instead of n sorts of n − 1 fresh arrays (issue 17: those arrays were most of the core's allocation).
 */

/**
 * The median of sorted[0..n) after removing one value equal to `own` (when leaveOut), else of all n;
 * NaN when nothing is left. `sorted` must be in Float64Array.prototype.sort order (NaNs last). Equal
 * values are interchangeable, so which of them is removed does not change the result. Never throws:
 * an `own` not in the set (a caller's bug) removes nothing.
 */
export function medianLeavingOut(sorted: Float64Array, n: number, leaveOut: boolean, own: number): number {
  let skip = n; // the index removed; n: none
  if (leaveOut) skip = indexOf(sorted, n, own);
  const m = skip < n ? n - 1 : n;
  if (m === 0) return NaN;
  const h = m >> 1;
  // The k-th value left is sorted[k] below the removed index and sorted[k + 1] from it on.
  const hi = sorted[h < skip ? h : h + 1]!;
  if (m % 2 === 1) return hi;
  const lo = sorted[h - 1 < skip ? h - 1 : h]!;
  return (lo + hi) / 2;
}

/** The first index of `v` in sorted[0..n) (NaN: the first NaN, they sort last), or n when absent. */
function indexOf(sorted: Float64Array, n: number, v: number): number {
  if (Number.isNaN(v)) {
    let k = n;
    while (k > 0 && Number.isNaN(sorted[k - 1]!)) k--;
    return k < n ? k : n;
  }
  let lo = 0;
  let hi = n;
  // NaNs at the end compare false, so they stay on the high side.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo < n && sorted[lo] === v ? lo : n;
}
