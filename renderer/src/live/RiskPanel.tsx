/**
 * The risk model on the Live tab, beside the readings it was pulled with: the current class of every cell,
 * coloured by severity, with confidence, a reliability badge whose hover lists the reasons, the rule
 * that outranked the model if one did, and the main drivers; above them a strip with what to do for
 * the worst cell. Without a model it says plainly that only the safety rules are running.
 */
import type { Prediction, PredictionsUpdate, StationStatus } from '../../../native-bridge/contract/index.js';
import { classLabel, modelBadge, reliabilityLabel, reliabilityTitle, worstPrediction } from './risk-view.js';
import './risk.css';

function Drivers({ p }: { p: Prediction }) {
  if (p.drivers.length === 0) return <span className="risk-muted">—</span>;
  return (
    <span
      title={p.drivers
        .map(
          (d) =>
            `${d.feature} = ${d.value === null ? 'missing' : `${d.value} ${d.unit}`} (−${Math.round(d.effect * 100)} % if typical)`,
        )
        .join('\n')}
    >
      {p.drivers
        .slice(0, 2)
        .map((d) => d.feature)
        .join(', ')}
    </span>
  );
}

export interface RiskPanelProps {
  update: PredictionsUpdate | null;
  model: StationStatus['model'] | null;
}

export function RiskPanel({ update, model }: RiskPanelProps) {
  const info = model ?? null;
  const predictions = update?.predictions ?? [];
  const state = update?.modelState ?? info?.state ?? null;
  const badge = modelBadge(state);
  const worst = worstPrediction(predictions);
  const version = update?.modelVersion ?? info?.modelVersion ?? null;

  return (
    <section className="panel risk" aria-labelledby="risk-title" data-testid="risk-panel">
      <header className="panel__header">
        <h2 id="risk-title">Thermal-runaway risk</h2>
        <p className="panel__meta">
          {badge ? (
            <abbr
              className="badge badge--rules-only"
              title={info?.error ? `${badge.title}\n${info.error}` : badge.title}
              data-testid="model-badge"
            >
              {badge.text}
            </abbr>
          ) : (
            <span data-testid="model-version">model {version} · advisory, the safety rules outrank it</span>
          )}
        </p>
      </header>
      {worst && worst.classIndex > 0 ? (
        <div
          className={`risk-strip risk-strip--${worst.severity}`}
          role={worst.classIndex >= 3 ? 'alert' : 'status'}
          data-testid="risk-recommendation"
        >
          <strong>
            {worst.deviceId} cell {worst.cell}: {classLabel(worst)}
            {worst.ruleOverride ? ` (rule ${worst.ruleOverride.rule})` : ''}
          </strong>
          <span>{worst.recommendation}</span>
        </div>
      ) : worst ? (
        <div className="risk-strip risk-strip--none" role="status" data-testid="risk-recommendation">
          <span>{worst.recommendation}</span>
        </div>
      ) : null}
      <div className="table-scroll">
        <table className="readings-table risk-table" aria-label="Risk class per cell" data-testid="risk-table">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col" className="num">
                Cell
              </th>
              <th scope="col">Class</th>
              <th scope="col" className="num">
                Confidence
              </th>
              <th scope="col">Reliability</th>
              <th scope="col">Rule</th>
              <th scope="col">Main drivers</th>
            </tr>
          </thead>
          <tbody>
            {predictions.length === 0 ? (
              <tr className="readings-table__empty">
                <td colSpan={7}>
                  {state === 'loaded' || state === 'loading'
                    ? 'Waiting for the first predictions…'
                    : 'No predictions: the risk model is not loaded. The safety rules still raise alarms.'}
                </td>
              </tr>
            ) : (
              predictions.map((p) => (
                <tr key={`${p.deviceId}#${p.cell}`} data-testid="risk-row">
                  <td>{p.deviceId}</td>
                  <td className="num">{p.cell}</td>
                  <td>
                    <span
                      className={`risk-class risk-class--${p.severity}`}
                      data-testid="risk-class"
                      title={`Model: ${p.rawClass} · probabilities ${p.probabilities.map((x) => `${Math.round(x * 100)} %`).join(' / ')}`}
                    >
                      {classLabel(p)}
                    </span>
                  </td>
                  <td className="num">{Math.round(p.confidence * 100)} %</td>
                  <td>
                    <abbr
                      className={`badge risk-reliability risk-reliability--${p.reliability}`}
                      title={reliabilityTitle(p)}
                      data-testid="risk-reliability"
                    >
                      {reliabilityLabel(p.reliability)}
                    </abbr>
                  </td>
                  <td>
                    {p.ruleOverride ? (
                      <span title={p.ruleOverride.message}>
                        {p.ruleOverride.rule} → {p.ruleOverride.floorClass}{' '}
                        <span className="risk-muted">(model: {p.rawClass})</span>
                      </span>
                    ) : (
                      <span className="risk-muted">—</span>
                    )}
                  </td>
                  <td>
                    <Drivers p={p} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
