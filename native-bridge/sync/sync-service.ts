/**
 * The sync as the station core sees it: settings (off by default), the URI kept in a SecretStore and
 * never handed out unmasked, "Test connection", the runner's status, and the contract's sync methods.
 * Settings other than the URI live in the database's `settings` table (key `sync`), written through
 * the store writer like every other setting.
 */
import { hostname } from 'node:os';
import type { MethodParams, MethodResult, SyncSettings, SyncStatus, SyncTestResult } from '../contract/index.js';
import { SYNC_METHODS } from '../contract/sync-methods.js';
import type { Db } from '../store/database.js';
import type { StoreWriter } from '../store/store-writer.js';
import type { SecretStore } from './secret-store.js';
import { Backoff } from './backoff.js';
import { describeSyncError } from './sync-errors.js';
import { probeServer } from './mongo-target.js';
import {
  startInProcessRunner,
  startWorkerRunner,
  type EngineStatus,
  type RunnerHooks,
  type SyncRunner,
  type WorkerData,
} from './sync-runner.js';
import { maskUri } from './uri-mask.js';

interface StoredSettings {
  enabled: boolean;
  database: string;
  stationId: string;
}

export interface SyncServiceOptions {
  db: Db | null;
  dbPath: string | null;
  writer: StoreWriter | null;
  secrets: SecretStore;
  nativeBinding?: string;
  /** Pushed whenever the status changes, at most about once a second. */
  onStatus?: (s: SyncStatus) => void;
  engine?: WorkerData['options'];
  /** Run the engine on this thread instead of a worker (tests). */
  inProcess?: boolean;
  /** Reports each batch sent (the crash test's timing); also turned on by STATION_SYNC_TRACE=1. */
  onBatch?: (phase: 'sending' | 'sent', stream: string, docs: number) => void;
  /** Starts the runner in place of the worker or in-process one (unit tests of the restart). */
  startRunner?: (data: WorkerData, hooks: RunnerHooks) => SyncRunner;
  /** The wait before a runner that died is started again (doubling, with jitter). */
  revive?: { baseMs?: number; maxMs?: number };
}

type SyncMethodName = keyof typeof SYNC_METHODS;
export type SyncHandlers = {
  [M in SyncMethodName]: (params: MethodParams<M>) => Promise<MethodResult<M>> | MethodResult<M>;
};

export const DEFAULT_SYNC_DATABASE = 'ev_station';
const EVENT_EVERY_MS = 1000;

/** A station id from the host name, cut to what the id allows. */
export function defaultStationId(): string {
  const h = hostname()
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 64);
  return h.length > 0 ? h : 'station';
}

const EMPTY_PENDING: SyncStatus['pending'] = {
  frames: 0,
  sessions: 0,
  predictions: 0,
  alarmChanges: 0,
  linkEvents: 0,
  total: 0,
  exact: true,
};

export class SyncService {
  private settings: StoredSettings;
  private uri: string | null = null;
  private runner: SyncRunner | null = null;
  private engineStatus: EngineStatus | null = null;
  private lastEventMs = 0;
  private eventTimer: NodeJS.Timeout | undefined;
  private failure: string | null = null;
  private reviveTimer: NodeJS.Timeout | undefined;
  private reviveAtMs: number | null = null;
  private readonly reviveBackoff: Backoff;
  private loaded: Promise<void> = Promise.resolve();
  /** The stored URI could not be read (the keychain refused it): said in the status, not swallowed. */
  private secretProblem: SyncStatus['lastError'] = null;
  private closed = false;
  /** Serialises restarts: settings changes and close never overlap a start. */
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly o: SyncServiceOptions) {
    this.settings = { enabled: false, database: DEFAULT_SYNC_DATABASE, stationId: defaultStationId(), ...this.read() };
    this.reviveBackoff = new Backoff({ baseMs: o.revive?.baseMs ?? 2000, maxMs: o.revive?.maxMs ?? 60_000 });
  }

  /** Loads the URI and starts syncing if it is switched on. */
  async start(): Promise<void> {
    this.loaded = this.o.secrets.get().then(
      (uri) => {
        this.uri = uri;
      },
      (e: unknown) => {
        this.secretProblem = { code: 'sync.secret', message: (e as Error).message, atMs: Date.now() };
      },
    );
    await this.loaded;
    await this.restart();
  }

  async getSettings(): Promise<SyncSettings> {
    // The desktop app's store answers over a port: a call right after start-up must not read "no URI".
    await this.loaded;
    return {
      enabled: this.settings.enabled,
      uriMasked: this.uri === null ? null : maskUri(this.uri),
      database: this.settings.database,
      stationId: this.settings.stationId,
      secretStorage: this.o.secrets.kind,
      secretStorageWarning: this.o.secrets.warning ?? null,
    };
  }

  async setSettings(p: MethodParams<'setSyncSettings'>): Promise<SyncSettings> {
    await this.loaded;
    if (p.uri !== undefined) {
      await this.o.secrets.set(p.uri);
      this.uri = p.uri;
      this.secretProblem = null;
    }
    this.settings = {
      enabled: p.enabled ?? this.settings.enabled,
      database: p.database ?? this.settings.database,
      stationId: p.stationId ?? this.settings.stationId,
    };
    this.persist();
    await this.restart();
    return this.getSettings();
  }

  async test(p: MethodParams<'testSyncConnection'>): Promise<SyncTestResult> {
    await this.loaded;
    const uri = p.uri ?? this.uri;
    if (!uri) return { ok: false, message: 'No MongoDB URI is set.', serverVersion: null, latencyMs: null };
    const database = p.database ?? this.settings.database;
    try {
      const r = await probeServer(uri, database);
      return {
        ok: true,
        message: `Connected to ${r.serverVersion ? `MongoDB-compatible server ${r.serverVersion}` : 'the server'} in ${r.latencyMs} ms; database "${database}" is usable.`,
        serverVersion: r.serverVersion,
        latencyMs: r.latencyMs,
      };
    } catch (e) {
      return { ok: false, message: describeSyncError(e, uri).message, serverVersion: null, latencyMs: null };
    }
  }

  status(): SyncStatus {
    const base = {
      enabled: this.settings.enabled,
      database: this.settings.database,
      stationId: this.settings.stationId,
    };
    const idle = {
      connected: false,
      pending: EMPTY_PENDING,
      lastSyncMs: null,
      lastError: null,
      nextRetryMs: null,
      readingsCollection: null,
      sentDocs: 0,
      prunedReadings: 0,
    };
    if (!this.o.db || !this.o.dbPath) return { ...base, ...idle, state: 'unavailable' };
    if (!this.settings.enabled)
      return { ...base, ...idle, ...(this.engineStatus ?? {}), connected: false, state: 'off' };
    if (this.uri === null) return { ...base, ...idle, state: 'not-configured', lastError: this.secretProblem };
    if (this.failure)
      return {
        ...base,
        ...idle,
        state: 'retrying',
        lastError: { code: 'sync.error', message: this.failure, atMs: Date.now() },
        nextRetryMs: this.reviveAtMs,
      };
    return { ...base, ...idle, ...(this.engineStatus ?? { state: 'connecting' as const }) };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.eventTimer);
    clearTimeout(this.reviveTimer);
    await this.enqueue(() => this.stopRunner());
  }

  readonly handlerTable: SyncHandlers = {
    getSyncSettings: () => this.getSettings(),
    setSyncSettings: (p) => this.setSettings(p),
    testSyncConnection: (p) => this.test(p),
    getSyncStatus: () => this.status(),
  };

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(step).catch((e: unknown) => {
      this.failure = `The sync could not start: ${e instanceof Error ? e.message : String(e)}`;
      this.scheduleRevive();
      this.emitSoon();
    });
    return this.chain;
  }

  private restart(): Promise<void> {
    clearTimeout(this.reviveTimer);
    // A cleared handle is still truthy: left here, scheduleRevive would never schedule again.
    this.reviveTimer = undefined;
    this.reviveAtMs = null;
    return this.enqueue(async () => {
      await this.stopRunner();
      this.engineStatus = null;
      this.failure = null;
      if (this.closed || !this.settings.enabled || this.uri === null || !this.o.db || !this.o.dbPath) {
        this.emitSoon();
        return;
      }
      const data: WorkerData = {
        dbPath: this.o.dbPath,
        ...(this.o.nativeBinding ? { nativeBinding: this.o.nativeBinding } : {}),
        config: { uri: this.uri, database: this.settings.database, stationId: this.settings.stationId },
        options: this.o.engine ?? {},
        trace: Boolean(this.o.onBatch) || process.env.STATION_SYNC_TRACE === '1',
      };
      let loggedErrorAt = 0;
      const hooks = {
        onStatus: (s: EngineStatus) => {
          this.engineStatus = s;
          if (s.state === 'up-to-date') this.reviveBackoff.reset();
          if (data.trace && s.lastError && s.lastError.atMs !== loggedErrorAt) {
            loggedErrorAt = s.lastError.atMs;
            console.log(`[sync] error ${s.lastError.code}: ${s.lastError.message}`);
          }
          this.emitSoon();
        },
        onFailed: (message: string) => {
          this.failure = `The sync worker stopped: ${message}`;
          this.scheduleRevive();
          this.emitSoon();
        },
        onBatch:
          this.o.onBatch ??
          ((phase: string, stream: string, docs: number) => console.log(`[sync] ${phase} ${stream} ${docs}`)),
      };
      const start = this.o.startRunner ?? (this.o.inProcess ? startInProcessRunner : startWorkerRunner);
      this.runner = start(data, hooks);
      this.emitSoon();
    });
  }

  /**
   * A sync that died stays dead until someone changes a setting, unless it is started again: the
   * station may run for weeks unattended, and the server's copy would silently fall behind.
   */
  private scheduleRevive(): void {
    if (this.closed || this.reviveTimer) return;
    const delay = this.reviveBackoff.next();
    this.reviveAtMs = Date.now() + delay;
    this.reviveTimer = setTimeout(() => {
      this.reviveTimer = undefined;
      void this.restart();
    }, delay);
    this.reviveTimer.unref?.();
  }

  private async stopRunner(): Promise<void> {
    const r = this.runner;
    this.runner = null;
    await r?.stop();
  }

  /** Status events, coalesced to one a second; the last state always goes out. */
  private emitSoon(): void {
    if (!this.o.onStatus || this.eventTimer) return;
    const wait = Math.max(0, this.lastEventMs + EVENT_EVERY_MS - Date.now());
    this.eventTimer = setTimeout(() => {
      this.eventTimer = undefined;
      this.lastEventMs = Date.now();
      this.o.onStatus?.(this.status());
    }, wait);
    this.eventTimer.unref?.();
  }

  private read(): Partial<StoredSettings> {
    try {
      const raw = this.o.db?.prepare(`SELECT value FROM settings WHERE key = 'sync'`).pluck().get() as
        string | undefined;
      if (!raw) return {};
      const v = JSON.parse(raw) as Record<string, unknown>;
      const out: Partial<StoredSettings> = {};
      if (typeof v.enabled === 'boolean') out.enabled = v.enabled;
      if (typeof v.database === 'string' && v.database) out.database = v.database;
      if (typeof v.stationId === 'string' && v.stationId) out.stationId = v.stationId;
      return out;
    } catch {
      return {};
    }
  }

  private persist(): void {
    const w = this.o.writer;
    if (!w) return;
    const value = JSON.stringify(this.settings);
    w.enqueue((db) =>
      db
        .prepare(
          `INSERT INTO settings (key, value) VALUES ('sync', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
        )
        .run(value),
    );
    w.flush();
  }
}

/**
 * The sync methods for the core's handler table; they exist whether or not the store opened (the
 * contract is the same everywhere), and say so when there is nothing to sync.
 */
export function syncHandlers(get: () => SyncService | null): SyncHandlers {
  const none = () => {
    throw Object.assign(new Error('Sync is not available: the database could not be opened.'), {
      code: 'sync.unavailable',
    });
  };
  return {
    getSyncSettings: () => get()?.getSettings() ?? none(),
    setSyncSettings: (p) => get()?.setSettings(p) ?? none(),
    testSyncConnection: (p) => get()?.test(p) ?? none(),
    getSyncStatus: () => get()?.status() ?? none(),
  };
}
