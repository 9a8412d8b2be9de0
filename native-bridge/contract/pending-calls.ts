/**
 * The calls a wire carries and has not answered yet, by id: the WebSocket transport and the desktop
 * app's core client both keep one. A call settles exactly once — with its answer, with the failure of
 * the wire, or as `timeout` once its caller stops waiting — and a late answer finds nobody.
 */
import { callError, type ErrorInfo } from './call-errors.js';
import type { ResultEnvelope } from './envelope.js';

export class PendingCalls {
  private nextId = 1;
  private readonly waiting = new Map<number, (e: ResultEnvelope) => void>();

  /** A new call id and its envelope to come; `signal` aborting settles it as `timeout`. */
  open(signal?: AbortSignal): { id: number; result: Promise<ResultEnvelope> } {
    const id = this.nextId++;
    const result = new Promise<ResultEnvelope>((resolve) => {
      const onAbort = () => settle({ ok: false, error: callError('timeout', 'The caller stopped waiting.') });
      const settle = (e: ResultEnvelope) => {
        signal?.removeEventListener('abort', onAbort);
        this.waiting.delete(id);
        resolve(e);
      };
      this.waiting.set(id, settle);
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
    return { id, result };
  }

  /** Settles a call with its answer; false when nobody waits for that id any more. */
  answer(id: number, envelope: ResultEnvelope): boolean {
    const settle = this.waiting.get(id);
    settle?.(envelope);
    return settle !== undefined;
  }

  fail(id: number, error: ErrorInfo): void {
    this.answer(id, { ok: false, error });
  }

  failAll(error: ErrorInfo): void {
    for (const id of [...this.waiting.keys()]) this.fail(id, error);
  }

  has(id: number): boolean {
    return this.waiting.has(id);
  }

  get size(): number {
    return this.waiting.size;
  }
}
