/**
 * What the operator does with a session: export the chosen window as CSV (progress, cancel), open
 * the printable report, replay the window through the station at 1×–1000×, import a CSV recording,
 * and set how long raw data is kept.
 */
import { useEffect, useRef, useState } from 'react';
import {
  IMPORT_CHUNK_MAX_CHARS,
  type ExportProgress,
  type ReplayProgress,
  type StationApi,
  type StoreInfo,
} from '../../../native-bridge/contract/index.js';
import { formatCount } from '../format/units.js';
import { formatDateTime, formatSpan, type TimeWindow } from './history-model.js';

/** Over HTTP (`serve`) files can be fetched from the station; in the desktop app they are on this machine. */
const servedOverHttp = () => /^https?:$/.test(window.location.protocol);

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

export function ReportControl({ station, sessionId }: { station: StationApi; sessionId: number }) {
  const [html, setHtml] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const frame = useRef<HTMLIFrameElement | null>(null);
  return (
    <div className="history-action">
      <button
        type="button"
        className="button"
        data-testid="report-open"
        onClick={() => {
          setError(null);
          station
            .getSessionReport({ sessionId })
            .then((r) => setHtml(r.html))
            .catch((e: Error) => setError(e.message));
        }}
      >
        Report
      </button>
      {error ? <span className="history-error">{error}</span> : null}
      {html ? (
        <div className="history-report" role="dialog" aria-modal="true" aria-label="Session report">
          <div className="history-report__bar">
            <strong>Session #{sessionId} report</strong>
            <button
              type="button"
              className="button button--primary"
              onClick={() => frame.current?.contentWindow?.print()}
            >
              Print / save as PDF
            </button>
            {servedOverHttp() ? (
              <a className="button" href={`api/sessions/${sessionId}/report.html`} target="_blank" rel="noreferrer">
                Open in a new tab
              </a>
            ) : null}
            <button type="button" className="button" onClick={() => setHtml(null)}>
              Close
            </button>
          </div>
          <iframe ref={frame} title="Session report" srcDoc={html} data-testid="report-frame" />
        </div>
      ) : null}
    </div>
  );
}

const SPEEDS = [1, 10, 100, 1000];

/** Keyed by session in the parent, so a replay shown belongs to the session on screen. */
export function ReplayControl({
  station,
  sessionId,
  window: w,
  onShowSession,
}: {
  station: StationApi;
  sessionId: number;
  window: TimeWindow;
  onShowSession: (id: number) => void;
}) {
  const [speed, setSpeed] = useState(100);
  const [replay, setReplay] = useState<ReplayProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(
    () =>
      station.on('onReplayProgress', (p) =>
        setReplay((r) => (r && r.sessionId === p.sessionId ? p : !r && p.sourceSessionId === sessionId ? p : r)),
      ),
    [station, sessionId],
  );
  const running = replay?.state === 'running';
  return (
    <div className="history-action" data-testid="replay-control">
      <label className="field">
        <span className="field__label">Replay at</span>
        <select
          value={speed}
          onChange={(e) => setSpeed(Number(e.target.value))}
          disabled={running}
          aria-label="Replay speed"
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      {running ? (
        <>
          <progress value={replay.framesSent} max={Math.max(1, replay.totalFrames)} aria-label="Replay progress" />
          <span className="history-action__text">
            {Math.round((100 * replay.framesSent) / Math.max(1, replay.totalFrames))} % · {replay.achievedSpeed}×
          </span>
          <button
            type="button"
            className="button button--small"
            onClick={() => void station.stopReplay({ sessionId: replay.sessionId })}
          >
            Stop
          </button>
        </>
      ) : (
        <button
          type="button"
          className="button"
          data-testid="replay-start"
          title="Play the window back through decoder, safety rules and risk model; the results are stored as a new session"
          onClick={() => {
            setError(null);
            station
              .startReplay({ sessionId, fromMs: w.fromMs, toMs: w.toMs, speed })
              .then(setReplay)
              .catch((e: Error) => setError(e.message));
          }}
        >
          Replay
        </button>
      )}
      {replay && !running ? (
        <span className="history-action__text" data-testid="replay-done">
          Replay {replay.state}: {formatCount(replay.framesSent)} frames, model {replay.modelVersion} →{' '}
          <button type="button" className="link-button" onClick={() => onShowSession(replay.sessionId)}>
            session #{replay.sessionId}
          </button>
        </span>
      ) : null}
      {error || replay?.error ? <span className="history-error">{error ?? replay?.error}</span> : null}
    </div>
  );
}

/** Reads a file in byte chunks decoded as one UTF-8 stream, so no character is cut at a boundary. */
async function* fileChunks(file: File, bytes = 256 * 1024): AsyncGenerator<{ text: string; done: number }> {
  const decoder = new TextDecoder('utf-8');
  for (let at = 0; at < file.size; at += bytes) {
    const buf = await file.slice(at, at + bytes).arrayBuffer();
    yield { text: decoder.decode(buf, { stream: at + bytes < file.size }), done: Math.min(file.size, at + bytes) };
  }
}

export function ImportControl({
  station,
  onImported,
}: {
  station: StationApi;
  onImported: (sessionId: number) => void;
}) {
  const [progress, setProgress] = useState<{ name: string; done: number; size: number } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const cancel = useRef(false);
  const input = useRef<HTMLInputElement | null>(null);

  const upload = async (file: File) => {
    cancel.current = false;
    setMessage(null);
    setProgress({ name: file.name, done: 0, size: file.size });
    try {
      const { importId } = await station.beginImport({ fileName: file.name.slice(0, 255) });
      for await (const c of fileChunks(file)) {
        if (cancel.current) {
          await station.cancelImport({ importId });
          setMessage('Import cancelled; nothing was kept.');
          return;
        }
        for (let i = 0; i < c.text.length; i += IMPORT_CHUNK_MAX_CHARS)
          await station.appendImport({ importId, chunk: c.text.slice(i, i + IMPORT_CHUNK_MAX_CHARS) });
        setProgress({ name: file.name, done: c.done, size: file.size });
      }
      const r = await station.finishImport({ importId });
      setMessage(
        `Imported ${formatCount(r.rows)} readings (${r.format} format) as session #${r.sessionId}` +
          (r.skipped ? `; ${r.skipped} lines skipped (${r.warnings[0] ?? ''})` : '.'),
      );
      onImported(r.sessionId);
    } catch (e) {
      setMessage(`Import failed: ${(e as Error).message}`);
    } finally {
      setProgress(null);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <div className="history-action" data-testid="import-control">
      <label className="button">
        Import CSV…
        <input
          ref={input}
          type="file"
          accept=".csv,text/csv"
          className="visually-hidden"
          data-testid="import-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void upload(f);
          }}
        />
      </label>
      {progress ? (
        <>
          <progress value={progress.done} max={Math.max(1, progress.size)} aria-label="Import progress" />
          <button type="button" className="button button--small" onClick={() => (cancel.current = true)}>
            Cancel
          </button>
        </>
      ) : null}
      {message ? (
        <span className="history-action__text" role="status" data-testid="import-message">
          {message}
        </span>
      ) : null}
    </div>
  );
}

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
