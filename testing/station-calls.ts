/**
 * The contract as the tests call it: through the one call adapter the transports use, with every
 * result held to its method's schema — a test that calls the core cannot pass on a result the UI's
 * types would not describe.
 */
import { createCallAdapter, type MethodHandlers, type ResultEnvelope } from '../native-bridge/contract/index.js';

export function callStation(
  core: { readonly handlers: MethodHandlers },
  method: string,
  params: unknown,
): Promise<ResultEnvelope> {
  return createCallAdapter(core.handlers, { validateResults: true })(method, params);
}

/** The call's result, or its error thrown with the method's name: for tests whose every call must work. */
export async function callResult<T>(
  core: { readonly handlers: MethodHandlers },
  method: string,
  params: unknown,
): Promise<T> {
  const r = await callStation(core, method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.result as T;
}
