/**
 * The one error of a contract call, as data (`ErrorInfo`) and, on the caller's side, as a thrown
 * `StationCallError`. Its code is stable so the UI and scripts can key on it; its message is for a
 * person. Every code a call can fail with is listed here.
 */
import { z } from 'zod';

/**
 * Codes the call path itself answers with: the adapter, the transports and the shells around them.
 * A handler's own failure keeps its domain code (see DOMAIN_CODE); anything else is `failed`.
 */
export const CALL_ERROR_CODES = {
  /** The method is not in the contract (METHODS). */
  'unknown-method': 'the method is not in the contract',
  /** The params failed the method's schema; the message names the fields, never their values. */
  'bad-params': "the params do not match the method's schema",
  /** The core answered something its own result schema refuses (only when results are validated). */
  'bad-result': "the core's answer does not match the method's result schema",
  /** The handler threw without a domain code, or a transport failed unexpectedly. */
  failed: 'the core could not carry out the call',
  /** No answer within the method's time limit (call-timeouts.ts); the call was dropped if not yet sent. */
  timeout: 'no answer within the time limit',
  /** The WebSocket dropped while the call was in flight: it may or may not have run. */
  disconnected: 'the connection to the station dropped',
  /** The desktop app's core process stopped while the call was in flight. */
  'core-exited': 'the station core stopped',
  /** The IPC call came from a frame that is not the station's own window. */
  forbidden: 'the caller is not allowed to call the core',
  /** A WebSocket message that is not JSON. */
  'bad-json': 'the message is not JSON',
  /** A WebSocket message that is JSON but not `{type:"call", id, method, params}`. */
  'bad-envelope': 'the message is not a call',
} as const;

export type CallErrorCode = keyof typeof CALL_ERROR_CODES;

/**
 * A handler's own codes are namespaced by the part of the core that raised them (`session.not-found`,
 * `store.unavailable`, `history.bad-window`, `replay.failed`, …) and pass through unchanged. Codes of
 * other shapes (`ENOENT`, `SQLITE_BUSY`) are library internals, answered as `failed`.
 */
export const DOMAIN_CODE = /^[a-z]+(?:\.[a-z0-9-]+)+$/;

export const errorInfoSchema = z.object({ code: z.string(), message: z.string() });
/** `code` is a CallErrorCode or a domain code (DOMAIN_CODE). */
export type ErrorInfo = z.infer<typeof errorInfoSchema>;

export function callError(code: CallErrorCode, message: string): ErrorInfo {
  return { code, message };
}

/** The error a caller catches, whichever transport carried the call. */
export class StationCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'StationCallError';
  }
}
