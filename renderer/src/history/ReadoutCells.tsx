/**
 * The readout's table at one time: per cell its temperature and voltage (mean, and min…max when the
 * point is a rollup that varied), its risk class when predicted, and the pack's channels. A cell's
 * value past the session's limits is marked as on the Live tab (limit-level.ts), each number by
 * itself: a rollup's max can be past a line its mean is not, and the max is what the rules saw.
 */
import { cellColor } from '../live/cell-palette.js';
import { judge } from '../live/limit-level.js';
import { LimitValue } from '../live/LimitValue.js';
import { formatFixed, MISSING } from '../format/units.js';
import { QUANTITY_DIGITS, type Readout } from './point-readout.js';
import { RISK_CLASSES, type CellLimits } from '../../../native-bridge/contract/index.js';

/** `limits`: the lines the session's cells were judged by (Session.limits). */
export function ReadoutCells({ r, limits }: { r: Readout; limits: CellLimits }) {
  const cells = [...new Set(r.values.filter((v) => v.cell !== null).map((v) => v.cell!))];
  const at = (q: string, cell: number | null) => r.values.find((v) => v.quantity === q && v.cell === cell);
  const pack = r.values.filter((v) => v.cell === null);
  const fmt = (q: 'temp' | 'voltage', cell: number) => {
    const v = at(q, cell);
    if (!v || v.mean === null) return MISSING;
    const d = QUANTITY_DIGITS[q];
    const marked = (x: number) => (
      <LimitValue text={formatFixed(x, d)} judgement={judge(q === 'temp' ? 'temp' : 'volt', x, limits)} />
    );
    const { min, max } = v;
    const range = r.bucketMs > 0 && min !== null && max !== null && max - min > 1e-9;
    return (
      <>
        {marked(v.mean)}
        {range ? (
          <span className="history-readout__range">
            {' '}
            {marked(min)}…{marked(max)}
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
            <td data-testid={`readout-temp-${c}`}>{fmt('temp', c)}</td>
            <td data-testid={`readout-voltage-${c}`}>{fmt('voltage', c)}</td>
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
