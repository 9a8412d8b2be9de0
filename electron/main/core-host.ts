/**
 * Runs the station core in an Electron utility process, so SQLite writes and inference never block
 * the main (UI) thread. Speaks the HostRequest/HostMessage envelope with main over parentPort.
 */
import { dispatch } from '../../native-bridge/station/dispatch.js';
import { loadStationConfig } from '../../native-bridge/station/station-config.js';
import { startStation } from '../../native-bridge/station/start-station.js';
import type { HostMessage, HostRequest } from '../ipc-channels.js';

const port = process.parentPort;
const post = (m: HostMessage) => port.postMessage(m);

async function main(): Promise<void> {
  const config = loadStationConfig();
  const binding = process.env.STATION_SQLITE_BINDING;
  const core = await startStation(config, binding ? { nativeBinding: binding } : {});
  core.on((event, payload) => post({ type: 'event', event, payload }));
  port.on('message', (e: { data: HostRequest }) => {
    const msg = e.data;
    if (msg.type === 'shutdown') {
      void core.close().then(() => process.exit(0));
      return;
    }
    void dispatch(core, msg.method, msg.params).then((result) => post({ type: 'result', id: msg.id, result }));
  });
  post({ type: 'ready', dbPath: core.dbPath });
}

main().catch((e: unknown) => {
  post({ type: 'fatal', message: e instanceof Error ? e.message : String(e) });
  process.exit(1);
});
