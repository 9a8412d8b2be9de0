/**
 * The risk model's input columns (issue 6), in the order the ONNX model expects them. One list, read by
 * the feature tracker, the dataset export, the model card and the station's inference, so a column can
 * never be added in one place and forgotten in another. Bump FEATURE_SET_VERSION whenever a name, unit,
 * definition or the order changes: a model trained on another version must refuse to load.
 *
 * Missing values are NaN (no reading yet, an open sensor, too little history for a horizon, "not at
 * rest" for the rest-only feature). The model is a LightGBM tree ensemble, which learns a direction for
 * NaN at every split, and the ONNX export keeps that (`nodes_missing_value_tracks_true`).
 */

export interface FeatureInfo {
  name: string;
  unit: string;
  doc: string;
}

export const FEATURE_SET_VERSION = 'fs-3';

/**
 * Horizons of the temperature rise rates, s. 3 s matches the GB 38031 hold; 300 s and 900 s see slow
 * self-heating (an oven-soaked cell creeps up for tens of minutes before it runs away).
 */
export const TEMP_RATE_HORIZONS_S = [3, 10, 30, 60, 300, 900] as const;
/** The longest window the tracker keeps by default, s. */
export const DEFAULT_HORIZON_S = 900;

export const FEATURE_SPEC: readonly FeatureInfo[] = [
  { name: 'temp_c', unit: '°C', doc: 'newest cell (can) temperature; NaN if the probe is open' },
  ...TEMP_RATE_HORIZONS_S.map((h) => ({
    name: `temp_rate_${h}s`,
    unit: '°C/s',
    doc: `temperature rise over the last ${h} s (newest minus the oldest valid reading inside the window, over their time difference); NaN with less than half the window of history`,
  })),
  {
    name: 'temp_accel_30s',
    unit: '°C/s²',
    doc: 'rise rate over the last 15 s minus the rate over the 15 s before, over 15 s: a self-heating cell accelerates',
  },
  {
    name: 'temp_accel_120s',
    unit: '°C/s²',
    doc: 'rise rate over the last 60 s minus the rate over the 60 s before, over 60 s: self-heating climbing over minutes',
  },
  {
    name: 'temp_accel_600s',
    unit: '°C/s²',
    doc: 'rise rate over the last 300 s minus the rate over the 300 s before, over 300 s: the slow climb of an oven-soaked or shorted cell',
  },
  {
    name: 'temp_max_900s',
    unit: '°C',
    doc: 'highest valid temperature of the cell in the last 900 s (still known after a probe fails hot)',
  },
  { name: 'temp_above_ambient_c', unit: 'K', doc: 'cell temperature minus the rig ambient sensor' },
  {
    name: 'temp_above_neighbours_c',
    unit: 'K',
    doc: 'cell temperature minus the hotter of cells n−1 and n+1 (numbering as on the rig)',
  },
  { name: 'temp_above_module_median_c', unit: 'K', doc: 'cell temperature minus the median of all cells of the frame' },
  {
    name: 'module_max_above_c',
    unit: 'K',
    doc: 'hottest cell of the module minus this cell: a burning neighbour shows here first',
  },
  {
    name: 'neighbour_max_rate_10s',
    unit: '°C/s',
    doc: 'fastest 10 s temperature rise of cells n−1 and n+1',
  },
  { name: 'module_max_rate_10s', unit: '°C/s', doc: 'fastest 10 s temperature rise of any cell of the module' },
  {
    name: 'temp_rate_60s_above_module_median',
    unit: '°C/s',
    doc: 'this cell’s 60 s rise rate minus the module median: in a series string every cell carries the same current, so an excess is the cell’s own heat (short, self-heating)',
  },
  {
    name: 'temp_rate_300s_above_module_median',
    unit: '°C/s',
    doc: 'this cell’s 300 s rise rate minus the module median: heat the shared current and the shared air do not explain',
  },
  { name: 'ambient_c', unit: '°C', doc: 'rig ambient sensor' },
  {
    name: 'ambient_rate_300s',
    unit: '°C/s',
    doc: 'ambient rise over 300 s (oven ramps, chamber or enclosure heating)',
  },
  { name: 'voltage_v', unit: 'V', doc: 'newest cell voltage; NaN if the channel is open' },
  {
    name: 'voltage_drop_60s_v',
    unit: 'V',
    doc: 'highest voltage of the last 60 s minus the newest (GB 38031’s voltage-drop criterion on a rolling reference)',
  },
  { name: 'voltage_drop_frac_60s', unit: '1', doc: 'voltage_drop_60s_v over the 60 s maximum' },
  { name: 'voltage_rate_10s', unit: 'V/s', doc: 'voltage change over the last 10 s' },
  { name: 'voltage_rate_60s', unit: 'V/s', doc: 'voltage change over the last 60 s' },
  {
    name: 'voltage_below_module_median_v',
    unit: 'V',
    doc: 'module median voltage minus this cell’s: an internal short pulls one cell below the others',
  },
  { name: 'current_a', unit: 'A', doc: 'pack current, positive = discharge' },
  {
    name: 'current_direction',
    unit: '1',
    doc: '+1 discharging, −1 charging, 0 at rest (|current| below C/50 or 0.1 A, whichever is larger)',
  },
  {
    name: 'c_rate',
    unit: '1/h',
    doc: 'pack current over the cell’s capacity (session or rig default), positive = discharge',
  },
  {
    name: 'cv_taper',
    unit: '1',
    doc: 'while charging: |current| over the largest charging |current| of the last 900 s (1 in constant current, falling in the constant-voltage phase); NaN when not charging',
  },
  { name: 'cell_vmax_v', unit: 'V', doc: 'the cell’s charge end voltage V_max (session, else its chemistry’s)' },
  {
    name: 'voltage_below_vmax_v',
    unit: 'V',
    doc: 'V_max minus the cell voltage: near 0 at the top of charge, negative when overcharged',
  },
  { name: 'current_abs_mean_60s_a', unit: 'A', doc: 'mean |pack current| over the last 60 s' },
  { name: 'soc_pct', unit: '%', doc: 'state of charge as the station reports it (device or the station’s estimator)' },
  {
    name: 'rest_self_heating_60s',
    unit: '°C/s',
    doc: 'temperature rise over 60 s while |I| stayed below 0.1 A all that time (heat without electrical load); NaN when not at rest',
  },
  {
    name: 'rest_rate_300s',
    unit: '°C/s',
    doc: 'temperature rise over 300 s while at rest all that time: a resting cell above ambient should cool, so a rise is its own heat; NaN when not at rest',
  },
  { name: 'time_at_rest_s', unit: 's', doc: 'time since |I| was last ≥ 0.1 A, capped at 3600 s' },
  { name: 'temp_missing_share_60s', unit: '1', doc: 'share of the last 60 s of frames without a temperature' },
  { name: 'voltage_missing_share_60s', unit: '1', doc: 'share of the last 60 s of frames without a voltage' },
  {
    name: 'temp_noise_30s_c',
    unit: '°C',
    doc: 'mean |second difference| of the temperature over 30 s minus |mean second difference|: noise and spikes change sign, the smooth acceleration of a real runaway does not, so it cancels',
  },
  { name: 'history_s', unit: 's', doc: 'device time covered by the windows since the last reset, capped at 900 s' },
];

export const FEATURE_NAMES: readonly string[] = FEATURE_SPEC.map((f) => f.name);
export const FEATURE_COUNT = FEATURE_SPEC.length;

/** Column index by name, for code that fills or reads single features. */
export const FEATURE_INDEX: Readonly<Record<string, number>> = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, i]));
