/**
 * Choosing the chart's window: a preset, zoom and pan buttons, exact start and end times, and what
 * the chart shows now (resolution, points, query time).
 */
import type { HistorySeries } from '../../../native-bridge/contract/index.js';
import { formatDateTime, formatSpan, fromLocalInput, resolutionText, toLocalInput } from './history-format.js';
import { panBy, presetWindow, WINDOW_PRESETS, type TimeWindow } from './time-window.js';

export function WindowToolbar({
  window,
  span,
  series,
  loading,
  onWindow,
  onZoom,
}: {
  window: TimeWindow;
  span: TimeWindow;
  series: HistorySeries | null;
  loading: boolean;
  onWindow(w: TimeWindow): void;
  onZoom(atMs: number, factor: number): void;
}) {
  const mid = (window.fromMs + window.toMs) / 2;
  return (
    <div className="history-toolbar">
      <label className="field">
        <span className="field__label">Window</span>
        <select
          aria-label="Window preset"
          value=""
          onChange={(e) => {
            const p = WINDOW_PRESETS[Number(e.target.value)];
            if (p) onWindow(presetWindow(p.ms, span));
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
          onClick={() => onWindow(panBy(window, -0.5, span))}
        >
          ◀
        </button>
        <button type="button" className="button button--small" aria-label="Zoom in" onClick={() => onZoom(mid, 0.5)}>
          +
        </button>
        <button type="button" className="button button--small" aria-label="Zoom out" onClick={() => onZoom(mid, 2)}>
          −
        </button>
        <button
          type="button"
          className="button button--small"
          aria-label="Later"
          onClick={() => onWindow(panBy(window, 0.5, span))}
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
            if (t !== null) onWindow({ fromMs: t, toMs: Math.max(t + 1000, window.toMs) });
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
            if (t !== null) onWindow({ fromMs: Math.min(window.fromMs, t - 1000), toMs: t });
          }}
        />
      </label>
      <span className="visually-hidden" data-testid="history-window">
        {formatDateTime(window.fromMs)} → {formatDateTime(window.toMs)}
      </span>
      <span className="history-toolbar__status" data-testid="history-resolution">
        {loading ? 'loading… ' : ''}
        {series ? resolutionText(series) : ''}
      </span>
    </div>
  );
}
