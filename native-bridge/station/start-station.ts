/** Starts a core with the device from the config: the shared start-up of `serve` and the desktop app. */
import type { Logger } from './notices.js';
import { StationCore, type StationOptions } from './station.js';
import type { StationConfig } from './station-config.js';

export interface StartOptions extends Pick<StationOptions, 'devices' | 'staleAfterMs' | 'sync'> {
  nativeBinding?: string;
  logger?: Logger;
  /** Where STATION_DEVICE and STATION_STALE_MS are read (tests pass their own). */
  env?: NodeJS.ProcessEnv;
}

export async function startStation(config: StationConfig, opts: StartOptions = {}): Promise<StationCore> {
  const { env = process.env, ...coreOpts } = opts;
  const staleRaw = env.STATION_STALE_MS?.trim();
  const staleMs = staleRaw ? Number(staleRaw) : undefined;
  const staleOk = staleMs === undefined || (Number.isInteger(staleMs) && staleMs >= 500 && staleMs <= 3_600_000);
  const core = new StationCore({
    dataDir: config.dataDir,
    ...(staleOk && staleMs !== undefined ? { staleAfterMs: staleMs } : {}),
    ...coreOpts,
  });
  if (!staleOk)
    core.reportError('config.stale-ms', `STATION_STALE_MS=${staleRaw} is not valid (500–3600000 ms); using 5000.`);
  // STATION_DEVICE, when given, wins for this run; otherwise the device chosen last time (devices.json).
  const explicit = Boolean(env.STATION_DEVICE?.trim());
  try {
    await core.devices.start(config.device, config.deviceSpec, config, explicit);
  } catch (e) {
    core.reportError('source.failed', `Device ${config.deviceSpec}: ${(e as Error).message}`);
  }
  return core;
}
