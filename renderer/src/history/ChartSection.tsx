/**
 * The chart and everything that works on its window: the window toolbar, the cell toggles, the
 * stacked chart beside the cursor readout (below it on a narrow window, history.css), and what to do
 * with the window (export, report, replay).
 */
import { useState } from 'react';
import type { HistorySeries, Session, StationApi } from '../../../native-bridge/contract/index.js';
import { ExportControl } from './actions/ExportControl.js';
import { ReplayControl } from './actions/ReplayControl.js';
import { ReportControl } from './actions/ReportControl.js';
import { CellToggles } from './CellToggles.js';
import { HistoryChart } from './chart/HistoryChart.js';
import type { PanelId } from './chart/panel-config.js';
import type { TimeWindow } from './time-window.js';
import type { HistoryView } from './history-view.js';
import { Readout } from './Readout.js';
import { WindowToolbar } from './WindowToolbar.js';

const PANELS: PanelId[] = ['temp', 'voltage', 'current'];
const PANELS_WITH_RISK: PanelId[] = [...PANELS, 'risk'];

export interface ChartSectionProps {
  station: StationApi;
  session: Session;
  span: TimeWindow;
  view: HistoryView;
  series: HistorySeries | null;
  loading: boolean;
  error: string | null;
  onWindow(w: TimeWindow): void;
  onZoom(atMs: number, factor: number): void;
  onPick(tMs: number): void;
  onClearPoints(): void;
  onCells(cells: number[] | null): void;
  onShowSession(id: number): void;
}

export function ChartSection(p: ChartSectionProps) {
  const [cursorMs, setCursorMs] = useState<number | null>(null);
  const { station, session, view, series } = p;
  return (
    <section className="panel history-view" aria-label="Chart">
      <WindowToolbar
        window={view.window}
        span={p.span}
        series={series}
        loading={p.loading}
        onWindow={p.onWindow}
        onZoom={p.onZoom}
      />
      <CellToggles cellCount={session.cellCount ?? 0} cells={view.cells} onChange={p.onCells} />
      {p.error ? <p className="history-error">{p.error}</p> : null}
      <div className="history-view__body">
        <HistoryChart
          series={series}
          panels={series?.risk ? PANELS_WITH_RISK : PANELS}
          limits={session.limits}
          window={view.window}
          onWindowChange={p.onWindow}
          onZoom={p.onZoom}
          cursorMs={cursorMs}
          onCursor={setCursorMs}
          pointA={view.pointA}
          pointB={view.pointB}
          onPick={p.onPick}
        />
        <Readout
          series={series}
          limits={session.limits}
          cursorMs={cursorMs}
          pointA={view.pointA}
          pointB={view.pointB}
          onClearPoints={p.onClearPoints}
        />
      </div>
      <div className="history-actions">
        <ExportControl station={station} sessionId={session.id} window={view.window} />
        <ReportControl station={station} sessionId={session.id} />
        <ReplayControl
          key={session.id}
          station={station}
          sessionId={session.id}
          window={view.window}
          onShowSession={p.onShowSession}
        />
      </div>
    </section>
  );
}
