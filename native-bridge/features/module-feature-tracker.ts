/**
 * Per-cell feature windows for the risk model (issue 6): the one implementation that both the station's
 * inference and the dataset export call, so the model sees in the field exactly what it was trained on.
 *
 * Rates use device time (tDevMs), so a replay at 1000× or a simulator speed-up gives the same features
 * as real time. A device reboot (seq or device time going backwards), a change of cell count, or a gap
 * longer than the longest window clears the device's windows: rates across a reset would be nonsense.
 * push() is O(1) amortised per reading; snapshot() is O(cells) per device.
 */
import type { CellReading } from '../contract/index.js';
import { DEFAULT_CELL, sameCell, type CellSpec } from './cell-chemistry.js';
import { DEFAULT_HORIZON_S, FEATURE_COUNT, FEATURE_INDEX, TEMP_RATE_HORIZONS_S } from './feature-spec.js';
import { SampleWindow } from './sample-window.js';
import { HEAT_SOURCE_COUNT, writeHeatSource } from './heat-source.js';

export interface CellFeatures {
  deviceId: string;
  cell: number;
  /** Host time of the cell's newest reading, ms (device time drives the windows). */
  tMs: number;
  /** FEATURE_COUNT values in FEATURE_NAMES order (then HEAT_SOURCE_COUNT more with `heatSource`); NaN = missing. */
  values: Float32Array;
  health: {
    /** 'temp-open' | 'voltage-open' | 'temp-stuck' | 'voltage-stuck' | 'temp-noisy', or null. */
    sensorFault: string | null;
    /** Device-time gap before the newest reading, s (dropped frames show here). */
    gapS: number;
  };
}

export interface ModuleFeatureTrackerOptions {
  /** Longest window kept, s (default 900); horizons beyond it read NaN. */
  horizonS?: number;
  /** The cell a device's rig holds (its session's chemistry, capacity, V_max); DEFAULT_CELL if absent. */
  cellOf?: (deviceId: string) => Readonly<CellSpec>;
  /**
   * Append the heat-source columns (heat-source.ts, FEATURE_SPEC_WITH_HEAT_SOURCE) after the fs-3 ones.
   * Off by default: the station's model reads fs-3 alone; the dataset turns it on with --heat-source.
   */
  heatSource?: boolean;
}

/** Below this |pack current| the cells count as resting, A (a C/35 trickle of an 18650). */
export const REST_CURRENT_A = 0.1;
const CAP_S = 3600;
/** A frozen reading is reported as a fault only after this long: a steady cell still shows noise. */
const STUCK_FAULT_S = 120;
/**
 * A voltage channel reads in 1 mV steps, and a cell on a constant current (or at rest) can drift by less
 * than a step for many minutes: on measured constant-current discharges the time-only test flagged a
 * frozen voltage about six times an hour. So a voltage counts as stuck only if it has not moved while
 * the current did: a step of C/10 (at least STUCK_CURRENT_STEP_A) moves a live cell's terminal voltage
 * by I·R0, 0.2 A × 20 mΩ = 4 mV for a small 18650 and more for anything else, several steps. Without a
 * current reading, only after STUCK_NO_CURRENT_S.
 */
const STUCK_CURRENT_STEP_A = 0.2;
const STUCK_CURRENT_STEP_C = 0.1;
const STUCK_NO_CURRENT_S = 1800;
const NOISY_FAULT_C = 0.5;

const ix = FEATURE_INDEX;
const I_TEMP_RATE = TEMP_RATE_HORIZONS_S.map((h) => ix[`temp_rate_${h}s`]!);
/** Cursor numbers in the temperature window: the rate horizons, then 15, 120 and 600 s for accelerations. */
const C10 = TEMP_RATE_HORIZONS_S.indexOf(10);
const C30 = TEMP_RATE_HORIZONS_S.indexOf(30);
const C60 = TEMP_RATE_HORIZONS_S.indexOf(60);
const C300 = TEMP_RATE_HORIZONS_S.indexOf(300);
const C15 = TEMP_RATE_HORIZONS_S.length;
const C120 = C15 + 1;
const C600 = C15 + 2;
/** Rest below C/50 of the cell (or REST_CURRENT_A for small cells): a 50 Ah cell idles at more than 0.1 A. */
const REST_C_RATE = 1 / 50;

class CellWindows {
  /** Valid temperatures; cursors at the rate horizons, then 15 s and 30 s for the acceleration. */
  readonly temp: SampleWindow;
  readonly volt: SampleWindow;
  readonly absCurrent: SampleWindow;
  readonly tempMissing: SampleWindow;
  readonly voltMissing: SampleWindow;
  readonly tempNoise: SampleWindow;
  /** Signed second differences beside their magnitudes (tempNoise): a smooth acceleration cancels here. */
  readonly tempD2: SampleWindow;
  /** |current| while charging, 0 otherwise, with its running maximum: the CC level the CV phase tapers from. */
  readonly chargeCurrent: SampleWindow;
  lastTemp = NaN;
  lastVolt = NaN;
  currentA = NaN;
  socPct = NaN;
  ambientC = NaN;
  tempChangedMs = NaN;
  voltChangedMs = NaN;
  /** Lowest and highest current since the voltage last changed (NaN: none read), A. */
  currentLoSinceVolt = NaN;
  currentHiSinceVolt = NaN;
  lastLoadMs = NaN;
  prevTemp1 = NaN;
  prevTemp2 = NaN;
  tHostMs = 0;
  tDevMs = NaN;
  gapS = 0;
  tempNull = false;
  voltNull = false;

  constructor(spanMs: number) {
    const horizonsMs = TEMP_RATE_HORIZONS_S.map((h) => h * 1000);
    this.temp = new SampleWindow(spanMs, [...horizonsMs, 15_000, 120_000, 600_000], true);
    this.volt = new SampleWindow(Math.min(60_000, spanMs), [10_000, 60_000], true);
    this.absCurrent = new SampleWindow(Math.min(60_000, spanMs));
    this.tempMissing = new SampleWindow(Math.min(60_000, spanMs));
    this.voltMissing = new SampleWindow(Math.min(60_000, spanMs));
    this.tempNoise = new SampleWindow(Math.min(30_000, spanMs));
    this.tempD2 = new SampleWindow(Math.min(30_000, spanMs));
    this.chargeCurrent = new SampleWindow(spanMs, [], true);
  }

  clear(): void {
    for (const w of [
      this.temp,
      this.volt,
      this.absCurrent,
      this.tempMissing,
      this.voltMissing,
      this.tempNoise,
      this.tempD2,
      this.chargeCurrent,
    ])
      w.clear();
    this.lastTemp = this.lastVolt = this.currentA = this.socPct = this.ambientC = NaN;
    this.tempChangedMs = this.voltChangedMs = this.lastLoadMs = NaN;
    this.currentLoSinceVolt = this.currentHiSinceVolt = NaN;
    this.prevTemp1 = this.prevTemp2 = NaN;
    this.tDevMs = NaN;
    this.gapS = 0;
    this.tempNull = this.voltNull = false;
  }

  add(r: CellReading, restA: number): void {
    const t = r.tDevMs;
    this.gapS = Number.isNaN(this.tDevMs) ? 0 : (t - this.tDevMs) / 1000;
    this.tDevMs = t;
    this.tHostMs = r.tHostMs;
    this.tempNull = r.tempC === null;
    this.voltNull = r.voltageV === null;
    this.tempMissing.push(t, this.tempNull ? 1 : 0);
    this.voltMissing.push(t, this.voltNull ? 1 : 0);
    if (r.tempC !== null) {
      if (r.tempC !== this.lastTemp) this.tempChangedMs = t;
      if (!Number.isNaN(this.prevTemp1)) {
        const d2 = Number.isNaN(this.prevTemp2)
          ? r.tempC - this.prevTemp1
          : r.tempC - 2 * this.prevTemp1 + this.prevTemp2;
        this.tempNoise.push(t, Math.abs(d2));
        this.tempD2.push(t, d2);
      }
      this.prevTemp2 = this.prevTemp1;
      this.prevTemp1 = r.tempC;
      this.lastTemp = r.tempC;
      this.temp.push(t, r.tempC);
    }
    if (r.voltageV !== null) {
      if (r.voltageV !== this.lastVolt) {
        this.voltChangedMs = t;
        this.currentLoSinceVolt = this.currentHiSinceVolt = NaN;
      }
      this.lastVolt = r.voltageV;
      this.volt.push(t, r.voltageV);
    }
    this.currentA = r.currentA ?? NaN;
    if (r.currentA !== null) {
      // Math.min/max with NaN give NaN: the first current read after a voltage change starts the span.
      this.currentLoSinceVolt = Number.isNaN(this.currentLoSinceVolt)
        ? r.currentA
        : Math.min(this.currentLoSinceVolt, r.currentA);
      this.currentHiSinceVolt = Number.isNaN(this.currentHiSinceVolt)
        ? r.currentA
        : Math.max(this.currentHiSinceVolt, r.currentA);
      this.absCurrent.push(t, Math.abs(r.currentA));
      this.chargeCurrent.push(t, r.currentA <= -restA ? -r.currentA : 0);
      if (Math.abs(r.currentA) >= restA || Number.isNaN(this.lastLoadMs)) this.lastLoadMs = t;
    }
    this.socPct = r.socPct ?? NaN;
    this.ambientC = r.ambientC ?? NaN;
  }
}

class DeviceWindows {
  cells = new Map<number, CellWindows>();
  ambient: SampleWindow;
  lastTDevMs = NaN;
  lastSeq = NaN;
  firstTDevMs = NaN;
  cellCount = 0;
  /** Below this |current| the device's cells rest, A. */
  readonly restA: number;

  constructor(
    private readonly spanMs: number,
    readonly cell: Readonly<CellSpec>,
  ) {
    this.restA = Math.max(REST_CURRENT_A, cell.capacityAh * REST_C_RATE);
    this.ambient = new SampleWindow(Math.min(300_000, spanMs), [300_000]);
  }

  reset(): void {
    for (const c of this.cells.values()) c.clear();
    this.ambient.clear();
    this.lastTDevMs = this.lastSeq = this.firstTDevMs = NaN;
  }

  cellWindows(cell: number): CellWindows {
    let w = this.cells.get(cell);
    if (!w) this.cells.set(cell, (w = new CellWindows(this.spanMs)));
    return w;
  }
}

const finite = (x: number) => !Number.isNaN(x);

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function maxOf(xs: number[]): number {
  let m = NaN;
  for (const x of xs) if (finite(x) && !(x <= m)) m = x;
  return m;
}

export class ModuleFeatureTracker {
  private readonly devices = new Map<string, DeviceWindows>();
  private readonly spanMs: number;
  private readonly cellOf: (deviceId: string) => Readonly<CellSpec>;
  /** Values per cell: FEATURE_COUNT, plus HEAT_SOURCE_COUNT with `heatSource`. */
  readonly width: number;

  constructor(opts: ModuleFeatureTrackerOptions = {}) {
    const horizonS = opts.horizonS ?? DEFAULT_HORIZON_S;
    if (!(horizonS >= 10)) throw new Error(`horizonS must be ≥ 10 s, got ${horizonS}`);
    this.spanMs = horizonS * 1000;
    this.cellOf = opts.cellOf ?? (() => DEFAULT_CELL);
    this.width = FEATURE_COUNT + (opts.heatSource ? HEAT_SOURCE_COUNT : 0);
  }

  /** All cells of one device frame at one instant. */
  push(readings: readonly CellReading[]): void {
    if (readings.length === 0) return;
    const first = readings[0]!;
    let d = this.devices.get(first.deviceId);
    if (!d) this.devices.set(first.deviceId, (d = new DeviceWindows(this.spanMs, this.cellOf(first.deviceId))));
    const t = first.tDevMs;
    if (t === d.lastTDevMs && first.seq === d.lastSeq) return;
    const reboot =
      t < d.lastTDevMs || first.seq < d.lastSeq || t - d.lastTDevMs > this.spanMs || readings.length !== d.cellCount;
    if (reboot) {
      d.reset();
      d.cellCount = readings.length;
      d.cells.clear();
    }
    if (Number.isNaN(d.firstTDevMs)) d.firstTDevMs = t;
    d.lastTDevMs = t;
    d.lastSeq = first.seq;
    if (first.ambientC !== null) d.ambient.push(t, first.ambientC);
    for (const r of readings) d.cellWindows(r.cell).add(r, d.restA);
  }

  /** Forgets a device (it was removed, or its session's cell changed); its windows start afresh. */
  forget(deviceId: string): void {
    this.devices.delete(deviceId);
  }

  /**
   * The device's session was edited: if its cell now reads differently, its windows start afresh on the
   * new cell (their SOC and rest flags were computed for the old one), so the escalation gate holds the
   * model at Watch while history builds again; true if they did.
   */
  recell(deviceId: string): boolean {
    const d = this.devices.get(deviceId);
    if (!d || sameCell(d.cell, this.cellOf(deviceId))) return false;
    this.devices.delete(deviceId);
    return true;
  }

  snapshot(deviceId: string): CellFeatures[] {
    const d = this.devices.get(deviceId);
    if (!d || d.cells.size === 0) return [];
    const cellNos = [...d.cells.keys()].sort((a, b) => a - b);
    const ws = cellNos.map((c) => d.cells.get(c)!);
    const n = ws.length;
    const temp = ws.map((w) => (w.tempNull ? NaN : w.lastTemp));
    const volt = ws.map((w) => (w.voltNull ? NaN : w.lastVolt));
    const rate10 = ws.map((w) => w.temp.rate(C10));
    const rate60 = ws.map((w) => w.temp.rate(C60));
    const rate300 = ws.map((w) => w.temp.rate(C300));
    const medRate300 = median(rate300.filter(finite));
    const cellSpec = d.cell;
    const medTemp = median(temp.filter(finite));
    const maxTemp = maxOf(temp);
    const medVolt = median(volt.filter(finite));
    const medRate60 = median(rate60.filter(finite));
    const maxRate10 = maxOf(rate10);
    const ambientRate = d.ambient.rate(0);
    const historyS = Math.min(this.spanMs / 1000, (d.lastTDevMs - d.firstTDevMs) / 1000);

    const out: CellFeatures[] = [];
    for (let k = 0; k < n; k++) {
      const w = ws[k]!;
      const v = new Float32Array(this.width);
      const t = w.tDevMs;
      const T = temp[k]!;
      v[ix.temp_c!] = T;
      for (let h = 0; h < I_TEMP_RATE.length; h++) v[I_TEMP_RATE[h]!] = w.temp.rate(h);
      v[ix.temp_accel_30s!] = acceleration(w.temp, C15, C30);
      v[ix.temp_accel_120s!] = acceleration(w.temp, C60, C120);
      v[ix.temp_accel_600s!] = acceleration(w.temp, C300, C600);
      v[ix.temp_max_900s!] = w.temp.max();
      v[ix.temp_above_ambient_c!] = T - w.ambientC;
      // Neighbours by rig numbering: the only layout the station knows for every rig.
      const prevNo = cellNos[k]! - 1;
      const nextNo = cellNos[k]! + 1;
      const nb = [k - 1, k + 1].filter((j) => j >= 0 && j < n && (cellNos[j] === prevNo || cellNos[j] === nextNo));
      v[ix.temp_above_neighbours_c!] = nb.length ? T - maxOf(nb.map((j) => temp[j]!)) : NaN;
      v[ix.temp_above_module_median_c!] = T - medTemp;
      v[ix.module_max_above_c!] = maxTemp - T;
      v[ix.neighbour_max_rate_10s!] = nb.length ? maxOf(nb.map((j) => rate10[j]!)) : NaN;
      v[ix.module_max_rate_10s!] = maxRate10;
      v[ix.temp_rate_60s_above_module_median!] = rate60[k]! - medRate60;
      v[ix.temp_rate_300s_above_module_median!] = rate300[k]! - medRate300;
      v[ix.ambient_c!] = w.ambientC;
      v[ix.ambient_rate_300s!] = ambientRate;
      const V = volt[k]!;
      const vMax = w.volt.max();
      v[ix.voltage_v!] = V;
      v[ix.voltage_drop_60s_v!] = vMax - V;
      v[ix.voltage_drop_frac_60s!] = vMax > 0 ? (vMax - V) / vMax : NaN;
      v[ix.voltage_rate_10s!] = w.volt.rate(0);
      v[ix.voltage_rate_60s!] = w.volt.rate(1);
      v[ix.voltage_below_module_median_v!] = medVolt - V;
      v[ix.current_a!] = w.currentA;
      const I = w.currentA;
      v[ix.current_direction!] = Number.isNaN(I) ? NaN : I >= d.restA ? 1 : I <= -d.restA ? -1 : 0;
      v[ix.c_rate!] = I / cellSpec.capacityAh;
      const ccA = w.chargeCurrent.max();
      v[ix.cv_taper!] = I <= -d.restA && ccA > 0 ? -I / ccA : NaN;
      v[ix.cell_vmax_v!] = cellSpec.vMaxV;
      v[ix.voltage_below_vmax_v!] = cellSpec.vMaxV - V;
      v[ix.current_abs_mean_60s_a!] = w.absCurrent.mean();
      v[ix.soc_pct!] = w.socPct;
      const restS = Math.min(CAP_S, (t - w.lastLoadMs) / 1000);
      v[ix.time_at_rest_s!] = restS;
      v[ix.rest_self_heating_60s!] = restS >= 60 ? w.temp.rate(C60) : NaN;
      v[ix.rest_rate_300s!] = restS >= 300 ? w.temp.rate(C300) : NaN;
      const tempStuckS = w.tempNull ? NaN : Math.min(CAP_S, (t - w.tempChangedMs) / 1000);
      const voltStuckS = w.voltNull ? NaN : Math.min(CAP_S, (t - w.voltChangedMs) / 1000);
      v[ix.temp_missing_share_60s!] = w.tempMissing.mean();
      v[ix.voltage_missing_share_60s!] = w.voltMissing.mean();
      const noise = w.tempNoise.size >= 5 ? Math.max(0, w.tempNoise.mean() - Math.abs(w.tempD2.mean())) : NaN;
      v[ix.temp_noise_30s_c!] = noise;
      v[ix.history_s!] = historyS;
      if (this.width > FEATURE_COUNT)
        writeHeatSource(
          {
            tempC: T,
            rate60: rate60[k]!,
            rate300: rate300[k]!,
            temp300C: w.temp.cursorV(C300),
            age300S: (w.temp.newestT() - w.temp.cursorT(C300)) / 1000,
            temp600C: w.temp.cursorV(C600),
            age600S: (w.temp.newestT() - w.temp.cursorT(C600)) / 1000,
            ambientC: w.ambientC,
            capacityAh: cellSpec.capacityAh,
          },
          v,
          FEATURE_COUNT,
        );

      let fault: string | null = null;
      if (w.tempNull) fault = 'temp-open';
      else if (w.voltNull) fault = 'voltage-open';
      else if (tempStuckS >= STUCK_FAULT_S) fault = 'temp-stuck';
      // A cell whose CID opened reads a steady 0 V: that is the cell, not the channel.
      else if (V > 0.1 && voltageFrozen(w, voltStuckS, cellSpec.capacityAh)) fault = 'voltage-stuck';
      else if (noise > NOISY_FAULT_C) fault = 'temp-noisy';
      out.push({
        deviceId,
        cell: cellNos[k]!,
        tMs: w.tHostMs,
        values: v,
        health: { sensorFault: fault, gapS: w.gapS },
      });
    }
    return out;
  }
}

/** The voltage has not moved for STUCK_FAULT_S while the current stepped (see STUCK_CURRENT_STEP_A). */
function voltageFrozen(w: CellWindows, stuckS: number, capacityAh: number): boolean {
  if (!(stuckS >= STUCK_FAULT_S)) return false;
  const span = w.currentHiSinceVolt - w.currentLoSinceVolt;
  if (Number.isNaN(span)) return stuckS >= STUCK_NO_CURRENT_S;
  return span >= Math.max(STUCK_CURRENT_STEP_A, STUCK_CURRENT_STEP_C * capacityAh);
}

/**
 * Rate over the last half-span (newest against cursor `half`) minus the rate over the half before it
 * (cursor `half` against cursor `full`), per second of separation; NaN unless both halves hold at least
 * half their nominal length.
 */
function acceleration(w: SampleWindow, half: number, full: number): number {
  if (w.size < 3) return NaN;
  const t2 = w.newestT();
  const t1 = w.cursorT(half);
  const t0 = w.cursorT(full);
  const minMs = w.spanOf(half) / 2;
  if (!(t2 - t1 >= minMs && t1 - t0 >= minMs)) return NaN;
  const r2 = ((w.newest() - w.cursorV(half)) * 1000) / (t2 - t1);
  const r1 = ((w.cursorV(half) - w.cursorV(full)) * 1000) / (t1 - t0);
  return (r2 - r1) / ((t2 - t0) / 2000);
}
