/**
 * The readout's table at one time: per cell its temperature and voltage (mean, and min…max when the
 * point is a rollup that varied), its risk class when predicted, and the pack's channels.
 */
import { cellColor } from '../live/cell-palette.js';
import { formatFixed, MISSING } from '../format/units.js';
import { QUANTITY_DIGITS, type Readout } from './point-readout.js';
import { RISK_CLASSES } from '../../../native-bridge/contract/index.js';

export function ReadoutCells({ r }: { r: Readout }) {
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
