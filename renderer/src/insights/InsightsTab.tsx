/**
 * The Insights tab: the risk model's view of every cell (module overview), the selected cell's health
 * and its trends. Everything shown comes from one pull, refreshed every 10 s by default with
 * Pause/Resume and a countdown; an escalation pulls at once, even while paused.
 */
import { useCallback, useMemo, useState } from 'react';
import type { Alarm, CellReading, PredictionsUpdate, StationStatus } from '../../../native-bridge/contract/index.js';
import { usePolling } from '../hooks/usePolling.js';
import { useStoredChoice } from '../hooks/useStoredChoice.js';
import { useEscalationRefresh } from '../live/escalation.js';
import { RefreshControls } from '../live/RefreshControls.js';
import { formatClockTime } from '../format/units.js';
import { useStationView } from '../station/StationContext.js';
import { cellHealth } from './cell-health.js';
import { CellTrendChart } from './CellTrendChart.js';
import { HealthPanel } from './HealthPanel.js';
import { INSIGHTS_INTERVALS_S, parseInsightsInterval } from './insights-refresh.js';
import { buildTiles, worstTile, type CellTile } from './module-tiles.js';
import { ModuleOverview } from './ModuleOverview.js';
import { cellRuleState } from './rule-state.js';
import { TrendAnalysis } from './TrendAnalysis.js';
import './insights.css';

interface InsightsPull {
  status: StationStatus;
  predictions: PredictionsUpdate;
  latestByCell: CellReading[];
  alarms: Alarm[];
}

export function InsightsTab() {
  const { station } = useStationView();
  const [intervalS, setIntervalS] = useStoredChoice('station.insights.refreshIntervalS', parseInsightsInterval);
  const [paused, setPaused] = useState(false);
  const [picked, setPicked] = useState<string | null>(null);

  const fetchInsights = useCallback(async (): Promise<InsightsPull> => {
    const [status, predictions, latestByCell, alarms] = await Promise.all([
      station.getStatus(),
      station.getPredictions({}),
      station.getLatestByCell({}),
      station.getActiveAlarms({}),
    ]);
    return { status, predictions, latestByCell, alarms };
  }, [station]);

  const poll = usePolling(fetchInsights, { intervalMs: intervalS * 1000, paused });
  useEscalationRefresh(station, poll.data?.predictions.predictions ?? null, poll.refreshNow);
  const data = poll.data;

  const devices = useMemo(
    () =>
      data
        ? buildTiles({
            devices: data.status.devices,
            predictions: data.predictions.predictions,
            latestByCell: data.latestByCell,
            alarms: data.alarms,
            modelState: data.predictions.modelState,
          })
        : [],
    [data],
  );
  const all = useMemo(() => devices.flatMap((d) => d.tiles), [devices]);
  const pickedTile = picked === null ? null : (all.find((t) => t.key === picked) ?? null);
  const selected: CellTile | null = pickedTile ?? worstTile(devices);
  const lostPick = picked !== null && pickedTile === null && data !== null;

  const health =
    data && selected
      ? cellHealth({
          deviceId: selected.deviceId,
          cell: selected.cell,
          prediction: selected.prediction,
          modelState: data.predictions.modelState,
          modelError: data.status.model?.error ?? null,
          device: selected.device,
          rules: cellRuleState(data.alarms, selected.deviceId, selected.cell),
          nowMs: data.predictions.nowMs,
        })
      : null;

  return (
    <div className="insights-tab" data-testid="insights-tab">
      <div className="live-toolbar" role="toolbar" aria-label="Insights refresh">
        <RefreshControls
          intervalS={intervalS}
          intervals={INSIGHTS_INTERVALS_S}
          onIntervalChange={setIntervalS}
          parseInterval={parseInsightsInterval}
          paused={paused}
          onTogglePause={() => setPaused((p) => !p)}
          onRefreshNow={poll.refreshNow}
          inFlight={poll.inFlight}
          nextDueMs={poll.nextDueMs}
          failing={poll.error !== null}
        />
        <div className="live-toolbar__meta">
          {poll.error ? (
            <span className="live-toolbar__error" role="alert" data-testid="refresh-error">
              Update failed: {poll.error}
            </span>
          ) : null}
          <span data-testid="last-updated">
            Updated {poll.lastOkMs === null ? '—' : formatClockTime(poll.lastOkMs, false)}
          </span>
          <span data-testid="insights-model">
            {data
              ? data.predictions.modelState === 'loaded'
                ? `model ${data.predictions.modelVersion ?? ''} · advisory, the safety rules outrank it`
                : 'model not loaded — rules only'
              : ''}
          </span>
          {picked !== null ? (
            <button
              type="button"
              className="button button--quiet"
              onClick={() => setPicked(null)}
              data-testid="follow-worst"
            >
              Follow the worst cell
            </button>
          ) : null}
        </div>
      </div>
      <ModuleOverview devices={devices} selectedKey={selected?.key ?? null} onSelect={setPicked} />
      {lostPick ? (
        <p className="insights__note" role="status">
          The cell you picked is no longer on the station (its device was removed); showing the worst cell instead.
        </p>
      ) : null}
      {health ? <HealthPanel view={health} /> : null}
      {selected ? (
        <CellTrendChart
          station={station}
          deviceId={selected.deviceId}
          cell={selected.cell}
          refreshedAtMs={poll.lastOkMs}
        />
      ) : null}
      <TrendAnalysis station={station} refreshedAtMs={poll.lastOkMs} />
    </div>
  );
}
