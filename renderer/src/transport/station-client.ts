/**
 * Picks the transport: the desktop app's preload exposes `window.station` (IPC); in a browser the
 * page talks to the server it was loaded from. Either way the UI gets one StationApi with the
 * contract's timeout policy, and never knows which is underneath.
 */
import { createStationApi, type StationApi, type StationBridge } from '../../../native-bridge/contract/index.js';
import { createIpcTransport } from './ipc-transport.js';
import { createWsTransport } from './ws-transport.js';

declare global {
  interface Window {
    /** Set by electron/preload over IPC; absent in a browser. */
    station?: StationBridge;
  }
}

export function connectStation(): StationApi {
  if (window.station) return createStationApi(createIpcTransport(window.station));
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = new URLSearchParams(location.search).get('token');
  const url = `${proto}//${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  return createStationApi(
    createWsTransport(url, {
      // Any endpoint that needs the credential: 401 only when the station refuses this page's.
      authorised: () =>
        fetch('/api/status', { cache: 'no-store', credentials: 'same-origin' }).then(
          (r) => r.status !== 401,
          () => null,
        ),
      onUnauthorized: () => location.assign(`/login?next=${encodeURIComponent(location.pathname)}`),
    }),
  );
}
