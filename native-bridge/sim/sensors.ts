/**
 * The rig's sensors as the firmware reads them: a temperature probe on each cell's can (an NTC in a
 * divider on a 12-bit ADC for field-style rigs, or a K-type thermocouple on a MAX31855-class converter
 * for abuse tests) with thermal lag, calibration offset, noise and quantisation; cell voltage taps;
 * the pack shunt; an SHT31-class ambient sensor. Optional faults (stuck, open, noisy channels, dropped
 * frames, reboots) map onto RigSample as the firmware would report them.
 */
import type { RigSample } from './rig-model.js';
import { STATUS_BITS } from '../protocol/index.js';
import { Rng } from './prng.js';

export type TempProbe = 'ntc' | 'thermocouple';

export type FaultKind =
  'stuck-temp' | 'open-temp' | 'noisy-temp' | 'stuck-voltage' | 'open-voltage' | 'dropouts' | 'reboot';

export const FAULT_KINDS: readonly FaultKind[] = [
  'stuck-temp',
  'open-temp',
  'noisy-temp',
  'stuck-voltage',
  'open-voltage',
  'dropouts',
  'reboot',
];

export interface SensorFault {
  kind: FaultKind;
  /** Cell channel (ignored for dropouts and reboot). */
  channel: number;
  startS: number;
  endS: number;
  /** noisy-temp: extra noise, °C (1σ). dropouts: probability a frame is lost. */
  level?: number;
}

export interface SensorConfig {
  probe: TempProbe;
  /** First-order lag of each probe (s): bead or junction taped to the can. */
  lagS: number[];
  /** Calibration offset of each probe, °C. */
  offsetC: number[];
  /** Gain error of each voltage tap (fraction). */
  voltageGain: number[];
  currentOffsetA: number;
  ambientOffsetC: number;
  faults: SensorFault[];
  /** Seed of the noise stream (per-sample draws). */
  noiseSeed: number;
}

/** 10 kΩ B3950 NTC to ground, 10 kΩ pull-up to 3.3 V, 12-bit ADC averaged to ≈0.7 LSB noise. */
const NTC = { r25: 10_000, beta: 3950, pullup: 10_000, vref: 3.3, codes: 4095, noiseLsb: 0.7 } as const;
/** Codes outside this band read as a shorted (low) or open (high) NTC: the firmware reports '-'. */
const NTC_MIN_CODE = 8;
const NTC_MAX_CODE = 4087;
/** Glass-bead NTCs are rated to ≈250–300 °C; above this the bead cracks and reads open for good. */
const NTC_DESTROY_C = 320;
const TC = { resolutionC: 0.25, noiseC: 0.15 } as const;
const VOLTAGE_NOISE_V = 0.0015;
const CURRENT_NOISE_A = 0.004;
const AMBIENT_NOISE_C = 0.04;
const HUMIDITY_NOISE_PCT = 0.15;
/** The device is offline this long around a reboot: frames in that window are lost. */
const REBOOT_OFFLINE_S = 2;

const K0 = 273.15;

function ntcCode(tempC: number, noise: number): number {
  const tK = tempC + K0;
  const r = NTC.r25 * Math.exp(NTC.beta * (1 / tK - 1 / 298.15));
  const v = (NTC.vref * r) / (r + NTC.pullup);
  return Math.round(Math.max(0, Math.min(NTC.codes, (v / NTC.vref) * NTC.codes + noise)));
}

function ntcTempFromCode(code: number): number {
  const v = (code / NTC.codes) * NTC.vref;
  const r = (NTC.pullup * v) / (NTC.vref - v);
  return 1 / (1 / 298.15 + Math.log(r / NTC.r25) / NTC.beta) - K0;
}

/** What the physics knows at the moment of a reading. */
export interface PhysicalReadings {
  tS: number;
  surfaceC: ArrayLike<number>;
  terminalV: ArrayLike<number>;
  packCurrentA: number;
  ambientC: number;
  humidityPct: number;
}

export class RigSensors {
  readonly cfg: SensorConfig;
  private readonly n: number;
  private readonly probeC: Float64Array;
  private readonly destroyed: Uint8Array;
  private readonly stuckTemp: (number | null)[];
  private readonly stuckVolt: (number | null)[];
  private readonly rng: Rng;
  private readonly rebootsDone = new Set<SensorFault>();
  private initialised = false;

  constructor(n: number, cfg: SensorConfig) {
    this.n = n;
    this.cfg = cfg;
    this.probeC = new Float64Array(n);
    this.destroyed = new Uint8Array(n);
    this.stuckTemp = new Array<number | null>(n).fill(null);
    this.stuckVolt = new Array<number | null>(n).fill(null);
    this.rng = new Rng(cfg.noiseSeed);
  }

  /** Advances the probes' thermal lag over `h` seconds towards the can temperature. */
  advance(h: number, surfaceC: ArrayLike<number>): void {
    for (let i = 0; i < this.n; i++) {
      const target = surfaceC[i]!;
      if (!this.initialised) this.probeC[i] = target;
      else this.probeC[i] = this.probeC[i]! + (target - this.probeC[i]!) * -Math.expm1(-h / this.cfg.lagS[i]!);
      if (this.cfg.probe === 'ntc' && target >= NTC_DESTROY_C) this.destroyed[i] = 1;
    }
    this.initialised = true;
  }

  /** Probe temperature (lagged, before noise and quantisation), °C. */
  probeTemp(i: number): number {
    return this.probeC[i]!;
  }

  read(p: PhysicalReadings): RigSample {
    if (!this.initialised) this.advance(0, p.surfaceC);
    const t = p.tS;
    let status = 0;
    let dropFrame = false;
    let rebooted = false;
    const active = this.cfg.faults.filter((f) => t >= f.startS && t < f.endS);

    for (const f of this.cfg.faults) {
      if (f.kind !== 'reboot') continue;
      if (t >= f.startS && t < f.startS + REBOOT_OFFLINE_S) dropFrame = true;
      else if (t >= f.startS + REBOOT_OFFLINE_S && !this.rebootsDone.has(f)) {
        this.rebootsDone.add(f);
        rebooted = true;
      }
    }

    const cellTempC: (number | null)[] = [];
    const cellVoltageV: (number | null)[] = [];
    for (let i = 0; i < this.n; i++) {
      let temp = this.readTemp(i);
      if (temp === null) status |= STATUS_BITS.SENSOR_FAULT;
      let volt: number | null = this.readVoltage(i, p.terminalV[i]!);
      for (const f of active) {
        if (f.channel !== i) continue;
        switch (f.kind) {
          case 'open-temp':
            temp = null;
            status |= STATUS_BITS.SENSOR_FAULT;
            break;
          case 'stuck-temp':
            if (this.stuckTemp[i] === null) this.stuckTemp[i] = temp;
            temp = this.stuckTemp[i] ?? null;
            break;
          case 'noisy-temp':
            if (temp !== null) {
              temp += this.rng.normal() * (f.level ?? 2);
              // Loose connector: occasional spikes of a few tens of ADC codes.
              if (this.rng.chance(0.02)) temp += this.rng.uniform(-8, 8);
            }
            break;
          case 'open-voltage':
            volt = null;
            status |= STATUS_BITS.SENSOR_FAULT;
            break;
          case 'stuck-voltage':
            if (this.stuckVolt[i] === null) this.stuckVolt[i] = volt;
            volt = this.stuckVolt[i] ?? null;
            break;
          default:
            break;
        }
      }
      // A stuck channel releases when its fault ends.
      if (!active.some((f) => f.channel === i && f.kind === 'stuck-temp')) this.stuckTemp[i] = null;
      if (!active.some((f) => f.channel === i && f.kind === 'stuck-voltage')) this.stuckVolt[i] = null;
      cellTempC.push(temp === null ? null : Math.round(temp * 100) / 100);
      cellVoltageV.push(volt);
    }
    for (const f of active) if (f.kind === 'dropouts' && this.rng.chance(f.level ?? 0.3)) dropFrame = true;

    const current =
      Math.round((p.packCurrentA + this.cfg.currentOffsetA + this.rng.normal() * CURRENT_NOISE_A) * 1000) / 1000;
    const ambient =
      Math.round((p.ambientC + this.cfg.ambientOffsetC + this.rng.normal() * AMBIENT_NOISE_C) * 100) / 100;
    const humidity =
      Math.round(Math.min(100, Math.max(0, p.humidityPct + this.rng.normal() * HUMIDITY_NOISE_PCT)) * 100) / 100;

    const sample: RigSample = {
      cellVoltageV,
      cellTempC,
      packCurrentA: current,
      ambientC: ambient,
      humidityPct: humidity,
      socPct: null,
      status,
    };
    if (dropFrame) sample.dropFrame = true;
    if (rebooted) sample.rebooted = true;
    return sample;
  }

  private readTemp(i: number): number | null {
    const trueProbe = this.probeC[i]! + this.cfg.offsetC[i]!;
    if (this.cfg.probe === 'thermocouple') {
      const v = trueProbe + this.rng.normal() * TC.noiseC;
      return Math.round(v / TC.resolutionC) * TC.resolutionC;
    }
    if (this.destroyed[i]) return null;
    const code = ntcCode(trueProbe, this.rng.normal() * NTC.noiseLsb);
    if (code < NTC_MIN_CODE || code > NTC_MAX_CODE) return null;
    return ntcTempFromCode(code);
  }

  private readVoltage(i: number, v: number): number {
    const read = v * (1 + this.cfg.voltageGain[i]!) + this.rng.normal() * VOLTAGE_NOISE_V;
    return Math.max(0, Math.round(read * 1000) / 1000);
  }
}
