/**
 * The Live tab: raw data as it arrives. Cards, table, chart and the risk panel are pulled together on
 * the chosen interval, in one call (live-pull.ts), so they come from one moment and never contradict
 * each other (a risk panel pushed every second beside cards pulled every 5 s once read "Alarm: above
 * 80 °C" next to "Average temperature 25.0 °C"), and Pause freezes all four. An escalation pulls all four at once, paused or not.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useStoredChoice } from '../hooks/useStoredChoice.js';
import { usePolling } from '../hooks/usePolling.js';
import { useStationView } from '../station/StationContext.js';
import { CHART_WINDOWS_S, chartWindowLabel, parseChartWindow } from './chart-series.js';
import { limitsByDevice } from './limit-level.js';
import { LiveChart } from './LiveChart.js';
import { LiveToolbar } from './LiveToolbar.js';
import { pullLive, TABLE_ROWS } from './live-pull.js';
import { parsePollInterval } from './polling-schedule.js';
import { ReadingsTable } from './ReadingsTable.js';
import { RiskPanel } from './RiskPanel.js';
import { useEscalationRefresh } from './escalation.js';
import { StatCards } from './StatCards.js';

export function LiveTab() {
  const { station, status: shellStatus } = useStationView();
  const [intervalS, setIntervalS] = useStoredChoice('station.live.refreshIntervalS', parsePollInterval);
  const [windowS, setWindowS] = useStoredChoice('station.live.chartWindowS', parseChartWindow);
  const [paused, setPaused] = useState(false);
  // What the chart drew last: the next pull asks for no more points than it can show.
  const drawn = useRef<{ cells: number; widthPx: number } | null>(null);
  const onChartDrawn = useCallback((cells: number, widthPx: number) => (drawn.current = { cells, widthPx }), []);

  const fetchLive = useCallback(() => pullLive(station, windowS, drawn.current), [station, windowS]);

  const poll = usePolling(fetchLive, { intervalMs: intervalS * 1000, paused });

  // A new chart window is fetched at once (even while paused): the operator asked to see it.
  const shownWindowS = useRef(windowS);
  const { refreshNow } = poll;
  useEffect(() => {
    if (shownWindowS.current === windowS) return;
    shownWindowS.current = windowS;
    refreshNow();
  }, [windowS, refreshNow]);
  useEscalationRefresh(station, poll.data?.predictions.predictions ?? null, refreshNow);
  const data = poll.data;
  const stats = data?.status.stats ?? null;
  const storeOk = (data?.status ?? shellStatus)?.storeOk ?? null;
  const limits = useMemo(() => limitsByDevice(data?.status.devices), [data]);
  // The cards count the devices streaming now, as the station's averages do.
  const current = useMemo(() => {
    const ids = new Set(data?.status.devices.filter((d) => d.state === 'streaming').map((d) => d.deviceId));
    return data?.latestByCell.filter((r) => ids.has(r.deviceId)) ?? [];
  }, [data]);
  const newestAge = stats?.lastReadingMs != null && data ? data.status.nowMs - stats.lastReadingMs : null;

  return (
    <div className="live-tab" data-testid="live-tab">
      <LiveToolbar
        intervalS={intervalS}
        onIntervalChange={setIntervalS}
        paused={paused}
        onTogglePause={() => setPaused((p) => !p)}
        onRefreshNow={poll.refreshNow}
        inFlight={poll.inFlight}
        nextDueMs={poll.nextDueMs}
        lastOkMs={poll.lastOkMs}
        error={poll.error}
        newestAgeAtFetchMs={newestAge}
      />
      <StatCards stats={stats} storeOk={storeOk} latest={current} limits={limits} />
      <RiskPanel update={data?.predictions ?? null} model={data?.status.model ?? shellStatus?.model ?? null} />
      <section className="panel" aria-labelledby="chart-title">
        <header className="panel__header">
          <h2 id="chart-title">Cell temperature and voltage</h2>
          <label className="field field--inline">
            <span className="field__label">Window</span>
            <select
              value={windowS}
              onChange={(e) => setWindowS(parseChartWindow(e.target.value))}
              data-testid="chart-window-select"
              aria-label="Chart time window"
            >
              {CHART_WINDOWS_S.map((s) => (
                <option key={s} value={s}>
                  last {chartWindowLabel(s)}
                </option>
              ))}
            </select>
          </label>
        </header>
        <LiveChart points={data?.series ?? null} windowS={windowS} onDrawn={onChartDrawn} />
      </section>
      <ReadingsTable
        readings={data?.readings ?? null}
        totalRecords={stats?.totalRecords ?? null}
        limit={TABLE_ROWS}
        limits={limits}
      />
    </div>
  );
}
