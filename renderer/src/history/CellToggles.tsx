/** One toggle per cell of a multi-cell session, in the cell's chart colour. */
import { cellColor } from '../live/cell-palette.js';
import { shownCells, toggleCell } from './history-view.js';

export function CellToggles({
  cellCount,
  cells,
  onChange,
}: {
  cellCount: number;
  cells: number[] | null;
  onChange(cells: number[] | null): void;
}) {
  if (cellCount <= 1) return null;
  const shown = shownCells(cells, cellCount);
  return (
    <div className="history-cells" role="group" aria-label="Cells shown">
      {Array.from({ length: cellCount }, (_, i) => i + 1).map((c) => {
        const on = shown.includes(c);
        return (
          <button
            key={c}
            type="button"
            className={`history-cell${on ? ' history-cell--on' : ''}`}
            aria-pressed={on}
            onClick={() => onChange(toggleCell(cells, c, cellCount))}
          >
            <span className="chart-legend__swatch" style={{ background: cellColor(c - 1) }} aria-hidden="true" />
            {c}
          </button>
        );
      })}
    </div>
  );
}
