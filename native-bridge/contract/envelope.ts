/** Message envelopes shared by the WebSocket transport and the Electron core host. */
import { z } from 'zod';

export const callEnvelopeSchema = z.object({
  type: z.literal('call'),
  id: z.number().int(),
  method: z.string(),
  params: z.unknown(),
});
export type CallEnvelope = z.infer<typeof callEnvelopeSchema>;

export const errorInfoSchema = z.object({ code: z.string(), message: z.string() });
export type ErrorInfo = z.infer<typeof errorInfoSchema>;

export type ResultEnvelope =
  | { type: 'result'; id: number; ok: true; result: unknown }
  | { type: 'result'; id: number; ok: false; error: ErrorInfo };

export interface EventEnvelope {
  type: 'event';
  event: string;
  payload: unknown;
}

export type ServerEnvelope = ResultEnvelope | EventEnvelope;

/** Error a transport raises on the caller's side, keeping the core's code. */
export class StationCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'StationCallError';
  }
}
