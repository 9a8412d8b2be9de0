/** Requests of the Live view: status, running statistics and the recent readings. */
import { z } from 'zod';
import { cellReadingSchema, seriesPointSchema, stationStatusSchema, statsSchema } from './domain.js';
import { corePulseSchema } from './core-pulse.js';
import { method } from './method.js';

export const LIVE_METHODS = {
  getStatus: method(z.object({}).strict(), stationStatusSchema),
  getStats: method(z.object({}).strict(), statsSchema),
  getLatestReadings: method(
    z.object({ limit: z.number().int().min(1).max(10_000).default(100) }).strict(),
    z.array(cellReadingSchema),
  ),
  getLiveSeries: method(
    z
      .object({
        windowS: z.number().int().min(10).max(3600).default(300),
        maxPoints: z.number().int().min(10).max(20_000).default(3000),
      })
      .strict(),
    z.array(seriesPointSchema),
  ),
  /** The core's proof of life (core-pulse.ts), also pushed every second as onCorePulse. */
  getCorePulse: method(z.object({}).strict(), corePulseSchema),
};
