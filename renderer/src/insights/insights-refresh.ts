/** The Insights tab's refresh intervals: slower than the Live tab's, because a class changes slowly. */
import { parseOffered } from '../live/polling-schedule.js';

export const INSIGHTS_INTERVALS_S = [5, 10, 30, 60] as const;
export type InsightsIntervalS = (typeof INSIGHTS_INTERVALS_S)[number];
export const DEFAULT_INSIGHTS_INTERVAL_S: InsightsIntervalS = 10;

export function parseInsightsInterval(raw: unknown): InsightsIntervalS {
  return parseOffered(raw, INSIGHTS_INTERVALS_S, DEFAULT_INSIGHTS_INTERVAL_S);
}
