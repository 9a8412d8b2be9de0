/** The station API's access settings (Settings → Server access), asked once and after each change. */
import { useCallback, useEffect, useState } from 'react';
import type { ServerAccessInfo, StationApi } from '../../../native-bridge/contract/index.js';
import { errorText } from '../format/error-text.js';

/**
 * The station ends every socket made with the old token a moment after a rotation, this page's too. A
 * served page logged in by cookie logs in again with the new token first, so its transport, asking
 * whether it is still authorised, hears yes and reconnects instead of sending the operator who just
 * made the token to the login form. The desktop app has no cookie and no such socket.
 */
async function keepThisPageLoggedIn(info: ServerAccessInfo): Promise<void> {
  if (window.station || !info.tokenRequired || !info.token) return;
  await fetch('/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: info.token }),
    credentials: 'same-origin',
    cache: 'no-store',
  }).catch(() => undefined);
}

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
    rotate: () =>
      act(async () => {
        const info = await station.rotateServerToken();
        await keepThisPageLoggedIn(info);
        return info;
      }),
    setOrigins: (origins: string[]) => act(() => station.setAllowedOrigins({ origins })),
  };
}
