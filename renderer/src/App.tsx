/** The renderer's root: the station shell around whichever StationApi the transport provided. */
import type { StationApi } from '../../native-bridge/contract/index.js';
import { AppShell } from './shell/AppShell.js';

export function App({ station }: { station: StationApi }) {
  return <AppShell station={station} />;
}
