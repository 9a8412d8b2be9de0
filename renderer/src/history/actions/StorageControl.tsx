/** The store's size and last clean-up, how long raw readings are kept, and a clean-up on demand. */
import { useEffect, useState } from 'react';
import type { StationApi, StoreInfo } from '../../../../native-bridge/contract/index.js';
import { formatCount } from '../../format/units.js';
import { formatDateTime, formatSpan } from '../history-format.js';

export function StorageControl({ station }: { station: StationApi }) {
  const [info, setInfo] = useState<StoreInfo | null>(null);
  const [days, setDays] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    station
      .getStoreInfo()
      .then((i) => {
        setInfo(i);
        setDays(String(i.settings.rawRetentionDays));
      })
      .catch((e: Error) => setError(e.message));
  }, [station]);
  const n = Number(days);
  const ok = Number.isFinite(n) && n >= 1 && n <= 3650;
  const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
  return (
    <details className="history-storage">
      <summary>Storage and retention</summary>
      {info ? (
        <div className="history-storage__body">
          <p>
            {info.path}: {mb(info.fileBytes)} (+ {mb(info.walBytes)} WAL), {formatCount(info.freePages)} free pages.
            {info.lastRetention
              ? ` Last clean-up ${formatDateTime(info.lastRetention.atMs)}: ${formatCount(info.lastRetention.framesDeleted)} raw frames removed in ${formatSpan(info.lastRetention.tookMs)}.`
              : ''}
          </p>
          <label className="field">
            <span className="field__label">Keep raw readings for</span>
            <input
              value={days}
              size={5}
              inputMode="numeric"
              aria-invalid={!ok}
              onChange={(e) => setDays(e.target.value)}
            />{' '}
            days
          </label>
          <button
            type="button"
            className="button"
            disabled={!ok || busy}
            onClick={() =>
              station
                .setHistorySettings({ rawRetentionDays: n })
                .then((s) => setInfo((i) => (i ? { ...i, settings: s } : i)))
            }
          >
            Save
          </button>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              station
                .runMaintenance()
                .then(setInfo)
                .catch((e: Error) => setError(e.message))
                .finally(() => setBusy(false));
            }}
          >
            {busy ? 'Cleaning up…' : 'Clean up now'}
          </button>
          <p className="history-storage__note">
            Rollups (1 s, 1 min, 10 min) are kept forever, and raw readings ±10 min around every alarm are never
            removed.
          </p>
        </div>
      ) : null}
      {error ? <p className="history-error">{error}</p> : null}
    </details>
  );
}
