/**
 * The core host's SecretStore in the desktop app: each get and set is a message to main, which alone
 * has Electron's safeStorage (sync-secrets.ts). Electron-free, so the host runs it under plain Node in
 * the tests too. A main that never answers (it is quitting) fails the call after a while rather than
 * hanging the sync's start-up.
 */
import type { SecretStore } from '../../native-bridge/station/station-sync.js';
import type { SecretReply, SecretRequest } from '../ipc-channels.js';

const ANSWER_WITHIN_MS = 15_000;

type Waiter = { resolve: (value: string | null) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

export class BridgedSecretStore implements SecretStore {
  readonly kind = 'os-keychain' as const;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiter>();

  constructor(
    private readonly post: (m: SecretRequest) => void,
    private readonly answerWithinMs = ANSWER_WITHIN_MS,
  ) {}

  get(): Promise<string | null> {
    return this.ask({ op: 'get' });
  }

  async set(value: string | null): Promise<void> {
    await this.ask({ op: 'set', value });
  }

  /** A reply from main; one for no pending request (a late answer after the timeout) is dropped. */
  answer(reply: SecretReply): void {
    const w = this.waiting.get(reply.id);
    if (!w) return;
    this.waiting.delete(reply.id);
    clearTimeout(w.timer);
    if (reply.ok && (reply.value === null || typeof reply.value === 'string')) w.resolve(reply.value);
    else w.reject(new Error(reply.ok ? 'The desktop app answered with no URI.' : String(reply.message)));
  }

  private ask(req: { op: 'get' } | { op: 'set'; value: string | null }): Promise<string | null> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(
          new Error(`The desktop app did not answer about the OS keychain within ${this.answerWithinMs / 1000} s.`),
        );
      }, this.answerWithinMs);
      timer.unref?.();
      this.waiting.set(id, { resolve, reject, timer });
      this.post({ type: 'secret', id, ...req });
    });
  }
}

export function isSecretReply(m: unknown): m is SecretReply {
  const r = m as { type?: unknown; id?: unknown; ok?: unknown } | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    r.type === 'secret-reply' &&
    Number.isInteger(r.id) &&
    typeof r.ok === 'boolean'
  );
}
