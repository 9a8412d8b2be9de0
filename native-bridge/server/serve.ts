/**
 * `npm run serve`: the station without a desktop window. Prints one line with the URL when ready,
 * so scripts and tests can wait for it.
 */
import { fileURLToPath } from 'node:url';
import { ConfigError, loadStationConfig } from '../station/station-config.js';
import { startStation } from '../station/start-station.js';
import { ServerStartError, startHttpServer } from './http-server.js';
import { ServerAccess } from './server-access.js';

const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../out/renderer', import.meta.url));

async function main(): Promise<void> {
  let config;
  try {
    config = loadStationConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`[station] error: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const core = await startStation(config);
  const access = new ServerAccess({
    dataDir: config.dataDir,
    envToken: process.env.STATION_TOKEN || undefined,
    warn: (m) => core.reportError('server.access', m),
  });
  let server;
  try {
    server = await startHttpServer({
      core,
      host: config.host,
      port: config.port,
      webRoot: process.env.STATION_WEB_ROOT || DEFAULT_WEB_ROOT,
      access,
      validateResults: process.env.STATION_VALIDATE_RESULTS === '1',
    });
  } catch (e) {
    await core.close();
    if (e instanceof ServerStartError) {
      console.error(`[station] error: ${e.message}`);
      process.exit(3);
    }
    throw e;
  }
  console.log(`Station serving on ${server.url}`);
  // Beyond loopback the token is required; the operator of a headless station has only this console.
  if (access.tokenRequired && !process.env.STATION_TOKEN)
    console.log(`[station] access token (also in Settings → Server access): ${access.token()}`);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`[station] ${signal}: flushing and stopping`);
    await server.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

void main();
