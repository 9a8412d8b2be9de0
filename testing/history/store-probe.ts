/**
 * Runs a station core on a data folder for a moment and prints what its UI would show (store state,
 * notices, records) as one JSON line. The read-only-file test runs it as an unprivileged user, since
 * root ignores file permissions.
 *
 *   node --import tsx testing/history/store-probe.ts <dataDir> [ms]
 */
import { StationCore } from '../../native-bridge/station/station.js';
import { SimpleRigModel } from '../simple-rig-model.js';
import { SimulatorSource } from '../../native-bridge/devices/simulator-source.js';

async function main(): Promise<void> {
  const dataDir = process.argv[2]!;
  const ms = Number(process.argv[3] ?? 600);
  const core = new StationCore({ dataDir, logger: () => undefined, flushIntervalMs: 50 });
  const sim = new SimulatorSource({
    spec: 'sim',
    label: 'sim',
    model: new SimpleRigModel(4, 5),
    periodMs: 20,
    speed: 1,
  });
  await core.addSource(sim);
  await new Promise((r) => setTimeout(r, ms));
  await sim.stop();
  const status = core.status();
  let history: unknown;
  try {
    history = await core.handlers.listSessions({});
  } catch (e) {
    history = { error: (e as { code?: string }).code, message: (e as Error).message };
  }
  await core.close();
  console.log(
    JSON.stringify({
      storeOk: status.storeOk,
      notices: status.notices,
      totalRecords: status.stats.totalRecords,
      history,
    }),
  );
}

void main();
