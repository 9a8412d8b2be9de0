/**
 * Main-process side of the core host: correlates calls and results, relays events. Each call carries
 * its deadline, bounded by the contract's timeout policy, so the core host can refuse one that reaches
 * it late — while the core is still starting, say — and main stops waiting for it at the same time.
 */
import { callError, type ErrorInfo } from '../../native-bridge/contract/call-errors.js';
import { callTimeoutMs } from '../../native-bridge/contract/call-timeouts.js';
import type { ResultEnvelope } from '../../native-bridge/contract/envelope.js';
import { PendingCalls } from '../../native-bridge/contract/pending-calls.js';
import type { HostMessage, HostRequest } from '../ipc-channels.js';

/** The utility process as this client uses it (Electron's UtilityProcess, or a test's stand-in). */
export interface CoreChild {
  postMessage(message: HostRequest): void;
  on(event: 'message', listener: (message: HostMessage) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

/** The renderer's deadline, or the method's own limit if it asks for longer (or for nothing usable). */
export function boundedDeadline(method: string, deadlineMs: unknown, nowMs: number): number {
  const limit = nowMs + callTimeoutMs(method);
  return typeof deadlineMs === 'number' && deadlineMs <= limit ? deadlineMs : limit;
}

export class CoreClient {
  private readonly pending = new PendingCalls();
  private readonly eventListeners = new Set<(event: string, payload: unknown) => void>();
  private exited: ErrorInfo | null = null;
  readonly ready: Promise<string | null>;

  constructor(private readonly child: CoreChild) {
    this.ready = new Promise((resolve, reject) => {
      child.on('message', (m: HostMessage) => {
        switch (m.type) {
          case 'ready':
            resolve(m.dbPath);
            return;
          case 'fatal':
            reject(new Error(m.message));
            return;
          case 'result':
            this.pending.answer(m.id, m.ok ? { ok: true, result: m.result } : { ok: false, error: m.error });
            return;
          case 'event':
            for (const l of this.eventListeners) l(m.event, m.payload);
            return;
        }
      });
      child.on('exit', (code) => {
        reject(new Error(`station core exited with code ${code}`));
        this.exited = callError('core-exited', `The station core stopped (exit code ${code}).`);
        this.pending.failAll(this.exited);
      });
    });
  }

  /** Never rejects: the envelope says how the call ended. */
  call(method: unknown, params: unknown, deadlineMs: unknown): Promise<ResultEnvelope> {
    if (this.exited) return Promise.resolve({ ok: false, error: this.exited });
    const name = typeof method === 'string' ? method : '';
    const deadline = boundedDeadline(name, deadlineMs, Date.now());
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), Math.max(0, deadline - Date.now()));
    const { id, result } = this.pending.open(abort.signal);
    try {
      this.child.postMessage({ type: 'call', id, method: name, params, deadlineMs: deadline });
    } catch (e) {
      this.pending.fail(id, callError('core-exited', `The station core cannot be reached: ${(e as Error).message}`));
    }
    return result.finally(() => clearTimeout(timer));
  }

  onEvent(listener: (event: string, payload: unknown) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  shutdown(): void {
    this.child.postMessage({ type: 'shutdown' });
  }
}
