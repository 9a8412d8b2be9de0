/**
 * A result that the thread which computed it already wrote as JSON (UTF-8), so the thread hosting the
 * core neither rebuilds its objects from a structured clone nor stringifies them again: for a chart's
 * series of ~800 KB that was 15–25 ms of the station's event loop per query, and the History tab asks
 * for several in a row. The WebSocket and REST transports write its bytes as they are; transports
 * without encoders (the desktop app's core host, the tests' in-process calls) get plain objects.
 */
import type { MethodName, MethodParams } from './methods.js';

const utf8 = new TextEncoder();

/**
 * A value as JSON in UTF-8. TextEncoder's buffer is the array's own (Buffer.from may hand out a slice
 * of a shared pool), so it can be transferred to another thread.
 */
export function encodeJson(value: unknown): Uint8Array {
  return utf8.encode(JSON.stringify(value));
}

export class EncodedJson {
  constructor(readonly bytes: Uint8Array) {}

  /** The value itself (result checks, and a transport that needs objects after all). */
  decode(): unknown {
    return JSON.parse(new TextDecoder().decode(this.bytes));
  }
}

/** Methods whose result can be had already encoded, each resolving to the JSON of its result. */
export type EncodedHandlers = { [M in MethodName]?: (params: MethodParams<M>) => Promise<Uint8Array> };
