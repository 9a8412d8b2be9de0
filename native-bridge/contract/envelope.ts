/**
 * The one result envelope of a contract call, and the messages that carry calls, results and events
 * over a wire (the WebSocket, and the desktop app's core host). The envelope is data, never a throw,
 * so it crosses every boundary — contextBridge included — with its error code intact.
 */
import { z } from 'zod';
import type { ErrorInfo } from './call-errors.js';

export type ResultEnvelope<T = unknown> = { ok: true; result: T } | { ok: false; error: ErrorInfo };

export const callMessageSchema = z.object({
  type: z.literal('call'),
  id: z.number().int(),
  method: z.string(),
  params: z.unknown(),
});
export type CallMessage = z.infer<typeof callMessageSchema>;

/** A result on a wire: the envelope with the id of the call it answers (-1: a message that was not a call). */
export type ResultMessage = { type: 'result'; id: number } & ResultEnvelope;

export interface EventMessage {
  type: 'event';
  event: string;
  payload: unknown;
}

export type ServerMessage = ResultMessage | EventMessage;
