import type { StationApi } from '../../native-bridge/contract/index.js';

export function App({ station }: { station: StationApi }) {
  void station;
  return <h1>EV Battery Station</h1>;
}
