/**
 * The WAL checkpoint thread: copies what the station committed to its write-ahead log into the
 * database file, on a connection of its own, so no commit on the station's thread does it. A passive
 * checkpoint takes no writer's lock: the station keeps committing while this one copies.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckpointWorkerData, FromCheckpointWorker } from './checkpoint-messages.js';
import { openSecondConnection } from './database.js';

const data = workerData as CheckpointWorkerData;
const port = parentPort!;
const post = (m: FromCheckpointWorker) => port.postMessage(m);

try {
  const db = openSecondConnection(data.dbPath, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {});
  // This connection writes nothing of its own: it must not checkpoint in a commit either.
  db.pragma('wal_autocheckpoint = 0');
  // With nothing new in the log a passive checkpoint reads only the shared index: cheap enough every time.
  let last = '';
  setInterval(() => {
    try {
      const [r] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
      // The counts stay as they are until a writer starts the log over: said once, not every tick.
      const seen = r ? `${r.log}/${r.checkpointed}` : '';
      if (r && r.checkpointed > 0 && seen !== last)
        post({
          type: 'checkpointed',
          atMs: Date.now(),
          walPages: r.log,
          copiedPages: r.checkpointed,
        });
      last = seen;
    } catch (e) {
      post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  }, data.everyMs);
  post({ type: 'ready' });
} catch (e) {
  post({ type: 'unavailable', message: e instanceof Error ? e.message : String(e) });
  port.close();
}
