/**
 * The single place where a request from any transport meets the core: the method must exist in the
 * contract and its params must pass the method's schema. Errors come back as data, never as throws,
 * so one bad request cannot take a transport down.
 */
import { isMethodName, METHODS, type ErrorInfo, type MethodName } from '../contract/index.js';
import type { StationCore } from './station.js';

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: ErrorInfo };

export async function dispatch(
  core: Pick<StationCore, 'handlers'>,
  method: unknown,
  params: unknown,
): Promise<DispatchResult> {
  if (!isMethodName(method))
    return { ok: false, error: { code: 'unknown-method', message: `Unknown method ${JSON.stringify(method)}` } };
  const parsed = METHODS[method].params.safeParse(params ?? {});
  if (!parsed.success)
    return {
      ok: false,
      error: {
        code: 'bad-params',
        message: `${method}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ')}`,
      },
    };
  try {
    const handler = core.handlers[method] as (p: unknown) => unknown;
    return { ok: true, result: await handler(parsed.data) };
  } catch (e) {
    const err = e as { code?: unknown; message?: string };
    return {
      ok: false,
      error: { code: typeof err.code === 'string' ? err.code : 'failed', message: err.message ?? String(e) },
    };
  }
}

export type { MethodName };
