/**
 * What the chart holds under the cursor (or at point A when the pointer is away), and, once A and B
 * are set, their difference: Δt and, per cell, ΔT, ΔV and the rate per second.
 */
import type { HistorySeries } from '../../../native-bridge/contract/index.js';
import { cellColor } from '../live/cell-palette.js';
import { formatFixed, formatSigned, MISSING } from '../format/units.js';
import {
  difference,
  formatDateTime,
  formatSpan,
  QUANTITY_DIGITS,
  readoutAt,
  RISK_CLASSES,
  type Readout as ReadoutData,
} from './history-model.js';

interface Props {
  series: HistorySeries | null;
  cursorMs: number | null;
  pointA: number | null;
  pointB: number | null;
  onClearPoints: () => void;
}

const ms = (t: number) => `.${String(new Date(t).getMilliseconds()).padStart(3, '0')}`;

function Cells({ r }: { r: ReadoutData }) {
  const cells = [...new Set(r.values.filter((v) => v.cell !== null).map((v) => v.cell!))];
  const at = (q: string, cell: number | null) => r.values.find((v) => v.quantity === q && v.cell === cell);
  const pack = r.values.filter((v) => v.cell === null);
  const fmt = (q: 'temp' | 'voltage', cell: number) => {
    const v = at(q, cell);
    if (!v || v.mean === null) return MISSING;
    const d = QUANTITY_DIGITS[q];
    const range = r.bucketMs > 0 && v.min !== null && v.max !== null && v.max - v.min > 1e-9;
    return (
      <>
        {formatFixed(v.mean, d)}
        {range ? (
          <span className="history-readout__range">
            {' '}
            {formatFixed(v.min, d)}…{formatFixed(v.max, d)}
          </span>
        ) : null}
      </>
    );
  };
  return (
    <table className="history-readout__table">
      <thead>
        <tr>
          <th scope="col">Cell</th>
          <th scope="col">T (°C)</th>
          <th scope="col">V (V)</th>
          {r.risk ? <th scope="col">Risk</th> : null}
        </tr>
      </thead>
      <tbody>
        {cells.map((c) => (
          <tr key={c}>
            <th scope="row">
              <span className="chart-legend__swatch" style={{ background: cellColor(c - 1) }} aria-hidden="true" />
              {c}
            </th>
            <td>{fmt('temp', c)}</td>
            <td>{fmt('voltage', c)}</td>
            {r.risk ? <td>{RISK_CLASSES[r.risk.find((x) => x.cell === c)?.cls ?? -1] ?? MISSING}</td> : null}
          </tr>
        ))}
        {pack.map((v) => (
          <tr key={v.quantity}>
            <th scope="row">{v.quantity === 'current' ? 'Pack I' : v.quantity}</th>
            <td colSpan={r.risk ? 3 : 2}>
              {formatFixed(v.mean, QUANTITY_DIGITS[v.quantity])} {v.unit}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Readout({ series, cursorMs, pointA, pointB, onClearPoints }: Props) {
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
            <Cells r={r} />
          </>
        ) : (
          <p className="history-readout__hint">Point at the chart to read values; click twice to compare two points.</p>
        )}
        {diff ? (
          <div className="history-readout__diff" data-testid="readout-diff">
            <h3>
              B − A: <strong>{formatSpan(diff.dtMs)}</strong>
            </h3>
            <table className="history-readout__table">
              <thead>
                <tr>
                  <th scope="col">Channel</th>
                  <th scope="col">Δ</th>
                  <th scope="col">per s</th>
                </tr>
              </thead>
              <tbody>
                {diff.values.map((v) => (
                  <tr key={`${v.quantity}:${v.cell ?? ''}`}>
                    <th scope="row">{v.cell === null ? 'Pack I' : `${v.quantity === 'temp' ? 'T' : 'V'} ${v.cell}`}</th>
                    <td>
                      {formatSigned(v.delta, QUANTITY_DIGITS[v.quantity])} {v.delta === null ? '' : v.unit}
                    </td>
                    <td>{formatSigned(v.ratePerS, QUANTITY_DIGITS[v.quantity] + 1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : pointA !== null ? (
          <p className="history-readout__hint">Point A set at {formatDateTime(pointA)}: click again for B.</p>
        ) : null}
      </div>
    </aside>
  );
}
