/**
 * Named test scenarios for the simulated rig. Each draws its parameters from the run's seed (ranges
 * below, shown in the UI), builds the module physics, the sensors and a test program (cycler, oven,
 * heater, defect growth, cooling failure) that drives the physics over time.
 */
import { getChemistry, type ChemistryName, type ChemistryPreset } from './chemistry.js';
import { Cycler, type CyclerConfig } from './cycler.js';
import { ModulePhysics, type CellSpec, type IntegratorSettings } from './module-physics.js';
import { mixSeed, nameKey, Rng, SmoothNoise } from './prng.js';
import { FAULT_KINDS, RigSensors, type SensorFault, type TempProbe } from './sensors.js';
import { moduleLayout, type NeighbourPair } from './thermal-network.js';

export type ScenarioName =
  | 'normal-cycling'
  | 'high-ambient'
  | 'cooling-failure'
  | 'overcharge'
  | 'oven'
  | 'heater-pad'
  | 'internal-short'
  | 'propagation'
  | 'sensor-faults';

export interface ParamSpec {
  min: number;
  max: number;
  unit: string;
  doc: string;
  /** `log`: log-uniform; `int`: integer in [min, max]; `flag`: 1 with probability `p`, else 0. */
  dist?: 'uniform' | 'log' | 'int' | 'flag';
  p?: number;
}

export interface ScenarioInfo {
  name: ScenarioName;
  title: string;
  /** One or two sentences for the UI. */
  description: string;
  defaultCellCount: number;
  defaultChemistry: ChemistryName;
  /** Temperature probe on the cans: NTCs on a field-style rig, thermocouples for abuse tests. */
  tempProbe: TempProbe;
  /** Whether a thermal runaway is expected: never, in some draws, or in (almost) every draw. */
  thermalEvent: 'none' | 'possible' | 'expected';
  /** A run length that shows the whole story, s. */
  suggestedDurationS: number;
  params: Readonly<Record<string, ParamSpec>>;
}

const room: Record<string, ParamSpec> = {
  roomC: { min: 20, max: 26, unit: '°C', doc: 'lab air temperature (drifts ±1 °C over the run)' },
  humidityPct: { min: 30, max: 60, unit: '%RH', doc: 'lab relative humidity (drifts)' },
};
const contact: ParamSpec = {
  min: 0,
  max: 0.4,
  unit: '0–1',
  doc: 'thermal contact between neighbouring cells: 0 = air-gap holder, 1 = potted/touching (log scale: cylindrical 0.02–2 W/K, prismatic 0.3–9 W/K)',
};
const cycling: Record<string, ParamSpec> = {
  soc0: { min: 0.2, max: 0.9, unit: '1', doc: 'state of charge at start' },
  chargeC: { min: 0.3, max: 1.0, unit: 'C', doc: 'CC-CV charge rate' },
  dischargeC: { min: 0.3, max: 1.5, unit: 'C', doc: 'constant-current discharge rate' },
  pulsed: { min: 0, max: 1, unit: 'flag', dist: 'flag', p: 0.5, doc: '1 = pulse (drive-cycle-like) discharge' },
  pulsePeakC: { min: 1, max: 3, unit: 'C', doc: 'highest pulse rate of a pulse discharge' },
  restMin: { min: 5, max: 20, unit: 'min', doc: 'rest between charge and discharge' },
};

export const SCENARIOS: readonly ScenarioInfo[] = [
  {
    name: 'normal-cycling',
    title: 'Normal cycling',
    description:
      'CC-CV charge, rest, constant-current or pulse discharge, rest, repeated, in a fan-cooled lab rig. Cells stay within their datasheet window; no thermal event.',
    defaultCellCount: 4,
    defaultChemistry: 'nmc-18650',
    tempProbe: 'ntc',
    thermalEvent: 'none',
    suggestedDurationS: 4 * 3600,
    params: { ...room, hConv: { min: 12, max: 35, unit: 'W/m²K', doc: 'forced-air cooling' }, contact, ...cycling },
  },
  {
    name: 'high-ambient',
    title: 'High ambient',
    description:
      'Cycling inside a climate chamber at 40–55 °C with little air flow. Cells run hot but stable: abnormal conditions without runaway.',
    defaultCellCount: 4,
    defaultChemistry: 'nmc-18650',
    tempProbe: 'ntc',
    thermalEvent: 'none',
    suggestedDurationS: 4 * 3600,
    params: {
      ...room,
      chamberC: { min: 40, max: 55, unit: '°C', doc: 'chamber set point' },
      hConv: { min: 3, max: 8, unit: 'W/m²K', doc: 'chamber natural convection' },
      contact,
      ...cycling,
      chargeC: { min: 0.5, max: 1.0, unit: 'C', doc: 'CC-CV charge rate' },
      dischargeC: { min: 0.5, max: 2.0, unit: 'C', doc: 'constant-current discharge rate' },
      restMin: { min: 2, max: 10, unit: 'min', doc: 'rest between charge and discharge' },
    },
  },
  {
    name: 'cooling-failure',
    title: 'Cooling failure',
    description:
      'A hard-cycled module with one aged cell, in an enclosure whose fan fails part-way: the enclosure air and the cells heat up until the cycler cut-offs and separator shutdown (≈125 °C) hold them. Abnormal but stable: no runaway.',
    defaultCellCount: 8,
    defaultChemistry: 'nmc-18650',
    tempProbe: 'ntc',
    thermalEvent: 'none',
    suggestedDurationS: 4 * 3600,
    params: {
      ...room,
      roomC: { min: 22, max: 30, unit: '°C', doc: 'room air temperature' },
      hFan: { min: 20, max: 40, unit: 'W/m²K', doc: 'cell convection while the fan runs' },
      hFailed: { min: 1, max: 3, unit: 'W/m²K', doc: 'cell convection after the fan fails (still air)' },
      failAtMin: { min: 5, max: 40, unit: 'min', doc: 'time of the fan failure' },
      enclosureJPerKCell: {
        min: 40,
        max: 120,
        unit: 'J/K per cell',
        doc: 'heat capacity of the enclosure air and walls',
      },
      ventWPerKCell: { min: 1, max: 2, unit: 'W/K per cell', doc: 'enclosure–room exchange while the fan runs' },
      agedCell: { min: 0, max: 31, unit: 'index', dist: 'int', doc: 'aged cell (modulo the cell count)' },
      agedResistance: { min: 1, max: 6, unit: '×', doc: 'resistance of the aged cell relative to a new one' },
      ventFailedWPerKCell: {
        min: 0.02,
        max: 0.08,
        unit: 'W/K per cell',
        doc: 'enclosure–room exchange after the failure',
      },
      contact: { ...contact, min: 0.1, max: 0.6 },
      soc0: { min: 0.5, max: 1.0, unit: '1', doc: 'state of charge at start' },
      chargeC: { min: 0.7, max: 2, unit: 'C', doc: 'CC-CV charge rate (fast charge)' },
      dischargeC: { min: 1.5, max: 3, unit: 'C', doc: 'constant-current discharge rate' },
      pulsed: cycling.pulsed!,
      pulsePeakC: { min: 2, max: 4, unit: 'C', doc: 'highest pulse rate of a pulse discharge' },
      restMin: { min: 0, max: 3, unit: 'min', doc: 'rest between charge and discharge' },
    },
  },
  {
    name: 'overcharge',
    title: 'Overcharge (charger fault)',
    description:
      'The charger loses voltage regulation and keeps pushing current past 100 % SOC; the weakest cell overcharges first. If the CID works it opens the string; otherwise side reactions heat the cell into runaway.',
    defaultCellCount: 4,
    defaultChemistry: 'nmc-18650',
    tempProbe: 'ntc',
    thermalEvent: 'possible',
    suggestedDurationS: 2 * 3600,
    params: {
      ...room,
      hConv: { min: 5, max: 15, unit: 'W/m²K', doc: 'cooling' },
      contact,
      soc0: { min: 0.9, max: 1.0, unit: '1', doc: 'state of charge at start' },
      overchargeC: { min: 0.5, max: 1.0, unit: 'C', doc: 'charge current after the fault' },
      complianceV: { min: 5.0, max: 6.5, unit: 'V per cell', doc: 'highest voltage the faulty charger can push' },
      weakCapacity: { min: 0.85, max: 0.95, unit: '1', doc: 'capacity of the weak cell relative to the others' },
      cidWorks: {
        min: 0,
        max: 1,
        unit: 'flag',
        dist: 'flag',
        p: 0.3,
        doc: '1 = the CID opens on gas pressure (cylindrical cells)',
      },
      cidSoc: { min: 1.2, max: 1.4, unit: '1', doc: 'SOC at which gas pressure opens a working CID' },
      faultAtMin: { min: 2, max: 10, unit: 'min', doc: 'time the charger fault begins' },
      reactivityGain: {
        min: 4,
        max: 9,
        unit: '1',
        doc: 'ln-rise of anode/cathode reactivity per unit SOC above 100 % (plated Li, delithiated cathode)',
      },
    },
  },
  {
    name: 'oven',
    title: 'Oven (thermal abuse)',
    description:
      'Cells are put into a hot oven (Hatchard-style) or heated at 2–5 °C/min to a set point between 130 and 180 °C and held. Hotter ovens drive the cells into runaway after a self-heating phase.',
    defaultCellCount: 1,
    defaultChemistry: 'nmc-18650',
    tempProbe: 'thermocouple',
    thermalEvent: 'possible',
    suggestedDurationS: 3 * 3600,
    params: {
      ...room,
      ovenC: { min: 130, max: 180, unit: '°C', doc: 'oven set point' },
      hotOven: { min: 0, max: 1, unit: 'flag', dist: 'flag', p: 0.5, doc: '1 = into a pre-heated oven, 0 = ramp' },
      rampCPerMin: { min: 2, max: 5, unit: '°C/min', doc: 'oven ramp rate when not pre-heated' },
      insertAtS: { min: 60, max: 600, unit: 's', doc: 'time the cells go in (or the ramp starts)' },
      hOven: { min: 5, max: 12, unit: 'W/m²K', doc: 'oven convection (Kim 2007: 7.17)' },
      hBench: { min: 5, max: 10, unit: 'W/m²K', doc: 'convection on the bench before the test' },
      contact,
      soc0: { min: 0.9, max: 1.0, unit: '1', doc: 'state of charge' },
    },
  },
  {
    name: 'heater-pad',
    title: 'Heater pad on one cell',
    description:
      'A soft-started heater pad heats one cell of the module until it runs away (GB 38031 propagation-test style), then switches off. Neighbours sit in an air-gap holder.',
    defaultCellCount: 4,
    defaultChemistry: 'nmc-18650',
    tempProbe: 'thermocouple',
    thermalEvent: 'expected',
    suggestedDurationS: 2 * 3600,
    params: {
      ...room,
      heaterCell: {
        min: 0,
        max: 31,
        unit: 'index',
        dist: 'int',
        doc: 'cell under the heater (taken modulo the cell count)',
      },
      heatRateKPerS: {
        min: 0.15,
        max: 0.4,
        unit: 'K/s',
        doc: 'heater power beyond the losses, as heating rate of the cell',
      },
      heaterMarginK: {
        min: 150,
        max: 250,
        unit: 'K',
        doc: 'heater also covers the cell’s losses at this rise above ambient',
      },
      heaterStartS: { min: 60, max: 600, unit: 's', doc: 'heater switch-on time' },
      hConv: { min: 5, max: 12, unit: 'W/m²K', doc: 'cooling' },
      contact: { ...contact, max: 0.3 },
      ejectaToNeighbours: {
        min: 0.01,
        max: 0.05,
        unit: '1',
        doc: 'share of vent-ejecta heat landing on neighbours (cells apart)',
      },
      soc0: { min: 0.8, max: 1.0, unit: '1', doc: 'state of charge' },
    },
  },
  {
    name: 'internal-short',
    title: 'Internal short (latent defect)',
    description:
      'A defect in one cell grows into a soft internal short during normal cycling; the short heats the cell, self-heating takes over and the separator melts into a hard short. Some defects stay benign.',
    defaultCellCount: 4,
    defaultChemistry: 'nmc-18650',
    tempProbe: 'ntc',
    thermalEvent: 'possible',
    suggestedDurationS: 3 * 3600,
    params: {
      ...room,
      hConv: { min: 10, max: 25, unit: 'W/m²K', doc: 'cooling' },
      contact,
      soc0: { min: 0.6, max: 1.0, unit: '1', doc: 'state of charge at start' },
      chargeC: { min: 0.2, max: 0.7, unit: 'C', doc: 'CC-CV charge rate' },
      dischargeC: { min: 0.2, max: 0.7, unit: 'C', doc: 'discharge rate' },
      restMin: { min: 5, max: 20, unit: 'min', doc: 'rest between charge and discharge' },
      shortCell: { min: 0, max: 31, unit: 'index', dist: 'int', doc: 'defective cell (modulo the cell count)' },
      shortStartMin: { min: 5, max: 40, unit: 'min', doc: 'time the defect starts to conduct' },
      // Resistances are given × capacity (Ω·Ah), so a defect heats any cell size alike; ÷ 3.5 for an 18650.
      shortStartOhmAh: { min: 100, max: 350, unit: 'Ω·Ah', doc: 'initial short resistance × capacity' },
      shortFinalOhmAh: {
        min: 0.8,
        max: 2.5,
        unit: 'Ω·Ah',
        dist: 'log',
        doc: 'final short resistance × capacity of a severe defect (ISC stage 3: < ≈1 Ω in an 18650)',
      },
      benign: { min: 0, max: 1, unit: 'flag', dist: 'flag', p: 0.2, doc: '1 = the defect stops at a high resistance' },
      benignFinalOhmAh: {
        min: 30,
        max: 150,
        unit: 'Ω·Ah',
        dist: 'log',
        doc: 'final resistance × capacity of a benign defect',
      },
      shortGrowthMin: { min: 3, max: 20, unit: 'min', doc: 'time constant of the defect growth' },
    },
  },
  {
    name: 'propagation',
    title: 'Propagation through a module',
    description:
      'A nail is driven into one cell of a tightly packed module (GB 38031 propagation-test style): its hard internal short starts a runaway, and heat conducted through the contacts and the vent ejecta carry it on to the neighbours, or not.',
    defaultCellCount: 8,
    defaultChemistry: 'nmc-18650',
    tempProbe: 'thermocouple',
    thermalEvent: 'expected',
    suggestedDurationS: 2 * 3600,
    params: {
      ...room,
      triggerCell: { min: 0, max: 31, unit: 'index', dist: 'int', doc: 'trigger cell (modulo the cell count)' },
      nailOhmAh: {
        min: 0.03,
        max: 0.12,
        unit: 'Ω·Ah',
        dist: 'log',
        doc: 'nail short resistance × capacity (3.5 Ah 18650: ≈9–35 mΩ)',
      },
      triggerStartS: { min: 60, max: 600, unit: 's', doc: 'time the nail goes in' },
      contact: { ...contact, min: 0.3, max: 0.7 },
      ejectaToNeighbours: { min: 0.2, max: 0.4, unit: '1', doc: 'share of vent-ejecta heat landing on neighbours' },
      hConv: { min: 3, max: 10, unit: 'W/m²K', doc: 'cooling' },
      soc0: { min: 0.8, max: 1.0, unit: '1', doc: 'state of charge' },
    },
  },
  {
    name: 'sensor-faults',
    title: 'Sensor faults, no thermal event',
    description:
      'Normal cycling while the rig misbehaves: stuck, open and noisy channels, dropped frames and device reboots. No cell is in danger: for false-alarm testing.',
    defaultCellCount: 4,
    defaultChemistry: 'nmc-18650',
    tempProbe: 'ntc',
    thermalEvent: 'none',
    suggestedDurationS: 4 * 3600,
    params: {
      ...room,
      hConv: { min: 12, max: 35, unit: 'W/m²K', doc: 'forced-air cooling' },
      contact,
      ...cycling,
      faultCount: { min: 3, max: 8, unit: 'count', dist: 'int', doc: 'number of faults over the run' },
    },
  },
];

export const SCENARIO_NAMES: readonly ScenarioName[] = SCENARIOS.map((s) => s.name);

export function getScenarioInfo(name: string): ScenarioInfo {
  const info = SCENARIOS.find((s) => s.name === name);
  if (!info) {
    throw new Error(`Unknown simulator scenario "${name}". Valid scenarios: ${SCENARIO_NAMES.join(', ')}.`);
  }
  return info;
}

export interface ScenarioOptions {
  seed: number;
  cellCount?: number;
  chemistry?: string;
  /** Overrides of drawn parameters, by the names in SCENARIOS[].params. */
  params?: Readonly<Record<string, number>>;
  /** Add random sensor faults to a scenario that has none of its own. */
  faults?: boolean;
  integrator?: Partial<IntegratorSettings>;
}

/** Lab environment: room air and humidity drifting smoothly with time. */
export interface Environment {
  roomC(tS: number): number;
  humidityPct(tS: number, roomC: number): number;
}

export interface BuiltScenario {
  info: ScenarioInfo;
  params: Readonly<Record<string, number>>;
  chemistry: ChemistryPreset;
  physics: ModulePhysics;
  sensors: RigSensors;
  environment: Environment;
  /** What the rig's ambient sensor sees: the lab (room) or the air around the cells. */
  ambientSees: 'room' | 'air';
  /** Drives the physics' inputs for the interval [tS, tS + dtS). */
  program(tS: number, dtS: number): void;
}

function drawParams(info: ScenarioInfo, rng: Rng, overrides: Readonly<Record<string, number>> | undefined) {
  const out: Record<string, number> = {};
  for (const [key, spec] of Object.entries(info.params)) {
    let v: number;
    switch (spec.dist ?? 'uniform') {
      case 'log':
        v = rng.logUniform(spec.min, spec.max);
        break;
      case 'int':
        v = rng.int(spec.min, spec.max);
        break;
      case 'flag':
        v = rng.chance(spec.p ?? 0.5) ? 1 : 0;
        break;
      default:
        v = rng.uniform(spec.min, spec.max);
    }
    out[key] = v;
  }
  if (overrides) {
    for (const [key, v] of Object.entries(overrides)) {
      if (!(key in info.params)) {
        throw new Error(
          `Scenario "${info.name}" has no parameter "${key}". Its parameters: ${Object.keys(info.params).join(', ')}.`,
        );
      }
      if (!Number.isFinite(v)) throw new Error(`Parameter "${key}" must be a finite number, got ${v}.`);
      out[key] = v;
    }
  }
  return out;
}

function neighbourConductance(format: ChemistryPreset['format'], contactLevel: number): number {
  const x = Math.min(1, Math.max(0, contactLevel));
  return format === 'prismatic' ? 0.3 * Math.pow(30, x) : 0.02 * Math.pow(100, x);
}

/** Cell-to-cell spread: capacity σ 1.5 %, R0 σ 4 %, R1 σ 5 %, vent σ 5 °C, meltdown σ 4 °C (clipped at 3σ). */
function makeCells(chem: ChemistryPreset, n: number, rng: Rng, soc0: number, tempC: number): CellSpec[] {
  const cells: CellSpec[] = [];
  for (let i = 0; i < n; i++) {
    const [lo, hi] = chem.hardShortOhmAh;
    cells.push({
      preset: chem,
      kinetics: chem.kinetics,
      capacityAh: chem.capacityAh * rng.gauss(1, 0.015),
      r0Ohm: chem.r0Ohm * rng.gauss(1, 0.04),
      r1Ohm: chem.r1Ohm * rng.gauss(1, 0.05),
      tau1S: chem.tau1S,
      ventC: chem.ventC + (Number.isFinite(chem.ventC) ? rng.gauss(0, 5) : 0),
      separatorMeltC: chem.separatorMeltC + (Number.isFinite(chem.separatorMeltC) ? rng.gauss(0, 4) : 0),
      hardShortOhm: rng.logUniform(lo, hi) / chem.capacityAh,
      cidEnabled: chem.hasCid,
      initialSoc: Math.min(1, Math.max(0, soc0 + rng.gauss(0, 0.01))),
      initialTempC: tempC,
    });
  }
  return cells;
}

function makeEnvironment(seed: number, roomC: number, humidityPct: number): Environment {
  const slow = new SmoothNoise(mixSeed(seed, 11), 5400);
  const fast = new SmoothNoise(mixSeed(seed, 12), 900);
  const hum = new SmoothNoise(mixSeed(seed, 13), 2400);
  return {
    roomC: (t) => roomC + 0.7 * slow.at(t) + 0.25 * fast.at(t),
    humidityPct: (t, rc) => Math.min(95, Math.max(5, humidityPct + 4 * hum.at(t) - 2 * (rc - roomC))),
  };
}

function randomFaults(rng: Rng, n: number, count: number, horizonS: number): SensorFault[] {
  const faults: SensorFault[] = [];
  for (let k = 0; k < count; k++) {
    const kind = rng.pick(FAULT_KINDS);
    const channel = rng.int(0, n - 1);
    const startS = rng.uniform(120, Math.max(240, horizonS - 600));
    let lenS: number;
    let level: number | undefined;
    switch (kind) {
      case 'stuck-temp':
      case 'stuck-voltage':
        lenS = rng.uniform(300, 1800);
        break;
      case 'open-temp':
      case 'open-voltage':
        lenS = rng.uniform(60, 1200);
        break;
      case 'noisy-temp':
        lenS = rng.uniform(300, 1800);
        level = rng.uniform(1, 4);
        break;
      case 'dropouts':
        lenS = rng.uniform(30, 300);
        level = rng.uniform(0.2, 0.8);
        break;
      case 'reboot':
        lenS = 0;
        break;
    }
    faults.push(
      level === undefined
        ? { kind, channel, startS, endS: startS + lenS }
        : { kind, channel, startS, endS: startS + lenS, level },
    );
  }
  return faults.sort((a, b) => a.startS - b.startS);
}

function pulsePattern(rng: Rng, peakC: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let k = 0; k < 32; k++) {
    const c = rng.chance(0.25) ? 0 : rng.uniform(0.2, peakC);
    out.push([c, Math.round(rng.uniform(5, 60))]);
  }
  return out;
}

function cyclerFrom(chem: ChemistryPreset, p: Record<string, number>, rng: Rng, capacityAh: number): Cycler {
  const cfg: CyclerConfig = {
    capacityAh,
    vMax: chem.vMax,
    vMin: chem.vMin,
    chargeC: p.chargeC ?? 0.5,
    cutoffC: 0.05,
    restS: (p.restMin ?? 10) * 60,
    dischargeC: p.dischargeC ?? 0.5,
    pulses: p.pulsed === 1 ? pulsePattern(rng, p.pulsePeakC ?? 2) : [],
    startPhase: (p.soc0 ?? 0.5) > 0.85 ? 'discharge' : 'charge',
  };
  return new Cycler(cfg);
}

export function buildScenario(name: string, opts: ScenarioOptions): BuiltScenario {
  const info = getScenarioInfo(name);
  if (!Number.isFinite(opts.seed)) throw new Error(`seed must be a finite number, got ${opts.seed}`);
  const n = opts.cellCount ?? info.defaultCellCount;
  if (!Number.isInteger(n) || n < 1 || n > 32)
    throw new Error(`cellCount must be an integer 1–32, got ${opts.cellCount}`);
  const chem = getChemistry(opts.chemistry ?? info.defaultChemistry);
  const seed = opts.seed >>> 0;
  const rng = new Rng(mixSeed(seed, nameKey(info.name)));
  const p = drawParams(info, rng, opts.params);
  const cellRng = new Rng(mixSeed(seed, nameKey('cells')));
  const env = makeEnvironment(seed, p.roomC ?? 23, p.humidityPct ?? 45);
  const room0 = env.roomC(0);
  const pairsIdx = moduleLayout(n, chem.format);
  const g = neighbourConductance(chem.format, p.contact ?? 0);
  const pairs: NeighbourPair[] = pairsIdx.map(([i, j]) => ({ i, j, g }));
  const cellTotalHeatCapacity = chem.massKg * chem.cpJPerKgK;

  let startC = room0;
  if (info.name === 'high-ambient') startC = p.chamberC!;
  const cells = makeCells(chem, n, cellRng, p.soc0 ?? 0.5, startC);

  const probe = info.tempProbe;
  const sensorRng = new Rng(mixSeed(seed, nameKey('sensors')));
  const horizon = info.suggestedDurationS;
  let faults: SensorFault[] = [];
  if (info.name === 'sensor-faults') faults = randomFaults(sensorRng, n, p.faultCount ?? 4, horizon);
  else if (opts.faults) faults = randomFaults(sensorRng, n, sensorRng.int(2, 6), horizon);
  const sensors = new RigSensors(n, {
    probe,
    lagS: cells.map(() => (probe === 'ntc' ? sensorRng.uniform(3, 8) : sensorRng.uniform(0.8, 2))),
    offsetC: cells.map(() => sensorRng.gauss(0, probe === 'ntc' ? 0.2 : 0.7)),
    voltageGain: cells.map(() => sensorRng.gauss(0, 0.0008)),
    currentOffsetA: sensorRng.gauss(0, 0.01),
    ambientOffsetC: sensorRng.gauss(0, 0.15),
    faults,
    noiseSeed: mixSeed(seed, nameKey('noise')),
  });

  let gain = 0;
  if (info.name === 'overcharge') gain = p.reactivityGain!;
  const usesEnclosure = info.name === 'cooling-failure';
  const physics = new ModulePhysics({
    cells,
    pairs,
    ejectaToNeighbours: p.ejectaToNeighbours ?? 0.15,
    overchargeReactivityGain: gain,
    initialAir: usesEnclosure
      ? { kind: 'node', c: p.enclosureJPerKCell! * n, gRoom: p.ventWPerKCell! * n, roomC: room0 }
      : { kind: 'prescribed', tC: startC },
    initialAirC: startC,
    integrator: opts.integrator,
  });
  const inp = physics.inputs;
  // Cells in a holder with gaps see the room through them; a packed module mostly sees itself.
  inp.radiationView = n === 1 ? 1 : 0.6;
  const setH = (h: number) => inp.hConv.fill(h);
  const prescribeAir = (tC: number) => {
    inp.air = { kind: 'prescribed', tC };
  };

  let program: (tS: number, dtS: number) => void;
  let ambientSees: 'room' | 'air' = 'room';
  const capacity = Math.min(...cells.map((c) => c.capacityAh));

  switch (info.name) {
    case 'normal-cycling':
    case 'sensor-faults': {
      const cycler = cyclerFrom(chem, p, rng, capacity);
      setH(p.hConv!);
      program = (t, dt) => {
        prescribeAir(env.roomC(t));
        cycler.update(t, physics, dt);
      };
      break;
    }
    case 'high-ambient': {
      const cycler = cyclerFrom(chem, p, rng, capacity);
      const chamberNoise = new SmoothNoise(mixSeed(seed, 21), 600);
      setH(p.hConv!);
      ambientSees = 'air';
      program = (t, dt) => {
        prescribeAir(p.chamberC! + 0.3 * chamberNoise.at(t));
        cycler.update(t, physics, dt);
      };
      break;
    }
    case 'cooling-failure': {
      const cycler = cyclerFrom(chem, p, rng, capacity);
      ambientSees = 'air';
      inp.radiationView = 0.2;
      const aged = cells[Math.round(p.agedCell!) % n]!;
      aged.r0Ohm *= p.agedResistance!;
      aged.r1Ohm *= p.agedResistance!;
      const failS = p.failAtMin! * 60;
      program = (t, dt) => {
        const failed = t >= failS;
        setH(failed ? p.hFailed! : p.hFan!);
        inp.air = {
          kind: 'node',
          c: p.enclosureJPerKCell! * n,
          gRoom: (failed ? p.ventFailedWPerKCell! : p.ventWPerKCell!) * n,
          roomC: env.roomC(t),
        };
        cycler.update(t, physics, dt);
      };
      break;
    }
    case 'overcharge': {
      const weak = cellRng.int(0, n - 1);
      const weakCell = cells[weak]!;
      weakCell.capacityAh *= p.weakCapacity!;
      const cidWorks = p.cidWorks === 1 && chem.hasCid;
      for (const c of cells) c.cidEnabled = cidWorks;
      const cycler = new Cycler({
        capacityAh: chem.capacityAh,
        vMax: chem.vMax,
        vMin: chem.vMin,
        chargeC: p.overchargeC!,
        cutoffC: 0.05,
        restS: 0,
        dischargeC: 0,
        pulses: [],
        startPhase: 'idle',
        complianceV: p.complianceV!,
      });
      setH(p.hConv!);
      const faultS = p.faultAtMin! * 60;
      program = (t, dt) => {
        prescribeAir(env.roomC(t));
        if (t >= faultS && cycler.phase === 'idle') cycler.phase = 'uncontrolled-charge';
        if (cidWorks) {
          physics.cells.forEach((c) => {
            if (c.soc >= p.cidSoc!) c.cidOpen = true;
          });
        }
        cycler.update(t, physics, dt);
      };
      break;
    }
    case 'oven': {
      const insertS = p.insertAtS!;
      const ovenC = p.ovenC!;
      program = (t) => {
        const roomNow = env.roomC(t);
        if (t < insertS) {
          setH(p.hBench!);
          prescribeAir(roomNow);
          return;
        }
        setH(p.hOven!);
        const ramped = p.hotOven === 1 ? ovenC : Math.min(ovenC, room0 + ((t - insertS) / 60) * p.rampCPerMin!);
        prescribeAir(ramped);
      };
      break;
    }
    case 'heater-pad': {
      const idx = Math.round(p.heaterCell!) % n;
      let gLoss = (p.hConv! + 6 * inp.radiationView * chem.emissivity) * chem.surfaceAreaM2;
      for (const pr of pairs) if (pr.i === idx || pr.j === idx) gLoss += pr.g;
      // Sized like a test heater: enough to beat the cell's losses and still heat it steadily.
      const powerW = p.heatRateKPerS! * cellTotalHeatCapacity + gLoss * p.heaterMarginK!;
      setH(p.hConv!);
      let off = false;
      program = (t) => {
        prescribeAir(env.roomC(t));
        const c = physics.cells[idx]!;
        // The operator (or the GB test procedure) switches the heater off once the cell runs away.
        if (!off && (c.reactionPowerW > 3 * powerW || physics.tSurf[idx]! > 300)) off = true;
        const on = !off && t >= p.heaterStartS!;
        // 5 min soft start, as a PID-controlled pad ramps its duty: a cold start at full power would
        // heat the can faster than the 1 °C/s the GB rule watches for, before any chemistry happens.
        inp.heaterW[idx] = on ? powerW * Math.min(1, (t - p.heaterStartS!) / 300) : 0;
      };
      break;
    }
    case 'internal-short': {
      const idx = Math.round(p.shortCell!) % n;
      const cycler = cyclerFrom(chem, p, rng, capacity);
      setH(p.hConv!);
      const t0 = p.shortStartMin! * 60;
      const rFinal = (p.benign === 1 ? p.benignFinalOhmAh! : p.shortFinalOhmAh!) / chem.capacityAh;
      const rStart = Math.max(p.shortStartOhmAh! / chem.capacityAh, rFinal);
      const tau = p.shortGrowthMin! * 60;
      program = (t, dt) => {
        prescribeAir(env.roomC(t));
        if (t >= t0) physics.cells[idx]!.defectShortOhm = rFinal + (rStart - rFinal) * Math.exp(-(t - t0) / tau);
        cycler.update(t, physics, dt);
      };
      break;
    }
    case 'propagation': {
      const idx = Math.round(p.triggerCell!) % n;
      const nailOhm = p.nailOhmAh! / chem.capacityAh;
      setH(p.hConv!);
      inp.radiationView = 0.3;
      program = (t) => {
        prescribeAir(env.roomC(t));
        if (t >= p.triggerStartS!) physics.cells[idx]!.defectShortOhm = nailOhm;
      };
      break;
    }
  }

  return { info, params: p, chemistry: chem, physics, sensors, environment: env, ambientSees, program };
}
