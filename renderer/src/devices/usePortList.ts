/**
 * The serial ports the station can see, and the port field beside them: the suggested port fills
 * the field until the operator types or picks one (portFieldAfterListing), then their choice stands.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodResult, StationApi } from '../../../native-bridge/contract/index.js';
import { errorText } from '../format/error-text.js';
import { portFieldAfterListing } from './device-format.js';

export type PortList = MethodResult<'listSerialPorts'>;

export function usePortList(station: StationApi) {
  const [list, setList] = useState<PortList | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [path, setPathState] = useState('');
  // Set once the operator types or picks a port; a ref, because a listing in flight reads it.
  const chosen = useRef(false);
  const setPath = useCallback((p: string) => {
    chosen.current = true;
    setPathState(p);
  }, []);

  const refresh = useCallback(() => {
    station.listSerialPorts().then(
      (l) => {
        setListError(null);
        setList(l);
        setPathState((p) => portFieldAfterListing({ path: p, chosen: chosen.current }, l.ports));
      },
      (e: unknown) => setListError(errorText(e)),
    );
  }, [station]);
  useEffect(refresh, [refresh]);

  return { list, listError, path, setPath, refresh };
}
