/**
 * Settings → Sync: the MongoDB URI, database and station id, Test connection, on/off, and what the
 * sync is doing in words. The URI is only ever sent to the core; what comes back shows its password as
 * ••••, so leaving the URI field empty keeps the stored one.
 */
import { useEffect, useState } from 'react';
import type { SyncSettings, SyncTestResult } from '../../../native-bridge/contract/index.js';
import { errorText } from '../format/error-text.js';
import type { ActionNote } from '../devices/action-note.js';
import { useDeviceAction } from '../devices/useDeviceAction.js';
import { useNow } from '../hooks/useNow.js';
import { useStationView } from '../station/StationContext.js';
import { retryText, syncDetails, syncHeadline } from './sync-words.js';
import { useSyncStatus } from './useSyncStatus.js';
import './sync.css';

const STORAGE: Record<SyncSettings['secretStorage'], string> = {
  'os-keychain': 'kept in the OS keychain',
  file: 'kept in a file only this user can read',
  memory: 'kept in memory only (this station stores nothing)',
};

export function SyncPanel() {
  const { station } = useStationView();
  const { status, error: statusError } = useSyncStatus(station);
  const now = useNow(1000);
  const [settings, setSettings] = useState<SyncSettings | null>(null);
  const [uri, setUri] = useState('');
  const [database, setDatabase] = useState('');
  const [stationId, setStationId] = useState('');
  const { busy, note, run: act } = useDeviceAction();
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    void station.getSyncSettings().then(
      (s) => {
        setSettings(s);
        setDatabase(s.database);
        setStationId(s.stationId);
      },
      (e: unknown) => setLoadError(errorText(e)),
    );
  }, [station]);

  const save = (enabled?: boolean) =>
    act(async (): Promise<ActionNote> => {
      const s = await station.setSyncSettings({
        ...(uri.trim() ? { uri: uri.trim() } : {}),
        database: database.trim(),
        stationId: stationId.trim(),
        ...(enabled !== undefined ? { enabled } : {}),
      });
      setSettings(s);
      setUri('');
      return { tone: 'ok', text: s.enabled ? 'Saved; sync is on.' : 'Saved; sync is off.' };
    });

  const test = () =>
    act(async (): Promise<ActionNote> => {
      const r: SyncTestResult = await station.testSyncConnection({
        ...(uri.trim() ? { uri: uri.trim() } : {}),
        ...(database.trim() ? { database: database.trim() } : {}),
      });
      return { tone: r.ok ? 'ok' : 'error', text: r.message };
    });

  const headline = status ? syncHeadline(status) : null;
  return (
    <section className="panel sync-panel" aria-labelledby="sync-title" data-testid="sync-panel">
      <header className="panel__header">
        <h2 id="sync-title">MongoDB sync</h2>
        {headline ? (
          <span className={`sync-state sync-state--${headline.tone}`} data-testid="sync-state">
            {headline.text}
          </span>
        ) : null}
      </header>
      <div className="sync-panel__body">
        {statusError || loadError ? <p className="sync-note sync-note--error">{statusError ?? loadError}</p> : null}
        {status ? (
          <p className="sync-note" data-testid="sync-details">
            {syncDetails(status, now)}
          </p>
        ) : null}
        {status?.lastError ? (
          <p className="sync-note sync-note--error" role="alert" data-testid="sync-error">
            {status.lastError.message} {retryText(status, now)}
          </p>
        ) : null}
        <label className="field">
          <span className="field__label">MongoDB URI</span>
          <input
            className="text-input"
            type="password"
            autoComplete="off"
            value={uri}
            onChange={(e) => setUri(e.target.value)}
            placeholder={settings?.uriMasked ?? 'mongodb+srv://user:password@cluster.example.net/'}
            spellCheck={false}
            aria-label="MongoDB URI"
            data-testid="sync-uri"
          />
          <span className="field__hint">
            {settings?.uriMasked
              ? `Stored: ${settings.uriMasked} (${STORAGE[settings.secretStorage]}). Leave empty to keep it.`
              : 'None stored yet.'}
          </span>
        </label>
        {settings?.secretStorageWarning && (
          <p className="sync-note sync-note--warning" role="note" data-testid="sync-secret-warning">
            {settings.secretStorageWarning}
          </p>
        )}
        <div className="sync-panel__row">
          <label className="field">
            <span className="field__label">Database</span>
            <input
              className="text-input"
              value={database}
              onChange={(e) => setDatabase(e.target.value)}
              spellCheck={false}
              aria-label="Database name"
              data-testid="sync-database"
            />
          </label>
          <label className="field">
            <span className="field__label">Station id</span>
            <input
              className="text-input"
              value={stationId}
              onChange={(e) => setStationId(e.target.value)}
              spellCheck={false}
              aria-label="Station id"
              data-testid="sync-station-id"
            />
          </label>
        </div>
        <div className="sync-panel__actions">
          <button type="button" className="button" disabled={busy} onClick={() => void test()} data-testid="sync-test">
            Test connection
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => void save()} data-testid="sync-save">
            Save
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={busy || !settings}
            onClick={() => void save(!settings?.enabled)}
            data-testid="sync-toggle"
          >
            {settings?.enabled ? 'Turn sync off' : 'Turn sync on'}
          </button>
        </div>
        {note ? (
          <p className={`sync-note sync-note--${note.tone}`} role="status" data-testid="sync-note">
            {note.text}
          </p>
        ) : null}
      </div>
    </section>
  );
}
