/**
 * Keeps the station core running for the desktop app. A core that dies is restarted (after a short,
 * growing delay) and the operator is told, in the UI's notice banner, both that it stopped and that it
 * is back; what the store had committed before the crash is on disk and the new core opens it again.
 * A core that keeps dying, or reports a fatal start-up error, is not restarted in a loop. Quitting
 * asks the core to flush and close its store, and kills it only if it does not finish in time.
 */
import { callError } from '../../native-bridge/contract/call-errors.js';
import type { ResultEnvelope } from '../../native-bridge/contract/envelope.js';
import type { Notice } from '../../native-bridge/contract/domain.js';
import type { HostMessage, SecretReply, SecretRequest } from '../ipc-channels.js';
import { CoreClient, type CoreChild } from './core-client.js';
import type { CoreCalls } from './ipc.js';

export interface SpawnedCore extends CoreChild {
  kill(): boolean;
}

export type CoreState = 'running' | 'restarting' | 'stopping' | 'stopped' | 'failed';

export interface SupervisorOptions {
  spawn: () => SpawnedCore;
  /** Delay before the 1st, 2nd, … restart after a crash; the last repeats. */
  restartDelaysMs?: readonly number[];
  /** More crashes than this within `crashWindowMs` and the core is left stopped. */
  maxCrashes?: number;
  crashWindowMs?: number;
  /** How long a quitting core may take to flush before it is killed. */
  shutdownTimeoutMs?: number;
  now?: () => number;
  /** Answers the core's questions about the sync URI (main's safeStorage, sync-secrets.ts). */
  secrets?: (request: SecretRequest) => Promise<SecretReply>;
}

/** Notices of the shell itself: negative ids, so they never collide with the core's own (1, 2, …). */
let nextShellNoticeId = -1;

export class CoreSupervisor implements CoreCalls {
  private child!: SpawnedCore;
  private client!: CoreClient;
  private readonly listeners = new Set<(event: string, payload: unknown) => void>();
  private readonly stateListeners = new Set<(state: CoreState) => void>();
  private crashes: number[] = [];
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private fatal: string | null = null;
  private stopped: Promise<void> | null = null;
  private markStopped: () => void = () => undefined;
  private restarts = 0;
  private _state: CoreState = 'running';
  private readonly opts: Required<SupervisorOptions>;

  constructor(opts: SupervisorOptions) {
    this.opts = {
      restartDelaysMs: [250, 1000, 3000, 10_000],
      maxCrashes: 5,
      crashWindowMs: 60_000,
      shutdownTimeoutMs: 10_000,
      now: Date.now,
      secrets: (r) => Promise.resolve({ type: 'secret-reply', id: r.id, ok: false, message: 'No keychain here.' }),
      ...opts,
    };
    this.launch();
  }

  get state(): CoreState {
    return this._state;
  }

  /** Resolves with the database path once the current core has started (rejects if it does not). */
  get ready(): Promise<string | null> {
    return this.client.ready;
  }

  private setState(s: CoreState): void {
    this._state = s;
    for (const l of this.stateListeners) l(s);
  }

  private launch(): void {
    this.fatal = null;
    const child = this.opts.spawn();
    const client = new CoreClient(child);
    this.child = child;
    this.client = client;
    client.ready.then(
      (dbPath) => {
        if (this.client === client && this.restarts > 0)
          this.notify(
            'info',
            'core.restarted',
            `The station core is running again${dbPath ? `, storing into ${dbPath}` : ''}.`,
          );
      },
      () => undefined,
    );
    client.onEvent((event, payload) => {
      if (this.client === client) this.emit(event, payload);
    });
    child.on('message', (m: HostMessage) => {
      if (m.type === 'fatal') this.fatal = m.message;
      if (m.type === 'secret')
        void this.opts.secrets(m).then((reply) => {
          try {
            if (this.child === child) child.postMessage(reply);
          } catch {
            // The core that asked is gone; its successor asks again.
          }
        });
    });
    child.on('exit', (code) => this.onExit(client, code));
  }

  private onExit(client: CoreClient, code: number): void {
    if (client !== this.client) return;
    if (this._state === 'stopping') {
      this.setState('stopped');
      this.markStopped();
      return;
    }
    if (this.fatal !== null) {
      this.notify('error', 'core.failed', `The station core could not start: ${this.fatal}`);
      this.setState('failed');
      return;
    }
    const now = this.opts.now();
    this.crashes = [...this.crashes.filter((t) => now - t < this.opts.crashWindowMs), now];
    if (this.crashes.length > this.opts.maxCrashes) {
      this.notify(
        'error',
        'core.failed',
        `The station core stopped ${this.crashes.length} times within a minute (last exit code ${code}) and is ` +
          'not restarted again. Readings stored so far are kept; restart the app.',
      );
      this.setState('failed');
      return;
    }
    const delays = this.opts.restartDelaysMs;
    const delay = delays[Math.min(this.crashes.length - 1, delays.length - 1)] ?? 0;
    this.notify(
      'warning',
      'core.exited',
      `The station core stopped unexpectedly (exit code ${code}); restarting it. Readings it had stored are ` +
        'kept; those of its last fraction of a second may be lost.',
    );
    this.setState('restarting');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.restarts++;
      this.launch();
      this.setState('running');
    }, delay);
  }

  private notify(level: Notice['level'], code: string, message: string): void {
    const notice: Notice = { id: nextShellNoticeId--, tMs: this.opts.now(), level, code, message };
    this.emit('onNotice', notice);
  }

  private emit(event: string, payload: unknown): void {
    for (const l of this.listeners) l(event, payload);
  }

  call(method: unknown, params: unknown, deadlineMs: unknown): Promise<ResultEnvelope> {
    if (this._state === 'running') return this.client.call(method, params, deadlineMs);
    const why =
      this._state === 'restarting'
        ? 'The station core is restarting; try again in a moment.'
        : 'The station core is not running.';
    return Promise.resolve({ ok: false, error: callError('core-exited', why) });
  }

  onEvent(listener: (event: string, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStateChange(listener: (state: CoreState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Starts the core again after a shutdown or a give-up (macOS re-activating the app). */
  start(): void {
    if (this._state === 'running' || this._state === 'restarting' || this._state === 'stopping') return;
    this.crashes = [];
    this.stopped = null;
    this.launch();
    this.setState('running');
  }

  /** Flushes and closes the store, then the process ends; resolves once it has (or was killed). */
  shutdown(): Promise<void> {
    if (this.stopped) return this.stopped;
    if (this.restartTimer) {
      clearTimeout(this.restartTimer);
      this.restartTimer = null;
    }
    if (this._state !== 'running') {
      this.setState(this._state === 'failed' ? 'failed' : 'stopped');
      this.stopped = Promise.resolve();
      return this.stopped;
    }
    this.stopped = new Promise<void>((resolve) => {
      const killTimer = setTimeout(() => this.child.kill(), this.opts.shutdownTimeoutMs);
      this.markStopped = () => {
        clearTimeout(killTimer);
        resolve();
      };
    });
    this.setState('stopping');
    try {
      this.client.shutdown();
    } catch {
      this.child.kill();
    }
    return this.stopped;
  }
}
