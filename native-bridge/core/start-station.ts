/** Starts a core with the device from the config: the shared start-up of `serve` and the desktop app. */
import type { Logger } from './notices.js';
import { StationCore } from './station.js';
import type { StationConfig } from './station-config.js';

export interface StartOptions {
  nativeBinding?: string;
  logger?: Logger;
  /** Where STATION_DEVICE is read to tell an explicit device from the default (tests pass their own). */
  env?: NodeJS.ProcessEnv;
}

export async function startStation(config: StationConfig, opts: StartOptions = {}): Promise<StationCore> {
  const { env = process.env, ...coreOpts } = opts;
  const core = new StationCore({ dataDir: config.dataDir, ...coreOpts });
  // STATION_DEVICE, when given, wins for this run; otherwise the device chosen last time (devices.json).
  const explicit = Boolean(env.STATION_DEVICE?.trim());
  try {
    await core.devices.start(config.device, config.deviceSpec, config, explicit);
  } catch (e) {
    core.reportError('source.failed', `Device ${config.deviceSpec}: ${(e as Error).message}`);
  }
  return core;
}
