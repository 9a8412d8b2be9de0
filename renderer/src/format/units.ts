/**
 * Number, time and unit formatting for the station UI. One place decides how a value reads, so a
 * missing reading always shows as an em dash (never as 0) and every number carries its unit.
 */

/** Shown wherever a value is missing (sensor fault, not reported, no data yet). */
export const MISSING = '—';

export function formatFixed(value: number | null | undefined, digits: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  // Avoid "-0.00" for tiny negative values that round to zero.
  const fixed = value.toFixed(digits);
  return /^-0(\.0+)?$/.test(fixed) ? fixed.slice(1) : fixed;
}

/** A value with its unit, e.g. "23.65 °C"; the unit is dropped when the value is missing. */
export function formatWithUnit(value: number | null | undefined, digits: number, unit: string): string {
  const text = formatFixed(value, digits);
  return text === MISSING ? MISSING : `${text} ${unit}`;
}

/** Signed value, e.g. "+2.00" / "−1.25" (true minus sign, as instruments print it). */
export function formatSigned(value: number | null | undefined, digits: number): string {
  const text = formatFixed(value, digits);
  if (text === MISSING) return MISSING;
  if (text.startsWith('-')) return `−${text.slice(1)}`;
  return Number(text) === 0 ? text : `+${text}`;
}

const countFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return MISSING;
  return countFormat.format(n);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Local wall-clock time with milliseconds, e.g. "13:05:07.089": readings arrive several per second. */
export function formatClockTime(tMs: number | null | undefined, withMs = true): string {
  if (tMs === null || tMs === undefined || !Number.isFinite(tMs)) return MISSING;
  const d = new Date(tMs);
  const hms = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return withMs ? `${hms}.${pad(d.getMilliseconds(), 3)}` : hms;
}

/** A duration as a human age: "0.4 s", "12 s", "3 min 05 s", "2 h 07 min". */
export function formatAge(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return MISSING;
  const clamped = Math.max(0, ms);
  if (clamped < 10_000) return `${(clamped / 1000).toFixed(1)} s`;
  const s = Math.floor(clamped / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ${pad(s % 60)} s`;
  return `${Math.floor(min / 60)} h ${pad(min % 60)} min`;
}

export type CurrentDirection = 'discharging' | 'charging' | 'rest' | 'unknown';

/**
 * Protocol v1 reports pack current with positive = discharge (firmware/PROTOCOL.md). Below
 * `restBelowA` the pack counts as resting, matching the SOC estimator's notion of rest.
 */
export function currentDirection(currentA: number | null | undefined, restBelowA = 0.05): CurrentDirection {
  if (currentA === null || currentA === undefined || !Number.isFinite(currentA)) return 'unknown';
  if (Math.abs(currentA) < restBelowA) return 'rest';
  return currentA > 0 ? 'discharging' : 'charging';
}

export const CURRENT_DIRECTION_LABEL: Record<CurrentDirection, string> = {
  discharging: 'Discharging',
  charging: 'Charging',
  rest: 'At rest',
  unknown: 'No current reading',
};

/** Cell voltage spread in millivolts, the figure balancing is judged by. */
export function voltageSpreadMv(minV: number | null, maxV: number | null): number | null {
  if (minV === null || maxV === null) return null;
  return Math.round((maxV - minV) * 1000);
}
