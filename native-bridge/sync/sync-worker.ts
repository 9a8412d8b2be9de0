/**
 * The sync's worker thread: its own SQLite connection and MongoDB client, so reading a backlog of days
 * and encoding it as BSON never runs on the station's ingest thread. Speaks two messages with
 * sync-runner.ts: status out, stop in.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSecondConnection } from '../store/database.js';
import { SyncEngine } from './sync-engine.js';
import type { WorkerData, WorkerMessage } from './sync-runner.js';

const data = workerData as WorkerData;
const port = parentPort!;
const post = (m: WorkerMessage) => port.postMessage(m);

try {
  const db = openSecondConnection(data.dbPath, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {});
  const engine = new SyncEngine(db, data.config, (status) => post({ type: 'status', status }), {
    ...data.options,
    ...(data.trace ? { onBatch: (phase, stream, docs) => post({ type: 'batch', phase, stream, docs }) } : {}),
  });
  port.on('message', (m: { type: 'stop' }) => {
    if (m.type !== 'stop') return;
    void engine.stop().finally(() => {
      db.close();
      post({ type: 'stopped' });
      port.close();
    });
  });
  engine.start();
} catch (e) {
  post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  port.close();
}
