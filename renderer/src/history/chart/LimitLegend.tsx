/**
 * A panel's limit lines in words beside its title: what the dashed lines on the canvas are, for the
 * operator and the screen reader, and the one place a test finds them (`data-limit-lines`).
 */
import type { LimitLine } from './limit-lines.js';
import type { PanelId } from './panel-config.js';

export function LimitLegend({ panel, lines }: { panel: PanelId; lines: LimitLine[] }) {
  if (lines.length === 0) return null;
  return (
    <span
      className="history-chart__limits"
      data-testid={`limit-lines-${panel}`}
      data-limit-lines={lines.map((l) => `${l.id}:${l.value}`).join(',')}
    >
      <span className="visually-hidden">Dashed limit lines: </span>
      {lines.map((l) => (
        <span key={l.id} className="history-chart__limit" data-limit={l.id} data-value={l.value}>
          <span className="history-chart__limit-swatch" style={{ borderColor: l.color }} aria-hidden="true" />
          {l.label}
        </span>
      ))}
    </span>
  );
}
