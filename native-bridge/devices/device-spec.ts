/**
 * Parses STATION_DEVICE-style specs: `sim`, `sim:<scenario>[?speed=60&seed=7&cells=4]`,
 * `serial:<path>[@baud]`, `serial:auto`, `replay:<file>`. One parser for the environment, the CLI, the
 * UI's device picker and the remembered choice (devices.json keeps the spec text), so a simulated rig
 * chosen in the UI comes back with its scenario, speed-up and seed.
 */
import { SCENARIO_NAMES } from '../sim/scenarios.js';

/** Per-device simulator settings; absent ones come from STATION_SIM_* (or the scenario's default). */
export interface SimSpecOptions {
  /** Simulated seconds per wall second. */
  speed?: number;
  seed?: number;
  cells?: number;
}

export type DeviceSpec =
  | ({ kind: 'sim'; scenario: string | null } & SimSpecOptions)
  | { kind: 'serial'; path: string | 'auto'; baud: number }
  | { kind: 'replay'; file: string };

export const DEFAULT_BAUD = 115200;
const BAUDS = [9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600, 1000000, 2000000];
export const DEFAULT_SIM_SCENARIO = 'normal-cycling';
export const MAX_SIM_SPEED = 10000;

export class DeviceSpecError extends Error {
  constructor(spec: string, why: string) {
    super(
      `Invalid device "${spec}": ${why}. Use sim, sim:<scenario>, serial:<path>[@baud], serial:auto or replay:<file>.`,
    );
    this.name = 'DeviceSpecError';
  }
}

export const SIM_OPTION_RULES: Record<keyof SimSpecOptions, { ok: (n: number) => boolean; what: string }> = {
  speed: { ok: (n) => n > 0 && n <= MAX_SIM_SPEED, what: `a speed-up factor above 0 and at most ${MAX_SIM_SPEED}` },
  // The model folds the seed to 32 bits; anything an operator types as a whole number is fine.
  seed: { ok: (n) => Number.isSafeInteger(n), what: 'a whole number' },
  cells: { ok: (n) => Number.isInteger(n) && n >= 1 && n <= 32, what: 'a cell count 1–32' },
};

function parseSim(raw: string, rest: string): DeviceSpec {
  const q = rest.indexOf('?');
  const name = q < 0 ? rest : rest.slice(0, q);
  const query = q < 0 ? '' : rest.slice(q + 1);
  let scenario: string | null = null;
  if (name !== '') {
    if (!/^[a-z0-9-]+$/.test(name))
      throw new DeviceSpecError(raw, 'a scenario name is lowercase letters, digits and dashes');
    if (!(SCENARIO_NAMES as readonly string[]).includes(name))
      throw new DeviceSpecError(raw, `unknown scenario "${name}" (scenarios: ${SCENARIO_NAMES.join(', ')})`);
    scenario = name;
  }
  const spec: DeviceSpec = { kind: 'sim', scenario };
  if (query === '') return spec;
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    if (!Object.prototype.hasOwnProperty.call(SIM_OPTION_RULES, key))
      throw new DeviceSpecError(raw, `unknown simulator option "${key}" (options: speed, seed, cells)`);
    const k = key as keyof SimSpecOptions;
    const n = value.trim() === '' ? NaN : Number(value);
    if (!Number.isFinite(n) || !SIM_OPTION_RULES[k].ok(n))
      throw new DeviceSpecError(raw, `${k}=${value} is not ${SIM_OPTION_RULES[k].what}`);
    spec[k] = n;
  }
  return spec;
}

export function parseDeviceSpec(raw: string): DeviceSpec {
  const spec = raw.trim();
  if (spec === '' || spec === 'sim') return { kind: 'sim', scenario: null };
  if (spec.startsWith('sim?')) return parseSim(raw, spec.slice(3));
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const rest = colon < 0 ? '' : spec.slice(colon + 1);
  switch (kind) {
    case 'sim':
      if (rest === '')
        throw new DeviceSpecError(raw, `no scenario after "sim:" (scenarios: ${SCENARIO_NAMES.join(', ')})`);
      return parseSim(raw, rest);
    case 'serial': {
      if (rest === '') throw new DeviceSpecError(raw, 'no port path');
      const at = rest.lastIndexOf('@');
      const path = at < 0 ? rest : rest.slice(0, at);
      const baud = at < 0 ? DEFAULT_BAUD : Number(rest.slice(at + 1));
      if (!Number.isInteger(baud) || !BAUDS.includes(baud))
        throw new DeviceSpecError(raw, `baud rate must be one of ${BAUDS.join(', ')}`);
      if (path === '') throw new DeviceSpecError(raw, 'no port path');
      return { kind: 'serial', path, baud };
    }
    case 'replay':
      if (rest === '') throw new DeviceSpecError(raw, 'no file');
      return { kind: 'replay', file: rest };
    default:
      throw new DeviceSpecError(raw, `unknown kind "${kind}"`);
  }
}

export function formatDeviceSpec(d: DeviceSpec): string {
  switch (d.kind) {
    case 'sim': {
      const opts = (['speed', 'seed', 'cells'] as const)
        .filter((k) => d[k] !== undefined)
        .map((k) => `${k}=${d[k]}`)
        .join('&');
      const base = d.scenario === null ? 'sim' : `sim:${d.scenario}`;
      return opts ? `${base}?${opts}` : base;
    }
    case 'serial':
      return `serial:${d.path}@${d.baud}`;
    case 'replay':
      return `replay:${d.file}`;
  }
}
