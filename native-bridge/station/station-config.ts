/**
 * Station settings from the environment, shared by `npm start` and `npm run serve`: PORT, HOST,
 * STATION_DATA_DIR, STATION_DEVICE, STATION_SIM_SPEED, STATION_SIM_SEED, STATION_SIM_CELLS,
 * STATION_SIM_PERIOD_MS.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseDeviceSpec, type DeviceSpec } from '../devices/device-spec.js';

/** Electron's default userData folder name; serve uses the same so both share one database. */
export const APP_DIR_NAME = 'EV Battery Station';

export interface StationConfig {
  port: number;
  host: string;
  dataDir: string;
  device: DeviceSpec;
  deviceSpec: string;
  simSpeed: number;
  simSeed: number;
  /** `null`: the scenario's own cell count (1 in the oven, 8 in a propagation module…). */
  simCells: number | null;
  simPeriodMs: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The folder Electron's app.getPath('userData') would give, computed without Electron. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), APP_DIR_NAME);
}

function num(env: NodeJS.ProcessEnv, name: string, def: number, ok: (n: number) => boolean, what: string): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || !ok(n)) throw new ConfigError(`${name}=${raw} is not valid: ${what}.`);
  return n;
}

export function loadStationConfig(env: NodeJS.ProcessEnv = process.env): StationConfig {
  const deviceSpec = env.STATION_DEVICE?.trim() || 'sim';
  let device: DeviceSpec;
  try {
    device = parseDeviceSpec(deviceSpec);
  } catch (e) {
    throw new ConfigError(`STATION_DEVICE: ${(e as Error).message}`);
  }
  return {
    port: num(
      env,
      'PORT',
      8787,
      (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
      'a TCP port 0–65535 (0 picks a free one)',
    ),
    host: env.HOST?.trim() || '127.0.0.1',
    dataDir: env.STATION_DATA_DIR?.trim() || defaultDataDir(env),
    device,
    deviceSpec,
    simSpeed: num(env, 'STATION_SIM_SPEED', 1, (n) => n > 0 && n <= 10000, 'a speed-up factor between 0 and 10000'),
    simSeed: num(env, 'STATION_SIM_SEED', 1, (n) => Number.isInteger(n), 'an integer seed'),
    simCells: env.STATION_SIM_CELLS?.trim()
      ? num(env, 'STATION_SIM_CELLS', 0, (n) => Number.isInteger(n) && n >= 1 && n <= 32, 'a cell count 1–32')
      : null,
    simPeriodMs: num(
      env,
      'STATION_SIM_PERIOD_MS',
      1000,
      (n) => Number.isInteger(n) && n >= 10 && n <= 60000,
      'a sample period of 10–60000 ms',
    ),
  };
}
