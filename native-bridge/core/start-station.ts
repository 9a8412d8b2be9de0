/** Starts a core with the device from the config: the shared start-up of `serve` and the desktop app. */
import { createSource } from '../sources/create-source.js';
import type { Logger } from './notices.js';
import { StationCore } from './station.js';
import type { StationConfig } from './station-config.js';

export interface StartOptions {
  nativeBinding?: string;
  logger?: Logger;
}

export async function startStation(config: StationConfig, opts: StartOptions = {}): Promise<StationCore> {
  const core = new StationCore({ dataDir: config.dataDir, ...opts });
  try {
    await core.addSource(createSource(config.device, config.deviceSpec, config));
  } catch (e) {
    core.reportError('source.failed', `Device ${config.deviceSpec}: ${(e as Error).message}`);
  }
  return core;
}
