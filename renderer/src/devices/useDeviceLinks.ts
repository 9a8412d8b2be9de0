/**
 * Every device's link and health, as the core pushes them (about once a second, and soon after a
 * change), with the time of the push so ages can keep counting between pushes.
 */
import { useEffect, useState } from 'react';
import type { StationApi } from '../../../native-bridge/contract/index.js';
import type { DeviceLinkInfo } from '../../../native-bridge/contract/device-methods.js';

export interface DeviceLinks {
  links: DeviceLinkInfo[] | null;
  receivedAtMs: number;
  /** Ask the core now (after a connect or disconnect, before the next push). */
  refresh(): void;
}

export function useDeviceLinks(station: StationApi): DeviceLinks {
  const [state, setState] = useState<{ links: DeviceLinkInfo[] | null; receivedAtMs: number }>({
    links: null,
    receivedAtMs: 0,
  });
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let alive = true;
    const take = (links: DeviceLinkInfo[]) => alive && setState({ links, receivedAtMs: Date.now() });
    const off = station.on('onDeviceLinks', take);
    station.getDeviceLinks().then(take, () => undefined);
    return () => {
      alive = false;
      off();
    };
  }, [station, asked]);
  return { ...state, refresh: () => setAsked((n) => n + 1) };
}
