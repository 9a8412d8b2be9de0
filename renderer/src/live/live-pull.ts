/**
 * One Live refresh: the cards, table, chart and risk panel read in one call (getLiveView), so they come
 * from one moment of the station. Read as five calls they straddled a frame or two at a high sim
 * speed-up, and the cards could then disagree with the table or with the risk shown beside them.
 */
import type { MethodResult, StationApi } from '../../../native-bridge/contract/index.js';
import { liveSeriesMaxPoints } from './chart-series.js';

export const TABLE_ROWS = 100;

export type LivePull = MethodResult<'getLiveView'>;

/** `drawn`: what the chart drew last, so the pull asks for no more points than it can show. */
export function pullLive(
  station: StationApi,
  windowS: number,
  drawn: { cells: number; widthPx: number } | null,
): Promise<LivePull> {
  return station.getLiveView({
    limit: TABLE_ROWS,
    windowS,
    maxPoints: liveSeriesMaxPoints(drawn?.cells ?? 0, drawn?.widthPx ?? null),
  });
}
