/**
 * The model's features in an engineer's words: a driver ("temp_rate_60s = 0.04 °C/s") becomes "cell 3
 * rising 2.4 °C/min over the last minute", and a reliability reason that names a feature names it in
 * words too. Rates are shown per minute because that is how a lab reads a temperature ramp; the
 * feature names and units are those of the model card (native-bridge/features/feature-spec.ts).
 */
import type { RiskDriver } from '../../../native-bridge/contract/index.js';
import { formatFixed } from '../format/units.js';

type Phrase = (v: number, cell: number) => string;

const signed = (v: number, digits: number) => `${v < 0 ? '−' : '+'}${formatFixed(Math.abs(v), digits)}`;
const perMin = (cPerS: number) => formatFixed(Math.abs(cPerS * 60), 1);
const rising = (cell: number, cPerS: number, span: string) =>
  `cell ${cell} ${cPerS >= 0 ? 'rising' : 'falling'} ${perMin(cPerS)} °C/min ${span}`;
const kelvin = (v: number) => formatFixed(Math.abs(v), 1);
const aboveBelow = (v: number) => (v >= 0 ? 'above' : 'below');

/** Name in words (for reasons and tooltips) and the phrase for a driver's value. */
const FEATURES: Record<string, { words: string; phrase: Phrase }> = {
  temp_c: { words: 'cell temperature', phrase: (v, c) => `cell ${c} at ${formatFixed(v, 1)} °C` },
  temp_rate_3s: { words: '3 s temperature rise', phrase: (v, c) => rising(c, v, 'over the last 3 s') },
  temp_rate_10s: { words: '10 s temperature rise', phrase: (v, c) => rising(c, v, 'over the last 10 s') },
  temp_rate_30s: { words: '30 s temperature rise', phrase: (v, c) => rising(c, v, 'over the last 30 s') },
  temp_rate_60s: { words: '1 min temperature rise', phrase: (v, c) => rising(c, v, 'over the last minute') },
  temp_rate_300s: { words: '5 min temperature rise', phrase: (v, c) => rising(c, v, 'over the last 5 min') },
  temp_rate_900s: { words: '15 min temperature rise', phrase: (v, c) => rising(c, v, 'over the last 15 min') },
  temp_accel_30s: {
    words: 'temperature acceleration (30 s)',
    phrase: (v, c) => `cell ${c}'s rise ${v >= 0 ? 'speeding up' : 'slowing'} by ${perMin(v * 15)} °C/min within 30 s`,
  },
  temp_accel_120s: {
    words: 'temperature acceleration (2 min)',
    phrase: (v, c) => `cell ${c}'s rise ${v >= 0 ? 'speeding up' : 'slowing'} by ${perMin(v * 60)} °C/min within 2 min`,
  },
  temp_accel_600s: {
    words: 'temperature acceleration (10 min)',
    phrase: (v, c) =>
      `cell ${c}'s rise ${v >= 0 ? 'speeding up' : 'slowing'} by ${perMin(v * 300)} °C/min within 10 min`,
  },
  temp_max_900s: { words: '15 min peak temperature', phrase: (v, c) => `cell ${c} peaked at ${formatFixed(v, 1)} °C` },
  temp_above_ambient_c: {
    words: 'temperature above ambient',
    phrase: (v) => `${kelvin(v)} °C ${aboveBelow(v)} the ambient`,
  },
  temp_above_neighbours_c: {
    words: 'temperature above its neighbours',
    phrase: (v) => `${kelvin(v)} °C ${aboveBelow(v)} its neighbours`,
  },
  temp_above_module_median_c: {
    words: 'temperature above the module median',
    phrase: (v) => `${kelvin(v)} °C ${aboveBelow(v)} the module's median`,
  },
  module_max_above_c: {
    words: 'hottest cell above this one',
    phrase: (v) => `the hottest cell of the module ${kelvin(v)} °C hotter`,
  },
  neighbour_max_rate_10s: {
    words: 'neighbours’ temperature rise',
    phrase: (v) => `a neighbour ${v >= 0 ? 'rising' : 'falling'} ${perMin(v)} °C/min`,
  },
  module_max_rate_10s: {
    words: 'fastest rise in the module',
    phrase: (v) => `the fastest cell of the module ${v >= 0 ? 'rising' : 'falling'} ${perMin(v)} °C/min`,
  },
  temp_rate_60s_above_module_median: {
    words: '1 min rise above the module’s',
    phrase: (v) => `rising ${perMin(v)} °C/min ${v >= 0 ? 'faster' : 'slower'} than the module over a minute`,
  },
  temp_rate_300s_above_module_median: {
    words: '5 min rise above the module’s',
    phrase: (v) => `rising ${perMin(v)} °C/min ${v >= 0 ? 'faster' : 'slower'} than the module over 5 min`,
  },
  ambient_c: { words: 'ambient temperature', phrase: (v) => `ambient at ${formatFixed(v, 1)} °C` },
  ambient_rate_300s: {
    words: 'ambient temperature rise',
    phrase: (v) => `ambient ${v >= 0 ? 'rising' : 'falling'} ${perMin(v)} °C/min`,
  },
  voltage_v: { words: 'cell voltage', phrase: (v, c) => `cell ${c} at ${formatFixed(v, 3)} V` },
  voltage_drop_60s_v: {
    words: 'voltage drop in 1 min',
    phrase: (v, c) => `cell ${c}'s voltage down ${formatFixed(v * 1000, 0)} mV in a minute`,
  },
  voltage_drop_frac_60s: {
    words: 'relative voltage drop in 1 min',
    phrase: (v, c) => `cell ${c}'s voltage down ${formatFixed(v * 100, 1)} % in a minute`,
  },
  voltage_rate_10s: {
    words: 'voltage change in 10 s',
    phrase: (v) => `voltage changing ${signed(v * 60 * 1000, 0)} mV/min`,
  },
  voltage_rate_60s: {
    words: 'voltage change in 1 min',
    phrase: (v) => `voltage changing ${signed(v * 60 * 1000, 0)} mV/min`,
  },
  voltage_below_module_median_v: {
    words: 'voltage below the module median',
    phrase: (v) => `${formatFixed(Math.abs(v) * 1000, 0)} mV ${v >= 0 ? 'below' : 'above'} the module's median`,
  },
  current_a: { words: 'pack current', phrase: (v) => `pack current ${signed(v, 2)} A` },
  current_direction: {
    words: 'current direction',
    phrase: (v) => (v > 0 ? 'discharging' : v < 0 ? 'charging' : 'at rest'),
  },
  c_rate: { words: 'C-rate', phrase: (v) => `current at ${formatFixed(Math.abs(v), 2)} C` },
  cv_taper: { words: 'charge taper', phrase: (v) => `charge current at ${formatFixed(v * 100, 0)} % of its peak` },
  cell_vmax_v: { words: 'charge end voltage', phrase: (v) => `charge end voltage ${formatFixed(v, 2)} V` },
  voltage_below_vmax_v: {
    words: 'margin to the charge end voltage',
    phrase: (v) =>
      v >= 0
        ? `${formatFixed(v * 1000, 0)} mV below the charge end voltage`
        : `overcharged by ${formatFixed(-v * 1000, 0)} mV`,
  },
  current_abs_mean_60s_a: { words: 'mean current (1 min)', phrase: (v) => `mean current ${formatFixed(v, 2)} A` },
  soc_pct: { words: 'state of charge', phrase: (v) => `state of charge ${formatFixed(v, 0)} %` },
  rest_self_heating_60s: {
    words: 'heating at rest (1 min)',
    phrase: (v, c) => `cell ${c} heating ${perMin(v)} °C/min with no current`,
  },
  rest_rate_300s: {
    words: 'heating at rest (5 min)',
    phrase: (v, c) => `cell ${c} ${v >= 0 ? 'heating' : 'cooling'} ${perMin(v)} °C/min at rest over 5 min`,
  },
  time_at_rest_s: { words: 'time at rest', phrase: (v) => `at rest for ${formatFixed(v / 60, 0)} min` },
  temp_missing_share_60s: {
    words: 'missing temperatures',
    phrase: (v) => `${formatFixed(v * 100, 0)} % of the last minute's temperatures missing`,
  },
  voltage_missing_share_60s: {
    words: 'missing voltages',
    phrase: (v) => `${formatFixed(v * 100, 0)} % of the last minute's voltages missing`,
  },
  temp_noise_30s_c: { words: 'temperature noise', phrase: (v) => `temperature noise ${formatFixed(v, 2)} °C` },
  history_s: { words: 'history length', phrase: (v) => `only ${formatFixed(v, 0)} s of history` },
};

export function featureWords(name: string): string {
  return FEATURES[name]?.words ?? name.replaceAll('_', ' ');
}

/** A driver as a phrase; an unknown feature (a newer model) still reads as its name, value and unit. */
export function driverPhrase(d: RiskDriver, cell: number): string {
  const f = FEATURES[d.feature];
  if (d.value === null) return `${featureWords(d.feature)} not available`;
  if (!f) return `${featureWords(d.feature)} ${formatFixed(d.value, 2)} ${d.unit}`;
  return f.phrase(d.value, cell);
}

/** The top drivers as one sentence: "cell 3 rising 2.4 °C/min over the last minute, 6.0 °C above its neighbours". */
export function driversSentence(drivers: readonly RiskDriver[], cell: number, top = 3): string | null {
  if (drivers.length === 0) return null;
  return drivers
    .slice(0, top)
    .map((d) => driverPhrase(d, cell))
    .join(', ');
}

/** Feature names inside a reliability reason, replaced by their words. */
export function reasonInWords(reason: string): string {
  return reason.replace(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g, (m) => (m in FEATURES ? featureWords(m) : m));
}
