/**
 * The single place where a call from any transport meets the core — the desktop app's core host, the
 * WebSocket, the REST routes and the tests all go through it: the method must be in the contract, its
 * params must pass the method's schema, and whatever the handler does comes back as a ResultEnvelope,
 * never a throw, so one bad request cannot take a transport (or the process) down. Browser-safe: it
 * knows the contract and a handler table, nothing of the station.
 */
import { callError, DOMAIN_CODE, type ErrorInfo } from './call-errors.js';
import { EncodedJson, type EncodedHandlers } from './encoded-json.js';
import type { ResultEnvelope } from './envelope.js';
import { isMethodName, METHODS, type MethodName, type MethodParams, type MethodResult } from './methods.js';
import { describeIssues, schemaProblem } from './schema-check.js';

export type MethodHandler<M extends MethodName> = (
  params: MethodParams<M>,
) => Promise<MethodResult<M>> | MethodResult<M>;

/** What the core implements: one handler per method of the contract. */
export type MethodHandlers = { [M in MethodName]: MethodHandler<M> };

export interface CallAdapterOptions {
  /**
   * Check every result against its method's schema (fields the schema lacks included) and answer
   * `bad-result` instead of a result that does not match. On in the tests; cheap enough for dev.
   */
  validateResults?: boolean;
  /**
   * Methods answered already encoded (a transport that writes JSON on a wire): their result is an
   * EncodedJson instead of the object. Params are checked the same way.
   */
  encoders?: EncodedHandlers;
}

/** Calls the core with a method name and params as they came off a wire; resolves, never rejects. */
export type CallAdapter = (method: unknown, params: unknown) => Promise<ResultEnvelope>;

/** A handler's words are kept, but not without bound: some quote a file or a library's error. */
const MAX_MESSAGE_CHARS = 1000;

function failure(e: unknown): ErrorInfo {
  const err = (typeof e === 'object' && e !== null ? e : {}) as { code?: unknown; message?: unknown };
  const code = typeof err.code === 'string' && DOMAIN_CODE.test(err.code) ? err.code : 'failed';
  const message = typeof err.message === 'string' && err.message !== '' ? err.message : 'The call failed.';
  return { code, message: message.slice(0, MAX_MESSAGE_CHARS) };
}

export function createCallAdapter(handlers: MethodHandlers, opts: CallAdapterOptions = {}): CallAdapter {
  return async (method, params) => {
    // Neither the method name nor the params are quoted back: they are the caller's, not ours.
    if (!isMethodName(method))
      return { ok: false, error: callError('unknown-method', 'No such method in the contract.') };
    const parsed = METHODS[method].params.safeParse(params ?? {});
    if (!parsed.success)
      return {
        ok: false,
        error: callError('bad-params', `${method}: ${describeIssues(parsed.error.issues, 'params')}`),
      };
    let result: unknown;
    try {
      const encode = opts.encoders?.[method] as ((p: unknown) => Promise<Uint8Array>) | undefined;
      result = encode
        ? new EncodedJson(await encode(parsed.data))
        : await (handlers[method] as (p: unknown) => unknown)(parsed.data);
    } catch (e) {
      return { ok: false, error: failure(e) };
    }
    if (opts.validateResults) {
      const problem = schemaProblem(METHODS[method].result, result instanceof EncodedJson ? result.decode() : result);
      if (problem) return { ok: false, error: callError('bad-result', `${method}: ${problem}`) };
    }
    return { ok: true, result };
  };
}
