/** B − A between the two chosen points: Δt, and per channel the change and its rate per second. */
import { formatSigned } from '../format/units.js';
import { formatSpan } from './history-format.js';
import { QUANTITY_DIGITS, type PointDifference } from './point-readout.js';

export function PointDifferenceTable({ diff }: { diff: PointDifference }) {
  return (
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
  );
}
