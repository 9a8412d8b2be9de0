/**
 * Asks a station core to open one serial port and prints the connect result as one JSON line. The
 * permission test runs it as an unprivileged user, since root opens any device whatever its mode.
 *
 *   node --import tsx testing/serial/permission-probe.ts <portPath>
 */
import { StationCore } from '../../native-bridge/station/station.js';

async function main(): Promise<void> {
  const path = process.argv[2]!;
  const core = new StationCore({ dataDir: null, logger: () => undefined });
  try {
    const res = await core.devices.connectSerial(path, 115200, { remember: false });
    console.log(JSON.stringify({ state: res.state, error: res.error }));
  } finally {
    await core.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
