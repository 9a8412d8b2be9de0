/**
 * MongoDB sync (issue 15), against the same server in the same run (FerretDB 1.24 on SQLite, started
 * here, or MONGO_TEST_URI):
 *   - sync throughput: a station file of 16-cell frames drained by the sync engine from an empty
 *     server, in reading documents per second, beside a bare `insertMany` of the same documents
 *     (built beforehand, batches of 1,000) into a fresh collection — the server's own floor;
 *   - ingest while a backlog drains: the station's writer taking frames (batches of 2,000, as the
 *     insert bench) while the sync worker thread sends a backlog from the same file, beside the same
 *     ingest with the sync off, in readings per second.
 *
 *   npx tsx bench/sync-bench.ts [frames=10000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type Document } from 'mongodb';
import { uniformStream } from '../native-bridge/sim/prng.js';
import { openSecondConnection } from '../native-bridge/store/database.js';
import { StoreWriter } from '../native-bridge/store/store-writer.js';
import { SyncEngine } from '../native-bridge/sync/sync-engine.js';
import { startWorkerRunner, type EngineStatus } from '../native-bridge/sync/sync-runner.js';
import { fillSession, syntheticFrame } from '../testing/history/fill.js';
import { startTestMongo } from '../testing/sync/mongo-server.js';
import { expectedReadings, openStationDb, storeUidOf, uniqueDbName } from '../testing/sync/sync-fixture.js';
import { isMain, printFigures, type HistoryBenchFigure } from './history/bench-figure.js';

const CELLS = 16;
const T0 = Date.UTC(2024, 0, 1);

function stationFile(frames: number) {
  const dir = mkdtempSync(join(tmpdir(), 'station-sync-bench-'));
  const station = openStationDb(dir);
  fillSession(station.writer, { cells: CELLS, periodMs: 100, frames, t0: T0 });
  return {
    ...station,
    close() {
      station.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const waitUntil = async (probe: () => boolean, timeoutMs: number, what: string) => {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Readings per second the writer takes in `frames` frames, flushing every 2,000 like a busy station. */
function ingestRate(writer: StoreWriter, frames: number, seed: number): number {
  const rand = uniformStream(seed);
  const o = { deviceId: `INGEST-${seed}`, cells: CELLS, periodMs: 100, frames, t0: T0 + 1e9 * seed };
  const t0 = performance.now();
  for (let i = 0; i < frames; i++) {
    writer.addSample(syntheticFrame(o, i, rand));
    if ((i + 1) % 2000 === 0) writer.flush(true);
  }
  writer.flush(true);
  return (frames * CELLS) / ((performance.now() - t0) / 1000);
}

export async function runSyncBench(frames = 10_000): Promise<HistoryBenchFigure[]> {
  const server = await startTestMongo();
  const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  const figures: HistoryBenchFigure[] = [];
  try {
    // Sync throughput beside a bare insertMany of the same documents.
    const a = stationFile(frames);
    const database = uniqueDbName('syncbench');
    const docs = [...expectedReadings(a.db, { storeUid: storeUidOf(a.db), stationId: 'bench' }).values()];
    const bare = client.db(database).collection<Document>('bare');
    const b0 = performance.now();
    for (let i = 0; i < docs.length; i += 1000) await bare.insertMany(docs.slice(i, i + 1000), { ordered: false });
    const bareRate = docs.length / ((performance.now() - b0) / 1000);
    const conn = openSecondConnection(a.path);
    let last: EngineStatus | null = null;
    const s0 = performance.now();
    const engine = new SyncEngine(conn, { uri: server.uri, database, stationId: 'bench' }, (s) => (last = s), {
      pollMs: 20,
      statusEveryMs: 20,
    });
    engine.start();
    await waitUntil(() => last?.state === 'up-to-date' && last.pending.total === 0, 600_000, 'the sync to drain');
    const syncRate = frames / ((performance.now() - s0) / 1000);
    await engine.stop();
    conn.close();
    figures.push({
      label: `sync throughput, ${frames.toLocaleString('en-US')} frames × ${CELLS} cells (${server.kind})`,
      value: syncRate,
      unit: 'docs/s',
      baseline: { label: 'bare insertMany of the same documents', value: bareRate },
    });
    a.close();

    // Ingest with and without a backlog draining from the same file.
    const ingestFrames = 40_000;
    const c = stationFile(frames);
    const alone = ingestRate(c.writer, ingestFrames, 1);
    let status: EngineStatus | null = null;
    const runner = startWorkerRunner(
      {
        dbPath: c.path,
        config: { uri: server.uri, database: uniqueDbName('syncbench'), stationId: 'bench' },
        options: { pollMs: 20, statusEveryMs: 20 },
        trace: false,
      },
      { onStatus: (s) => (status = s), onFailed: (m) => console.error(`sync worker: ${m}`) },
    );
    await waitUntil(() => (status?.sentDocs ?? 0) > 0, 120_000, 'the worker to start sending');
    // Read from the file: the worker's status messages wait while the ingest loop holds this thread.
    const sentMark = c.db.prepare(`SELECT last_id FROM sync_marks WHERE stream = 'frames'`).pluck();
    const sentBefore = sentMark.get() as number;
    const during = ingestRate(c.writer, ingestFrames, 2);
    const sentDuring = (sentMark.get() as number) - sentBefore;
    await runner.stop();
    c.close();
    figures.push({
      label: `ingest while the sync worker drains a backlog (${sentDuring.toLocaleString('en-US')} frames sent meanwhile; the server shares the machine)`,
      value: during,
      unit: 'readings/s',
      baseline: { label: 'the same ingest, sync off', value: alone },
    });
  } finally {
    await client.close(true);
    await server.close();
  }
  return figures;
}

if (isMain(import.meta.url)) {
  const n = Number(process.argv[2] ?? 10_000);
  void runSyncBench(n).then(printFigures);
}
