/** Export the chosen window as CSV: progress, cancel, and where the file went (or its download link). */
import { useEffect, useState } from 'react';
import type { ExportProgress, StationApi } from '../../../../native-bridge/contract/index.js';
import { formatCount } from '../../format/units.js';
import type { TimeWindow } from '../time-window.js';
import { servedOverHttp } from './served-over-http.js';

export function ExportControl({
  station,
  sessionId,
  window: w,
}: {
  station: StationApi;
  sessionId: number;
  window: TimeWindow;
}) {
  const [job, setJob] = useState<ExportProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(
    () => station.on('onExportProgress', (p) => setJob((j) => (j && j.exportId === p.exportId ? p : j))),
    [station],
  );
  const running = job?.state === 'running';
  return (
    <div className="history-action" data-testid="export-control">
      {running ? (
        <>
          <progress value={job.rows} max={Math.max(1, job.totalRows)} aria-label="Export progress" />
          <span className="history-action__text">
            {formatCount(job.rows)} / {formatCount(job.totalRows)} rows
          </span>
          <button
            type="button"
            className="button button--small"
            onClick={() => void station.cancelExport({ exportId: job.exportId })}
          >
            Cancel
          </button>
        </>
      ) : (
        <button
          type="button"
          className="button"
          data-testid="export-start"
          onClick={() => {
            setError(null);
            station
              .startExport({ sessionId, fromMs: w.fromMs, toMs: w.toMs })
              .then(setJob)
              .catch((e: Error) => setError(e.message));
          }}
        >
          Export CSV
        </button>
      )}
      {job && job.state === 'done' ? (
        <span className="history-action__text" data-testid="export-done" title={job.path}>
          {formatCount(job.rows)} rows ·{' '}
          {servedOverHttp() ? (
            <a href={job.downloadPath} download={job.fileName}>
              download {job.fileName}
            </a>
          ) : (
            <>saved to {job.path}</>
          )}
        </span>
      ) : null}
      {job?.state === 'cancelled' ? <span className="history-action__text">Export cancelled.</span> : null}
      {job?.state === 'failed' || error ? <span className="history-error">{job?.error ?? error}</span> : null}
    </div>
  );
}
