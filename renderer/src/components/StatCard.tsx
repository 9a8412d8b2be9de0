/** One figure on the dashboard: a label, a value with its unit, and a line of context beneath. */
import type { ReactNode } from 'react';

export interface StatCardProps {
  label: string;
  value: string;
  unit?: string;
  /** Raw number for tests and tooltips; omitted when the value is missing. */
  rawValue?: number | null;
  hint?: ReactNode;
  tone?: 'normal' | 'warn' | 'error';
  /** How far past a limit the figure's cells are (limit-level.ts), for tests and styles; absent when not judged. */
  level?: string;
  testId: string;
  valueTestId?: string;
}

export function StatCard({
  label,
  value,
  unit,
  rawValue,
  hint,
  tone = 'normal',
  level,
  testId,
  valueTestId,
}: StatCardProps) {
  const labelId = `${testId}-label`;
  const missing = value === '—';
  return (
    <section
      className={`stat-card stat-card--${tone}`}
      data-testid={testId}
      data-level={level}
      aria-labelledby={labelId}
    >
      <h3 className="stat-card__label" id={labelId}>
        {label}
      </h3>
      <p className="stat-card__value">
        <span
          data-testid={valueTestId}
          data-value={rawValue ?? undefined}
          aria-label={missing ? `${label}: no data` : `${label}: ${value}${unit ? ` ${unit}` : ''}`}
        >
          {value}
        </span>
        {unit && !missing ? <span className="stat-card__unit">{unit}</span> : null}
      </p>
      {hint ? <p className="stat-card__hint">{hint}</p> : null}
    </section>
  );
}
