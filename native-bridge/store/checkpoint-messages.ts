/** The messages between the station and its WAL checkpoint thread (checkpoint-worker.ts). */
export interface CheckpointWorkerData {
  dbPath: string;
  nativeBinding?: string | undefined;
  everyMs: number;
}

export type FromCheckpointWorker =
  /** The connection is open: the station's own may stop checkpointing in its commits. */
  | { type: 'ready' }
  /** A checkpoint that copied pages: the log's size and what it copied (for the store's info). */
  | { type: 'checkpointed'; atMs: number; walPages: number; copiedPages: number }
  /** A checkpoint failed (a full disk, the file gone): the WAL keeps the data, the next one tries again. */
  | { type: 'failed'; message: string }
  /** The thread could not open the database: the station checkpoints in its commits as before. */
  | { type: 'unavailable'; message: string };
