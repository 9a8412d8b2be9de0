/**
 * Picks the transport: the desktop app's preload exposes `window.station` (IPC); in a browser the
 * page talks to the server it was loaded from. The rest of the UI only sees a StationApi.
 */
import { createStationApi, type StationApi } from '../../../native-bridge/contract/index.js';
import { createWsTransport } from './ws-transport.js';

declare global {
  interface Window {
    /** Set by electron/preload over IPC; absent in a browser. */
    station?: StationApi;
  }
}

export function connectStation(): StationApi {
  if (window.station) return window.station;
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = new URLSearchParams(location.search).get('token');
  const url = `${proto}//${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  return createStationApi(createWsTransport(url));
}
