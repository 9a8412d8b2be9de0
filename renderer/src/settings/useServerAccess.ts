/** The station API's access settings (Settings → Server access), asked once and after each change. */
import { useCallback, useEffect, useState } from 'react';
import type { ServerAccessInfo, StationApi } from '../../../native-bridge/contract/index.js';
import { errorText } from '../format/error-text.js';

export function useServerAccess(station: StationApi) {
  const [info, setInfo] = useState<ServerAccessInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    station.getServerAccess().then(setInfo, (e: unknown) => setError(errorText(e)));
  }, [station]);
  const act = useCallback(async (call: () => Promise<ServerAccessInfo>) => {
    setBusy(true);
    setError(null);
    try {
      setInfo(await call());
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }, []);
  return {
    info,
    error,
    busy,
    rotate: () => act(() => station.rotateServerToken()),
    setOrigins: (origins: string[]) => act(() => station.setAllowedOrigins({ origins })),
  };
}
