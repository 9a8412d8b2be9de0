/** Requests of the Live view: status, running statistics and the recent readings. */
import { z } from 'zod';
import { cellReadingSchema, seriesPointSchema, stationStatusSchema, statsSchema } from './domain.js';
import { corePulseSchema } from './core-pulse.js';
import { method } from './method.js';
import { predictionsUpdateSchema } from './ml-methods.js';

const timeMs = z.number().min(0).max(8.64e15);

/** getLiveSeries' bounds on maxPoints (the renderer asks within them, renderer/src/live/chart-series.ts). */
export const LIVE_SERIES_MIN_POINTS = 10;
export const LIVE_SERIES_MAX_POINTS = 20_000;

const readingsLimit = z.number().int().min(1).max(10_000).default(100);
const seriesParams = {
  windowS: z.number().int().min(10).max(3600).default(300),
  maxPoints: z.number().int().min(LIVE_SERIES_MIN_POINTS).max(LIVE_SERIES_MAX_POINTS).default(3000),
};

export const LIVE_METHODS = {
  getStatus: method(z.object({}).strict(), stationStatusSchema),
  /**
   * The stat cards: over the current devices' newest readings, or with `windowS` over every reading
   * of the last that many seconds (totals, means, extremes; the current is the mean of the window).
   */
  getStats: method(z.object({ windowS: z.number().int().min(1).max(86_400).optional() }).strict(), statsSchema),
  /** The recent readings kept in memory, newest first, optionally of one device, one cell, a time window. */
  getLatestReadings: method(
    z
      .object({
        limit: readingsLimit,
        deviceId: z.string().max(64).optional(),
        cell: z.number().int().min(1).max(32).optional(),
        fromMs: timeMs.optional(),
        toMs: timeMs.optional(),
      })
      .strict(),
    z.array(cellReadingSchema),
  ),
  /** The newest reading of every cell (of one device). */
  getLatestByCell: method(z.object({ deviceId: z.string().max(64).optional() }).strict(), z.array(cellReadingSchema)),
  getLiveSeries: method(z.object(seriesParams).strict(), z.array(seriesPointSchema)),
  /**
   * One Live refresh: status, the table's newest `limit` readings, each cell's newest, the chart's series
   * and the predictions, all read at one moment of the core. Asked as five calls they straddled a frame
   * or two at a high sim speed-up, where a heated cell moves degrees between frames, and the cards then
   * disagreed with the table or the risk beside them.
   */
  getLiveView: method(
    z.object({ limit: readingsLimit, ...seriesParams }).strict(),
    z.object({
      status: stationStatusSchema,
      readings: z.array(cellReadingSchema),
      /** Each cell's newest reading: what the cards judge against the limits (the table may hold fewer cells). */
      latestByCell: z.array(cellReadingSchema),
      series: z.array(seriesPointSchema),
      predictions: predictionsUpdateSchema,
    }),
  ),
  /** The core's proof of life (core-pulse.ts), also pushed every second as onCorePulse. */
  getCorePulse: method(z.object({}).strict(), corePulseSchema),
};
