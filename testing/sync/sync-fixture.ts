/**
 * What the sync tests share: a real station database filled through the real store writer, a
 * MongoDB-compatible server (mongo-server.ts), a database name of their own on it, and checks that
 * compare what the server holds with what the station stored.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { MongoClient, type Document } from 'mongodb';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, type Db } from '../../native-bridge/store/database.js';
import { StoreWriter } from '../../native-bridge/store/store-writer.js';
import { readingDoc, type FrameRow } from '../../native-bridge/sync/sync-documents.js';
import { mongoUnavailable, startTestMongo, type FerretOptions, type TestMongo } from './mongo-server.js';

/**
 * `describe` for suites that need a server: with CI=true a missing server fails the suite; elsewhere
 * the suite is skipped, and says so. The body gets the suite's one server (mongo-server.ts), started
 * before its tests and closed after them; `options` are the FerretDB ones (a user, say).
 */
export function describeWithMongo(name: string, body: (server: TestMongo) => void, options: FerretOptions = {}): void {
  const missing = mongoUnavailable();
  let started: TestMongo | undefined;
  const running = () => {
    if (!started) throw new Error('the test server is not running (used outside a test?)');
    return started;
  };
  const server: TestMongo = {
    get uri() {
      return running().uri;
    },
    get kind() {
      return running().kind;
    },
    stop: () => running().stop(),
    start: () => running().start(),
    close: () => running().close(),
  };
  const withServer = () => {
    beforeAll(async () => {
      started = await startTestMongo(options);
    }, 60_000);
    afterAll(async () => {
      await started?.close();
    });
    body(server);
  };
  if (missing && process.env.CI !== 'true') {
    console.warn(`SKIPPED "${name}": ${missing}`);
    describe.skip(name, withServer);
    return;
  }
  describe(name, () => {
    if (missing) throw new Error(`${name} needs a MongoDB-compatible server: ${missing}`);
    withServer();
  });
}

export const uniqueDbName = (prefix: string) => `${prefix}_${randomBytes(4).toString('hex')}`;

export function withDatabase(uri: string, database: string): string {
  const [base, query] = uri.split('?');
  return `${base!.replace(/\/?$/, '/')}${database}${query ? `?${query}` : ''}`;
}

export interface StationDb {
  db: Db;
  path: string;
  writer: StoreWriter;
  close(): void;
}

export function openStationDb(dir: string): StationDb {
  const path = join(dir, 'station.sqlite');
  const db = openDatabase(path);
  const writer = new StoreWriter(db, path);
  return {
    db,
    path,
    writer,
    close() {
      writer.close();
      db.close();
    },
  };
}

/** The reading documents the station's frames should have become, by id. */
export function expectedReadings(db: Db, labels: { storeUid: string; stationId: string }): Map<string, Document> {
  const rows = db
    .prepare(
      `SELECT f.id, f.session_id, s.created_ms, s.device_id, f.boot_id, f.seq, f.t_dev_ms, f.t_host_ms,
              f.pack_ma, f.ambient_cc, f.humidity_cpct, f.status, f.cells
       FROM frames f JOIN sessions s ON s.id = f.session_id ORDER BY f.id`,
    )
    .all() as FrameRow[];
  return new Map(rows.map((r) => [readingDoc(labels, r)._id, readingDoc(labels, r) as Document]));
}

export async function withClient<T>(uri: string, f: (c: MongoClient) => Promise<T>): Promise<T> {
  const c = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    await c.connect();
    return await f(c);
  } finally {
    await c.close(true);
  }
}

export function storeUidOf(db: Db): string {
  return db.prepare(`SELECT value FROM settings WHERE key = 'store_uid'`).pluck().get() as string;
}

/**
 * Every stored frame is on the server exactly once, with the same content, and the server holds
 * nothing else. Returns the problems found (empty when all is well), at most a few of each kind.
 */
export async function compareReadings(
  client: MongoClient,
  database: string,
  expected: Map<string, Document>,
): Promise<{ problems: string[]; serverDocs: number; readings: number }> {
  const docs = await client.db(database).collection('readings').find({}).toArray();
  const problems: string[] = [];
  const seen = new Map<string, number>();
  let readings = 0;
  for (const d of docs) {
    const id = String(d._id);
    seen.set(id, (seen.get(id) ?? 0) + 1);
    readings += (d.cells as unknown[]).length;
    const want = expected.get(id);
    if (!want) {
      if (problems.length < 20) problems.push(`unexpected document ${id}`);
      continue;
    }
    if (JSON.stringify(normalise(d)) !== JSON.stringify(normalise(want)) && problems.length < 20)
      problems.push(`document ${id} differs: ${JSON.stringify(normalise(d))} vs ${JSON.stringify(normalise(want))}`);
  }
  for (const [id, n] of seen) if (n > 1 && problems.length < 20) problems.push(`document ${id} is there ${n} times`);
  let missing = 0;
  for (const id of expected.keys()) if (!seen.has(id)) missing++;
  if (missing) problems.push(`${missing} of ${expected.size} stored frames are missing on the server`);
  return { problems, serverDocs: docs.length, readings };
}

/** Key order and Date objects vary between what was built and what came back. */
function normalise(d: Document): unknown {
  return JSON.parse(
    JSON.stringify(d, (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
        : v,
    ),
  );
}
