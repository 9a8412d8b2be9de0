/**
 * The History tab: pick a recorded session and a window, then zoom and pan a chart that always comes
 * from the right resolution (at most ~2,000 points per channel, min and max kept), read values under
 * the cursor, compare two points, see alarms on the time axis, and export, report, replay or import.
 * The tab only wires its parts: state lives in the hooks, the rules in history-view.ts.
 */
import { useMemo } from 'react';
import type { SeriesQuantity } from '../../../native-bridge/contract/index.js';
import { useStationView } from '../station/StationContext.js';
import { ImportControl } from './actions/ImportControl.js';
import { StorageControl } from './actions/StorageControl.js';
import { AlarmsInWindow } from './AlarmsInWindow.js';
import { ChartSection } from './ChartSection.js';
import { centreOn } from './time-window.js';
import { SessionHeader } from './SessionHeader.js';
import { SessionList } from './SessionList.js';
import { useChosenSession } from './useChosenSession.js';
import { useHistorySeries } from './useHistorySeries.js';
import { useHistoryView } from './useHistoryView.js';
import { useSessions } from './useSessions.js';
import './history.css';

const QUANTITIES: SeriesQuantity[] = ['temp', 'voltage', 'current'];

export function HistoryTab() {
  const { station } = useStationView();
  const { sessions, error: listError, refresh } = useSessions(station);
  const { selectedId, session, span, choose } = useChosenSession(sessions);
  const { view, setWindow, zoom, pick, clearPoints, setCells } = useHistoryView(session?.id ?? null, span);
  const active = session?.active ?? false;
  const request = useMemo(
    () =>
      view
        ? { sessionId: view.sessionId, window: view.window, cells: view.cells, quantities: QUANTITIES, active }
        : null,
    [view, active],
  );
  const { series, loading, error } = useHistorySeries(station, request);

  return (
    <div className="history-tab" data-testid="history-tab">
      <div className="history-tab__side">
        <SessionList sessions={sessions} selected={selectedId} onSelect={choose} error={listError} />
        <ImportControl
          station={station}
          onImported={(id) => {
            void refresh();
            choose(id);
          }}
        />
        <StorageControl station={station} />
      </div>
      <div className="history-tab__main">
        {session && span && view ? (
          <>
            <SessionHeader station={station} session={session} span={span} />
            <ChartSection
              station={station}
              session={session}
              span={span}
              view={view}
              series={series}
              loading={loading}
              error={error}
              onWindow={setWindow}
              onZoom={zoom}
              onPick={pick}
              onClearPoints={clearPoints}
              onCells={setCells}
              onShowSession={choose}
            />
            <AlarmsInWindow
              alarms={series?.alarms ?? null}
              onCentre={(tMs) => setWindow(centreOn(view.window, tMs, span))}
            />
          </>
        ) : (
          <p className="history-empty panel">{sessions === null ? 'Loading sessions…' : 'No session chosen.'}</p>
        )}
      </div>
    </div>
  );
}
