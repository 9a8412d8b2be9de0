/**
 * The core host's side of a call from main. Calls may arrive before the core has started (main sends
 * as soon as the window asks); they wait for it, and one whose deadline has passed by the time the
 * core could run it is answered `timeout` and never run: its caller was already told it failed.
 */
import type { CallAdapter } from '../../native-bridge/contract/call-adapter.js';
import { callError } from '../../native-bridge/contract/call-errors.js';
import type { CallMessage, ResultMessage } from '../../native-bridge/contract/envelope.js';

export type HostCall = CallMessage & { deadlineMs: number };

export function hostCalls(
  adapter: Promise<CallAdapter>,
  post: (m: ResultMessage) => void,
  nowMs: () => number = Date.now,
): (msg: HostCall) => Promise<void> {
  return async (msg) => {
    let call: CallAdapter;
    try {
      call = await adapter;
    } catch {
      return post({
        type: 'result',
        id: msg.id,
        ok: false,
        error: callError('core-exited', 'The station core did not start.'),
      });
    }
    if (!(nowMs() < msg.deadlineMs))
      return post({
        type: 'result',
        id: msg.id,
        ok: false,
        error: callError('timeout', 'The call reached the core after its caller stopped waiting; it was not run.'),
      });
    post({ type: 'result', id: msg.id, ...(await call(msg.method, msg.params)) });
  };
}
