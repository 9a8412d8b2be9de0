/**
 * The health of the selected cell, as a lab engineer reads it top to bottom: the badge in words, what
 * to do, how sure the model is and why, the five class probabilities as bars, what drove it, which
 * rule outranked it, and how long until a runaway. Pure: it renders a HealthView (cell-health.ts).
 */
import type { ReactNode } from 'react';
import type { HealthView } from './cell-health.js';

function Row({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <div className="health__row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

export function HealthPanel({ view }: { view: HealthView }) {
  return (
    <section className="panel health" aria-labelledby="health-title" data-testid="health-panel">
      <header className="panel__header">
        <h2 id="health-title">Cell health · {view.title}</h2>
      </header>
      <div className="health__body">
        <p
          className={`health__badge risk-tone--${view.tone}`}
          data-tone={view.tone}
          data-testid="health-badge"
          data-class={view.riskClass ?? ''}
          role={view.tone === 'high' || view.tone === 'critical' ? 'alert' : 'status'}
        >
          {view.badge}
        </p>
        {view.silenceText ? (
          <p className="health__silence" data-testid="health-silence" data-silence={view.silence ?? ''}>
            {view.silenceText}
          </p>
        ) : null}
        <p className="health__recommendation" data-testid="health-recommendation">
          {view.recommendation}
        </p>
        <dl className="health__facts">
          <Row label="Severity" testId="health-severity">
            {view.severity}
          </Row>
          <Row label="Confidence" testId="health-confidence">
            {view.confidence}
          </Row>
          <Row label="Reliability" testId="health-reliability">
            <strong>{view.reliability}</strong>
            {view.reliabilityReasons.length > 0 ? (
              <ul className="health__reasons" data-testid="health-reasons">
                {view.reliabilityReasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            ) : null}
          </Row>
          <Row label="Time to runaway" testId="health-ttr">
            {view.timeToRunaway}
            {view.timeToRunawayNote ? <span className="health__note"> {view.timeToRunawayNote}</span> : null}
          </Row>
          <Row label="Main drivers" testId="health-drivers">
            {view.drivers ?? <span className="risk-muted">—</span>}
          </Row>
          <Row label="Rule over the model" testId="health-outranked">
            {view.outranked ?? <span className="risk-muted">none: the class is the model’s own</span>}
          </Row>
          <Row label="Safety rules" testId="health-rules">
            {view.ruleState}
          </Row>
        </dl>
        {view.bars ? (
          <figure className="health__bars" aria-label="Class probabilities">
            <figcaption>Class probabilities</figcaption>
            {view.bars.map((b) => (
              <div className="prob-bar" key={b.riskClass} data-testid="prob-bar" data-class={b.riskClass}>
                <span className="prob-bar__label">{b.riskClass}</span>
                <span className="prob-bar__track">
                  <span
                    className={`prob-bar__fill prob-bar__fill--${b.riskClass.toLowerCase()}`}
                    style={{ width: `${Math.max(0, Math.min(100, b.pct))}%` }}
                  />
                </span>
                <span className="prob-bar__value">{b.pct < 1 && b.pct > 0 ? '<1' : Math.round(b.pct)} %</span>
              </div>
            ))}
          </figure>
        ) : null}
      </div>
    </section>
  );
}
