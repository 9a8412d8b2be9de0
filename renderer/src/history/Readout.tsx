/**
 * What the chart holds under the cursor (or at point A when the pointer is away), and, once A and B
 * are set, their difference: Δt and, per cell, ΔT, ΔV and the rate per second.
 */
import type { CellLimits, HistorySeries } from '../../../native-bridge/contract/index.js';
import { difference, readoutAt } from './point-readout.js';
import { formatDateTime, formatSpan } from './history-format.js';
import { PointDifferenceTable } from './PointDifferenceTable.js';
import { ReadoutCells } from './ReadoutCells.js';

interface Props {
  series: HistorySeries | null;
  /** The lines the session's cells were judged by: values past them are marked. */
  limits: CellLimits;
  cursorMs: number | null;
  pointA: number | null;
  pointB: number | null;
  onClearPoints: () => void;
}

/** The milliseconds of a time, which formatDateTime leaves out: readings arrive several per second. */
const ms = (t: number) => `.${String(new Date(t).getMilliseconds()).padStart(3, '0')}`;

export function Readout({ series, limits, cursorMs, pointA, pointB, onClearPoints }: Props) {
  if (!series) return <aside className="history-readout panel">Pick a session to see its data.</aside>;
  const at = cursorMs ?? pointA;
  const r = at === null ? null : readoutAt(series, at);
  const a = pointA === null ? null : readoutAt(series, pointA);
  const b = pointB === null ? null : readoutAt(series, pointB);
  const diff = a && b ? difference(a, b) : null;
  return (
    <aside className="history-readout panel" aria-live="polite" data-testid="history-readout">
      <header className="panel__header">
        <h2>{cursorMs !== null ? 'Cursor' : pointA !== null ? 'Point A' : 'Readout'}</h2>
        {pointA !== null ? (
          <button type="button" className="button button--small" onClick={onClearPoints}>
            Clear A/B
          </button>
        ) : null}
      </header>
      <div className="history-readout__body">
        {r ? (
          <>
            <p className="history-readout__time" data-testid="readout-time">
              {formatDateTime(r.tMs)}
              {ms(r.tMs)}
              <span className="history-readout__bucket">
                {r.bucketMs > 0 ? ` · ${formatSpan(r.bucketMs)} point (mean, min…max)` : ' · one stored frame'}
              </span>
            </p>
            <ReadoutCells r={r} limits={limits} />
          </>
        ) : (
          <p className="history-readout__hint">Point at the chart to read values; click twice to compare two points.</p>
        )}
        {diff ? (
          <PointDifferenceTable diff={diff} />
        ) : pointA !== null ? (
          <p className="history-readout__hint">Point A set at {formatDateTime(pointA)}: click again for B.</p>
        ) : null}
      </div>
    </aside>
  );
}
