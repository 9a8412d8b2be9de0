/**
 * Settings → Server access: where the station's API is served, whether it needs the token, the token
 * itself (shown on demand, rotatable: every page logged in with the old one must log in again), where
 * a network rig posts its lines, and the other web origins allowed to drive the station.
 */
import { useState } from 'react';
import { useStationView } from '../station/StationContext.js';
import { useServerAccess } from './useServerAccess.js';

export function ServerAccessPanel() {
  const { station } = useStationView();
  const { info, error, busy, rotate, setOrigins } = useServerAccess(station);
  const [shown, setShown] = useState(false);
  const [originsTyped, setOriginsTyped] = useState<string | null>(null);
  if (!info) return error ? <p role="alert">{error}</p> : null;
  const origins = originsTyped ?? info.allowedOrigins.join('\n');
  return (
    <section className="settings-section" aria-labelledby="server-access-title" data-testid="server-access">
      <h2 id="server-access-title">Server access</h2>
      {!info.serving ? (
        <p>The station API is not served from this app (start it with `npm run serve` to reach it from a browser).</p>
      ) : (
        <>
          <p data-testid="server-url">
            Served on <code>{info.url}</code> —{' '}
            {info.loopbackOnly ? 'this computer only (loopback)' : 'reachable from the network'};{' '}
            {info.tokenRequired ? 'every request needs the token' : 'the token is needed for network ingest only'}.
          </p>
          <p>
            Network rigs post their lines to <code>{info.ingestUrl}</code> with{' '}
            <code>Authorization: Bearer &lt;token&gt;</code>.
          </p>
        </>
      )}
      <p>
        Access token{info.tokenSource === 'environment' ? ' (set by STATION_TOKEN)' : ''}:{' '}
        <code data-testid="server-token">{shown ? info.token : '••••••••'}</code>{' '}
        <button type="button" onClick={() => setShown((s) => !s)}>
          {shown ? 'Hide' : 'Show'}
        </button>{' '}
        {info.tokenSource === 'generated' ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              if (window.confirm('Make a new token? Every page and rig using the old one must use the new one.'))
                void rotate();
            }}
          >
            New token
          </button>
        ) : null}
      </p>
      <label htmlFor="allowed-origins">Other web pages allowed to drive the station (one origin a line)</label>
      <textarea
        id="allowed-origins"
        rows={3}
        value={origins}
        placeholder="http://dashboard.local:3000"
        onChange={(e) => setOriginsTyped(e.target.value)}
      />
      <button
        type="button"
        disabled={busy || originsTyped === null}
        onClick={() =>
          void setOrigins(
            origins
              .split('\n')
              .map((o) => o.trim())
              .filter(Boolean),
          ).then(() => setOriginsTyped(null))
        }
      >
        Save origins
      </button>
      {error ? <p role="alert">{error}</p> : null}
    </section>
  );
}
