/**
 * The sync loop: connect, send every stream's batches round-robin until nothing is left, wait a
 * moment, look again. Any failure (server gone, network down, a bad password) is reported in plain
 * words and retried after an exponential backoff with jitter; the station's data stays where it is
 * until the server has it. Runs wherever it is given a connection: in the station it runs in its own
 * worker thread (sync-worker.ts), in tests in-process.
 */
import type { SyncStatus } from '../contract/index.js';
import type { Db } from '../store/database.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { describeSyncError, type SyncProblem } from './sync-errors.js';
import { MongoTarget, type MongoTargetOptions } from './mongo-target.js';
import { DEFAULT_BATCH_SIZES, SyncState, type BatchSizes, type SyncStream } from './sync-streams.js';

export interface SyncEngineConfig {
  uri: string;
  database: string;
  stationId: string;
}

export interface SyncEngineOptions {
  /** How often to look for new rows once everything is sent. */
  pollMs?: number;
  backoff?: BackoffOptions;
  target?: MongoTargetOptions;
  batchSizes?: Partial<BatchSizes>;
  /** Status updates while busy are sent at most this often (state changes go at once). */
  statusEveryMs?: number;
  /** Called around every batch (the crash test kills the station while one is in flight). */
  onBatch?: (phase: 'sending' | 'sent', stream: string, docs: number) => void;
}

type EngineStatus = Omit<SyncStatus, 'enabled' | 'database' | 'stationId'>;

const sleep = (ms: number, signal: { stopped: boolean; wake?: () => void }) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.wake = () => {
      clearTimeout(t);
      resolve();
    };
  });

export class SyncEngine {
  private readonly target: MongoTarget;
  private readonly state: SyncState;
  private readonly streams: SyncStream[];
  private readonly backoff: Backoff;
  private readonly signal: { stopped: boolean; wake?: () => void } = { stopped: false };
  private running: Promise<void> | null = null;
  private status: EngineStatus;
  private lastReportMs = 0;

  constructor(
    db: Db,
    private readonly config: SyncEngineConfig,
    private readonly onStatus: (s: EngineStatus) => void,
    private readonly o: SyncEngineOptions = {},
  ) {
    this.state = new SyncState(db);
    this.state.ensureStarted();
    const labels = { storeUid: this.state.storeUid, stationId: config.stationId };
    this.streams = this.state.streams(() => labels, { ...DEFAULT_BATCH_SIZES, ...o.batchSizes });
    this.target = new MongoTarget(config.uri, config.database, o.target);
    this.backoff = new Backoff(o.backoff);
    this.status = {
      state: 'connecting',
      connected: false,
      pending: this.pending(),
      lastSyncMs: null,
      lastError: null,
      nextRetryMs: null,
      readingsCollection: null,
      sentDocs: 0,
      prunedReadings: this.state.prunedReadings(),
    };
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Finishes the batch in flight (so its mark is recorded) and closes the connection. */
  async stop(graceMs = 2000): Promise<void> {
    this.signal.stopped = true;
    this.signal.wake?.();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((r) => (timer = setTimeout(r, graceMs)));
    await Promise.race([this.running, grace]);
    clearTimeout(timer);
    // Past the grace a write is hanging on a dead server: closing the client ends it.
    await this.target.close();
    await this.running;
  }

  current(): EngineStatus {
    return this.status;
  }

  private pending(): SyncStatus['pending'] {
    const by = Object.fromEntries(this.streams.map((s) => [s.name, s.pending()]));
    const n = (name: string) => by[name]?.count ?? 0;
    const frames = n('frames');
    const sessions = n('sessions') + n('deleted-sessions');
    const predictions = n('predictions');
    const alarmChanges = n('alarm_changes');
    const linkEvents = n('link_events');
    return {
      frames,
      sessions,
      predictions,
      alarmChanges,
      linkEvents,
      total: frames + sessions + predictions + alarmChanges + linkEvents,
      exact: Object.values(by).every((p) => p.exact),
    };
  }

  private report(patch: Partial<EngineStatus>, force = false): void {
    const stateChanged = patch.state !== undefined && patch.state !== this.status.state;
    this.status = { ...this.status, ...patch };
    const now = Date.now();
    if (!force && !stateChanged && now - this.lastReportMs < (this.o.statusEveryMs ?? 500)) return;
    this.lastReportMs = now;
    this.status = { ...this.status, pending: this.pending(), prunedReadings: this.state.prunedReadings() };
    this.onStatus(this.status);
  }

  private async loop(): Promise<void> {
    while (!this.signal.stopped) {
      try {
        if (!this.target.connected) {
          this.report({ state: 'connecting', connected: false });
          await this.target.connect();
          this.report({ connected: true, readingsCollection: this.target.readingsKind }, true);
        }
        await this.drain();
        if (this.signal.stopped) break;
        this.backoff.reset();
        this.report(
          { state: 'up-to-date', connected: true, lastSyncMs: Date.now(), lastError: null, nextRetryMs: null },
          true,
        );
        await sleep(this.o.pollMs ?? 1000, this.signal);
      } catch (e) {
        if (this.signal.stopped) break;
        await this.failed(describeSyncError(e, this.config.uri)).catch(async () => {
          // Reporting the failure can fail too (the pending count reads the store): the loop must
          // outlive it, or the sync stops for good while the status still says "retrying".
          await sleep(this.backoff.next(), this.signal);
        });
      }
    }
  }

  private async failed(p: SyncProblem): Promise<void> {
    // A refused login or a bad URI will not fix itself quickly: start the wait at its longest.
    if (!p.transient) while (this.backoff.attempts < 30) this.backoff.next();
    const delay = this.backoff.next();
    if (p.code !== 'sync.store') await this.target.close();
    this.report(
      {
        state: 'retrying',
        connected: false,
        lastError: { code: p.code, message: p.message, atMs: Date.now() },
        nextRetryMs: Date.now() + delay,
      },
      true,
    );
    await sleep(delay, this.signal);
  }

  /**
   * Round-robin over the streams, one batch each, until a round finds no full batch: the backlog is
   * gone, and what a live rig adds meanwhile goes with the next poll.
   */
  private async drain(): Promise<void> {
    for (let more = true; more && !this.signal.stopped;) {
      more = false;
      for (const s of this.streams) {
        if (this.signal.stopped) return;
        const b = s.next();
        if (!b) continue;
        more ||= b.more;
        this.o.onBatch?.('sending', s.name, b.docs.length);
        await this.target.write(b);
        b.commit();
        this.o.onBatch?.('sent', s.name, b.docs.length);
        this.report({ state: 'syncing', connected: true, sentDocs: this.status.sentDocs + b.docs.length });
      }
    }
  }
}
