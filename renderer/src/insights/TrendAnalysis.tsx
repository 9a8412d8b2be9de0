/**
 * "View Trends": each cell's last predictions (getPredictionTrends), their class counts and the
 * direction of the risk, fetched when opened and again with every refresh of the tab.
 */
import { useEffect, useState } from 'react';
import { RISK_CLASSES, type PredictionTrend, type StationApi } from '../../../native-bridge/contract/index.js';
import { SEVERITY_WORDS } from './cell-health.js';
import { trendRows } from './trend-summary.js';

export function TrendAnalysis({ station, refreshedAtMs }: { station: StationApi; refreshedAtMs: number | null }) {
  const [open, setOpen] = useState(false);
  const [trends, setTrends] = useState<PredictionTrend[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    let live = true;
    station
      .getPredictionTrends({})
      .then((r) => {
        if (!live) return;
        setTrends(r.trends);
        setError(null);
      })
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [open, station, refreshedAtMs]);
  const rows = trends ? trendRows(trends) : [];
  const n = Math.max(0, ...rows.map((r) => r.points));
  return (
    <section className="panel trends" aria-labelledby="trends-title" data-testid="trend-analysis">
      <header className="panel__header">
        <h2 id="trends-title">Trend analysis</h2>
        <button
          type="button"
          className="button"
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          data-testid="view-trends"
        >
          {open ? 'Hide trends' : 'View Trends'}
        </button>
      </header>
      {open ? (
        <div className="table-scroll">
          {error ? <p className="live-toolbar__error">Could not load the trends: {error}</p> : null}
          <table className="readings-table" aria-label="Last predictions per cell" data-testid="trend-table">
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col" className="num">
                  Cell
                </th>
                <th scope="col">Last {n || ''} predictions, oldest first</th>
                {RISK_CLASSES.map((c) => (
                  <th scope="col" className="num" key={c}>
                    {c}
                  </th>
                ))}
                <th scope="col">Direction</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 ? (
                <tr className="readings-table__empty">
                  <td colSpan={9}>{trends ? 'No predictions yet.' : 'Loading…'}</td>
                </tr>
              ) : (
                rows.map((r) => (
                  <tr key={r.key} data-testid="trend-row" data-cell={r.cell} data-trend={r.trend}>
                    <td>{r.deviceId}</td>
                    <td className="num">{r.cell}</td>
                    <td>
                      <span className="trend-strip" aria-label={r.classes.join(', ')}>
                        {r.classes.map((c, k) => (
                          <span key={k} className={`trend-strip__dot risk-tone--${SEVERITY_WORDS[c]}`} title={c} />
                        ))}
                      </span>
                    </td>
                    {RISK_CLASSES.map((c) => (
                      <td className="num" key={c}>
                        {r.counts[c] || <span className="risk-muted">0</span>}
                      </td>
                    ))}
                    <td className={`trend-direction trend-direction--${r.trend}`}>{r.direction}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
