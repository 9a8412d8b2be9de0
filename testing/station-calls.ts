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
