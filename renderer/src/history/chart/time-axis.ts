/** The chart's time axis: ticks on round local clock times, and their labels for the window's width. */

/** Tick labels for a time axis: the time, with the date when the window spans days. */
export function axisLabel(tMs: number, windowMs: number): string {
  const d = new Date(tMs);
  const p = (n: number) => String(n).padStart(2, '0');
  const hm = `${p(d.getHours())}:${p(d.getMinutes())}`;
  if (windowMs > 2 * 86_400_000) return `${p(d.getMonth() + 1)}-${p(d.getDate())} ${hm}`;
  if (windowMs > 120_000) return hm;
  return `${hm}:${p(d.getSeconds())}`;
}

const TICK_STEPS_MS = [
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000,
  7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000,
];

/** Axis ticks on round local clock times, about `maxTicks` of them. */
export function timeTicks(fromMs: number, toMs: number, maxTicks = 8): number[] {
  if (!(toMs > fromMs)) return [];
  const want = (toMs - fromMs) / Math.max(1, maxTicks - 1);
  const step = TICK_STEPS_MS.find((s) => s >= want) ?? TICK_STEPS_MS[TICK_STEPS_MS.length - 1]!;
  // Round on local time, so hour and day ticks fall on the hour and midnight where the operator is.
  const offset = new Date(fromMs).getTimezoneOffset() * 60_000;
  const out: number[] = [];
  for (let t = Math.ceil((fromMs - offset) / step) * step + offset; t <= toMs; t += step) out.push(t);
  return out;
}
