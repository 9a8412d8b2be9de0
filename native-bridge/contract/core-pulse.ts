/**
 * The core's pulse: proof of life the UI shows beside the station's name. Pushed every second
 * (onCorePulse) and asked for once at start (getCorePulse). A pulse that stops coming means the core
 * is gone or stuck; a growing event-loop delay means it is alive but too busy to keep up.
 */
import { z } from 'zod';

export const corePulseSchema = z.object({
  atMs: z.number(),
  /** Host time of the newest data frame from any device; null before the first. */
  lastFrameAtMs: z.number().nullable(),
  framesIngested: z.number().int().min(0),
  /** How late the core's event loop ran over the last interval (Node's perf_hooks histogram), in ms. */
  eventLoopDelayMs: z.object({ mean: z.number().min(0), p99: z.number().min(0), max: z.number().min(0) }),
  uptimeS: z.number().min(0),
});
export type CorePulse = z.infer<typeof corePulseSchema>;

/** How often the core pushes its pulse; the UI calls it silent after a few of these go missing. */
export const CORE_PULSE_INTERVAL_MS = 1000;
