/**
 * The one registry of UI → core requests. Transports (IPC, WebSocket) carry `{ method, params }` and
 * validate params against these schemas before the core sees them; the renderer's StationApi is built
 * from the same table, so a method exists everywhere or nowhere.
 */
import { z } from 'zod';
import { cellReadingSchema, seriesPointSchema, stationStatusSchema, statsSchema } from './domain.js';

function method<P extends z.ZodType, R extends z.ZodType>(params: P, result: R) {
  return { params, result };
}

export const METHODS = {
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
};

export type MethodName = keyof typeof METHODS;
export type MethodParams<M extends MethodName> = z.input<(typeof METHODS)[M]['params']>;
export type MethodResult<M extends MethodName> = z.output<(typeof METHODS)[M]['result']>;
export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];

export function isMethodName(s: unknown): s is MethodName {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(METHODS, s);
}
