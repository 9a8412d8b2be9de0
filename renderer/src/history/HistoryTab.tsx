/**
 * The History tab: pick a recorded session and a window, then zoom and pan a chart that always comes
 * from the right resolution (at most ~2,000 points per channel, min and max kept), read values under
 * the cursor, compare two points, see alarms on the time axis, and export, report, replay or import.
 */
import { useCallback, useMemo, useState } from 'react';
import type { SeriesQuantity, Session } from '../../../native-bridge/contract/index.js';
import { cellColor } from '../live/cell-palette.js';
import { useStationView } from '../station/StationContext.js';
import { ExportControl, ImportControl, ReplayControl, ReportControl, StorageControl } from './HistoryActions.js';
import { HistoryChart, type PanelId } from './HistoryChart.js';
import {
  centreOn,
  clampWindow,
  formatDateTime,
  formatSpan,
  fromLocalInput,
  panBy,
  presetWindow,
  sessionSpan,
  toLocalInput,
  WINDOW_PRESETS,
  zoomAround,
  type TimeWindow,
} from './history-model.js';
import { Readout } from './Readout.js';
import { SessionDetails, SessionList } from './SessionPanels.js';
import { useHistorySeries, useSessions } from './useHistoryData.js';
import './history.css';

const QUANTITIES: SeriesQuantity[] = ['temp', 'voltage', 'current'];
const RESOLUTION_LABEL: Record<string, string> = {
  raw: 'raw frames',
  '1s': '1 s rollups',
  '1m': '1 min rollups',
  '10m': '10 min rollups',
};

/** What the operator chose for one session; another session starts from its defaults. */
interface View {
  sessionId: number;
  window: TimeWindow;
  /** The window's end follows the newest data of a recording session. */
  follow: boolean;
  cells: number[] | null;
  pointA: number | null;
  pointB: number | null;
}

export function HistoryTab() {
  const { station } = useStationView();
  const { sessions, error: listError, refresh } = useSessions(station);
  const [chosenId, setChosenId] = useState<number | null>(null);
  // The newest session until the operator picks one.
  const selectedId = chosenId ?? sessions?.[0]?.id ?? null;
  const session: Session | null = useMemo(
    () => sessions?.find((s) => s.id === selectedId) ?? null,
    [sessions, selectedId],
  );
  const span = useMemo(() => (session ? sessionSpan(session) : null), [session]);
  const [stored, setView] = useState<View | null>(null);
  const [cursorMs, setCursorMs] = useState<number | null>(null);

  const view: View | null = useMemo(() => {
    if (!session || !span) return null;
    if (stored?.sessionId !== session.id)
      return { sessionId: session.id, window: { ...span }, follow: true, cells: null, pointA: null, pointB: null };
    if (!stored.follow) return stored;
    // Following a recording session: the window keeps its width and ends at the newest data.
    const width = stored.window.toMs - stored.window.fromMs;
    return { ...stored, window: clampWindow({ fromMs: span.toMs - width, toMs: span.toMs }, span) };
  }, [session, span, stored]);

  const update = useCallback(
    (patch: Partial<View> | ((v: View) => Partial<View>)) => {
      if (!view || !span) return;
      const p = typeof patch === 'function' ? patch(view) : patch;
      const next = { ...view, ...p };
      if (p.window) {
        next.window = clampWindow(p.window, span);
        next.follow = next.window.toMs >= span.toMs;
      }
      setView(next);
    },
    [view, span],
  );

  const request = useMemo(
    () => (view ? { sessionId: view.sessionId, window: view.window, cells: view.cells, quantities: QUANTITIES } : null),
    [view],
  );
  const { series, loading, error } = useHistorySeries(station, request);

  const window = view?.window ?? null;
  const setClamped = useCallback((w: TimeWindow) => update({ window: w }), [update]);
  const zoom = useCallback(
    (atMs: number, factor: number) => span && update((v) => ({ window: zoomAround(v.window, atMs, factor, span) })),
    [span, update],
  );
  const pick = useCallback(
    (tMs: number) =>
      update((v) => (v.pointA === null || v.pointB !== null ? { pointA: tMs, pointB: null } : { pointB: tMs })),
    [update],
  );
  const pointA = view?.pointA ?? null;
  const pointB = view?.pointB ?? null;
  const cells = view?.cells ?? null;
  const setSelectedId = setChosenId;
  const setWindow = setClamped;

  const panels: PanelId[] = series?.risk ? ['temp', 'voltage', 'current', 'risk'] : ['temp', 'voltage', 'current'];
  const cellCount = session?.cellCount ?? 0;
  const shownCells = cells ?? Array.from({ length: cellCount }, (_, i) => i + 1);

  return (
    <div className="history-tab" data-testid="history-tab">
      <div className="history-tab__side">
        <SessionList sessions={sessions} selected={selectedId} onSelect={setSelectedId} error={listError} />
        <ImportControl
          station={station}
          onImported={(id) => {
            void refresh();
            setSelectedId(id);
          }}
        />
        <StorageControl station={station} />
      </div>
      {session && window && span ? (
        <div className="history-tab__main">
          <section className="panel history-head">
            <header className="panel__header">
              <h2 data-testid="history-title">
                Session #{session.id} · {session.rig || session.deviceId}
                {session.active ? <span className="badge badge--live">recording</span> : null}
              </h2>
              <span className="panel__meta">
                {formatDateTime(span.fromMs)} → {formatDateTime(span.toMs)} ({formatSpan(span.toMs - span.fromMs)})
              </span>
            </header>
            <SessionDetails
              key={`${session.id}:${session.rig}:${session.chemistry}:${session.capacityAh}:${session.notes}`}
              station={station}
              session={session}
            />
          </section>

          <section className="panel history-view" aria-label="Chart">
            <div className="history-toolbar">
              <label className="field">
                <span className="field__label">Window</span>
                <select
                  aria-label="Window preset"
                  value=""
                  onChange={(e) => {
                    const p = WINDOW_PRESETS[Number(e.target.value)];
                    if (p) setWindow(presetWindow(p.ms, span));
                  }}
                >
                  <option value="" disabled>
                    {formatSpan(window.toMs - window.fromMs)}
                  </option>
                  {WINDOW_PRESETS.map((p, i) => (
                    <option key={p.label} value={i}>
                      {p.label}
                    </option>
                  ))}
                </select>
              </label>
              <div className="history-toolbar__group" role="group" aria-label="Zoom and pan">
                <button
                  type="button"
                  className="button button--small"
                  aria-label="Earlier"
                  onClick={() => setWindow(panBy(window, -0.5, span))}
                >
                  ◀
                </button>
                <button
                  type="button"
                  className="button button--small"
                  aria-label="Zoom in"
                  onClick={() => zoom((window.fromMs + window.toMs) / 2, 0.5)}
                >
                  +
                </button>
                <button
                  type="button"
                  className="button button--small"
                  aria-label="Zoom out"
                  onClick={() => zoom((window.fromMs + window.toMs) / 2, 2)}
                >
                  −
                </button>
                <button
                  type="button"
                  className="button button--small"
                  aria-label="Later"
                  onClick={() => setWindow(panBy(window, 0.5, span))}
                >
                  ▶
                </button>
              </div>
              <label className="field">
                <span className="field__label">From</span>
                <input
                  type="datetime-local"
                  step="1"
                  aria-label="Window start"
                  value={toLocalInput(window.fromMs)}
                  onChange={(e) => {
                    const t = fromLocalInput(e.target.value);
                    if (t !== null) update({ window: { fromMs: t, toMs: Math.max(t + 1000, window.toMs) } });
                  }}
                />
              </label>
              <label className="field">
                <span className="field__label">to</span>
                <input
                  type="datetime-local"
                  step="1"
                  aria-label="Window end"
                  value={toLocalInput(window.toMs)}
                  onChange={(e) => {
                    const t = fromLocalInput(e.target.value);
                    if (t !== null) update({ window: { fromMs: Math.min(window.fromMs, t - 1000), toMs: t } });
                  }}
                />
              </label>
              <span className="visually-hidden" data-testid="history-window">
                {formatDateTime(window.fromMs)} → {formatDateTime(window.toMs)}
              </span>
              <span className="history-toolbar__status" data-testid="history-resolution">
                {loading ? 'loading… ' : ''}
                {series
                  ? `${RESOLUTION_LABEL[series.resolution]}, ${series.t.length} points${series.bucketMs ? ` of ${formatSpan(series.bucketMs)}` : ''}, ${series.queryMs.toFixed(0)} ms`
                  : ''}
              </span>
            </div>
            {cellCount > 1 ? (
              <div className="history-cells" role="group" aria-label="Cells shown">
                {Array.from({ length: cellCount }, (_, i) => i + 1).map((c) => {
                  const on = shownCells.includes(c);
                  return (
                    <button
                      key={c}
                      type="button"
                      className={`history-cell${on ? ' history-cell--on' : ''}`}
                      aria-pressed={on}
                      onClick={() => {
                        const next = on ? shownCells.filter((x) => x !== c) : [...shownCells, c].sort((a, b) => a - b);
                        update({ cells: next.length === 0 || next.length === cellCount ? null : next });
                      }}
                    >
                      <span
                        className="chart-legend__swatch"
                        style={{ background: cellColor(c - 1) }}
                        aria-hidden="true"
                      />
                      {c}
                    </button>
                  );
                })}
              </div>
            ) : null}
            {error ? <p className="history-error">{error}</p> : null}
            <div className="history-view__body">
              <HistoryChart
                series={series}
                panels={panels}
                window={window}
                onWindowChange={setClamped}
                onZoom={zoom}
                cursorMs={cursorMs}
                onCursor={setCursorMs}
                pointA={pointA}
                pointB={pointB}
                onPick={pick}
              />
              <Readout
                series={series}
                cursorMs={cursorMs}
                pointA={pointA}
                pointB={pointB}
                onClearPoints={() => update({ pointA: null, pointB: null })}
              />
            </div>
            <div className="history-actions">
              <ExportControl station={station} sessionId={session.id} window={window} />
              <ReportControl station={station} sessionId={session.id} />
              <ReplayControl
                key={session.id}
                station={station}
                sessionId={session.id}
                window={window}
                onShowSession={setSelectedId}
              />
            </div>
          </section>

          <section className="panel" aria-labelledby="history-alarms">
            <header className="panel__header">
              <h2 id="history-alarms">Alarms in the window</h2>
              <span className="panel__meta">{series ? series.alarms.length : ''}</span>
            </header>
            {series && series.alarms.length > 0 ? (
              <table className="history-alarms" data-testid="history-alarms">
                <thead>
                  <tr>
                    <th scope="col">Raised</th>
                    <th scope="col">Severity</th>
                    <th scope="col">Alarm</th>
                    <th scope="col">Cell</th>
                    <th scope="col">Message</th>
                    <th scope="col">Cleared</th>
                  </tr>
                </thead>
                <tbody>
                  {series.alarms.map((a) => (
                    <tr
                      key={a.id}
                      onClick={() => setWindow(centreOn(window, a.raisedAtMs, span))}
                      title="Centre the chart on this alarm"
                    >
                      <td>{formatDateTime(a.raisedAtMs)}</td>
                      <td>
                        <span className={`sev sev--${a.peakSeverity}`}>{a.peakSeverity}</span>
                      </td>
                      <td>{a.code}</td>
                      <td>{a.cell ?? ''}</td>
                      <td>{a.message}</td>
                      <td>
                        {a.clearedAtMs === null
                          ? 'open'
                          : `${formatDateTime(a.clearedAtMs)}${a.closedBy ? ` (${a.closedBy})` : ''}`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="history-empty">No alarms in this window.</p>
            )}
          </section>
        </div>
      ) : (
        <div className="history-tab__main">
          <p className="history-empty panel">{sessions === null ? 'Loading sessions…' : 'No session chosen.'}</p>
        </div>
      )}
    </div>
  );
}
