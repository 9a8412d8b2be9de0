/**
 * Moves the WAL checkpoints off the station's thread. SQLite checkpoints in the commit that takes the
 * log past 1000 pages: at 20,000 readings/s beside an import that was a commit or two a second, each
 * holding the station's thread 10–45 ms to copy ~4 MB into the database file and sync it (the loop
 * bench's probe: the import's 5 ms slices ran to 22 ms, the live writer's flushes to 18). A thread of
 * its own (checkpoint-worker.ts) checkpoints every second instead, and the station's connection stops
 * checkpointing in its commits only once that thread has its connection open. If the thread cannot
 * be had, or dies, the station's commits checkpoint again as before: the log never grows unbounded.
 */
import type { Worker } from 'node:worker_threads';
import type { Db } from './database.js';
import type { CheckpointWorkerData, FromCheckpointWorker } from './checkpoint-messages.js';
import { startModuleWorker } from './module-worker.js';

/** SQLite's own default: what the station's commits go back to without the thread. */
const AUTOCHECKPOINT_PAGES = 1000;

export interface WalCheckpointerOptions {
  db: Db;
  dbPath: string;
  nativeBinding?: string | undefined;
  everyMs?: number;
  onCheckpoint?: (c: Extract<FromCheckpointWorker, { type: 'checkpointed' }>) => void;
  onError?: (message: string) => void;
}

export class WalCheckpointer {
  private worker: Worker | null = null;
  private closed = false;
  private failing = false;
  /** Whether the thread checkpoints now (and the station's commits do not). */
  active = false;

  constructor(private readonly o: WalCheckpointerOptions) {}

  start(): void {
    if (this.worker || this.closed || this.o.dbPath === ':memory:') return;
    const data: CheckpointWorkerData = {
      dbPath: this.o.dbPath,
      nativeBinding: this.o.nativeBinding,
      everyMs: this.o.everyMs ?? 1000,
    };
    const w = startModuleWorker(import.meta.url, 'checkpoint-worker', data);
    this.worker = w;
    // A checkpoint thread must never keep the process alive.
    w.unref();
    w.on('message', (m: FromCheckpointWorker) => {
      if (m.type === 'ready') this.handOver(true);
      else if (m.type === 'checkpointed') {
        this.failing = false;
        this.o.onCheckpoint?.(m);
      } else if (m.type === 'unavailable') this.o.onError?.(`WAL checkpoint thread unavailable: ${m.message}`);
      // On a full disk every checkpoint fails, one a second: said once, until one succeeds again.
      else if (!this.failing) {
        this.failing = true;
        this.o.onError?.(
          `WAL checkpoint failed: ${m.message} (the log keeps every commit; checkpoints resume when they can)`,
        );
      }
    });
    w.on('error', (e) => this.o.onError?.(`The WAL checkpoint thread failed: ${e.message}`));
    w.on('exit', () => {
      if (this.worker !== w) return;
      this.worker = null;
      this.handOver(false);
    });
  }

  /** Checkpoints go to the thread, or back to the station's commits. */
  private handOver(toThread: boolean): void {
    if (this.closed && toThread) return;
    try {
      this.o.db.pragma(`wal_autocheckpoint = ${toThread ? 0 : AUTOCHECKPOINT_PAGES}`);
      this.active = toThread;
    } catch (e) {
      // The station's connection is closed already: there are no commits left to checkpoint in.
      this.active = false;
      if (this.o.db.open) this.o.onError?.(`WAL checkpoints could not be handed over: ${(e as Error).message}`);
    }
  }

  /** Ends the thread; the station's connection checkpoints in its commits again until it closes. */
  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
    if (this.o.db.open) this.handOver(false);
  }
}
