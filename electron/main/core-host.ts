/**
 * Runs the station core in an Electron utility process, so SQLite writes and inference never block
 * the main (UI) thread. Speaks the HostRequest/HostMessage envelope with main over parentPort, and
 * answers calls through the contract's call adapter, the same step the headless server uses.
 */
import { createCallAdapter } from '../../native-bridge/contract/call-adapter.js';
import { loadStationConfig } from '../../native-bridge/station/station-config.js';
import { startStation } from '../../native-bridge/station/start-station.js';
import type { HostMessage, HostRequest } from '../ipc-channels.js';
import { hostCalls } from './host-calls.js';

const port = process.parentPort;
const post = (m: HostMessage) => port.postMessage(m);

async function start() {
  const config = loadStationConfig();
  const binding = process.env.STATION_SQLITE_BINDING;
  const core = await startStation(config, binding ? { nativeBinding: binding } : {});
  core.on((event, payload) => post({ type: 'event', event, payload }));
  post({ type: 'ready', dbPath: core.dbPath });
  return core;
}

const core = start();
core.catch((e: unknown) => {
  post({ type: 'fatal', message: e instanceof Error ? e.message : String(e) });
  process.exit(1);
});
const answer = hostCalls(
  core.then((c) => createCallAdapter(c.handlers, { validateResults: process.env.STATION_VALIDATE_RESULTS === '1' })),
  post,
);
// Listening from the start: a call sent while the core starts waits in hostCalls, not in the port.
port.on('message', (e: { data: HostRequest }) => {
  const msg = e.data;
  if (msg.type === 'shutdown') void core.then((c) => c.close()).finally(() => process.exit(0));
  else if (msg.type === 'call') void answer(msg);
});
