/**
 * The server side of the sync: one MongoDB client, the collections and their indexes (made on first
 * connect), and the writes that make a batch land exactly once.
 *
 * Writes are unordered and keyed by the documents' deterministic ids:
 *  - every batch is first inserted (`bulkWrite` of insertOne, unordered); a duplicate-key error means
 *    the document is already there, which for an immutable document (a reading, a link event) is the
 *    whole answer, and for a mutable one (a session, an alarm, a prediction) is followed by an upsert
 *    (`replaceOne`, upsert: true) of just those documents. Upserting everything would do, on MongoDB;
 *    on FerretDB's SQLite backend every update by `_id` scans the collection (its `_id` filter does not
 *    use its own index: 12 upserts/s at 2,000 documents, measured), while an insert is checked by the
 *    unique index;
 *  - a time-series collection (MongoDB 5+) has no unique `_id`: there the ids of the batch that are
 *    already stored are asked for first (by session and time range, which its index serves) and only
 *    the others inserted. One station is the only writer of its documents, so that cannot race.
 * FerretDB 1.24 has no time-series collections: readings then go into a plain one, detected at connect.
 */
import type { AnyBulkWriteOperation, Collection, Db, Document, MongoClient } from 'mongodb';
import type { Batch, CollectionName } from './sync-streams.js';

/**
 * The driver, loaded on first use (a sync or Settings → Test connection): most stations never sync, and
 * importing it with the station's modules cost 160–240 ms of start-up (400–470 ms alone under tsx).
 */
async function mongoClientClass(): Promise<typeof MongoClient> {
  return (await import('mongodb')).MongoClient;
}

export interface MongoTargetOptions {
  serverSelectionTimeoutMS?: number;
  socketTimeoutMS?: number;
  /** Tests: write readings the time-series way on any server (FerretDB has no time-series collections). */
  forceInsertMissing?: boolean;
}

/** FerretDB deadlocks above about a hundred updates in one command; MongoDB does not mind small ones. */
const UPSERTS_PER_COMMAND = 50;
const INSERTS_PER_COMMAND = 1000;

const INDEXES: Record<CollectionName, Document[]> = {
  readings: [
    { 'meta.session': 1, ts: 1 },
    { 'meta.station': 1, ts: 1 },
  ],
  predictions: [
    { 'meta.session': 1, ts: 1 },
    { 'meta.station': 1, ts: 1 },
  ],
  sessions: [{ station: 1, startedAt: 1 }],
  alarms: [{ station: 1, raisedAt: 1 }, { session: 1 }],
  link_events: [{ station: 1, ts: 1 }, { session: 1 }],
};

type Doc = { _id: string; [k: string]: unknown };

export class MongoTarget {
  private client: MongoClient | null = null;
  private db: Db | null = null;
  private prepared = false;
  readingsKind: 'timeseries' | 'plain' | null = null;
  serverVersion: string | null = null;

  constructor(
    private readonly uri: string,
    private readonly dbName: string,
    private readonly o: MongoTargetOptions = {},
  ) {}

  get connected(): boolean {
    return this.db !== null && this.prepared;
  }

  /** Connects (the URI is parsed here: a malformed one throws MongoParseError) and prepares the collections once. */
  async connect(): Promise<void> {
    if (!this.client) {
      const MongoClient = await mongoClientClass();
      // ??=: a second connect() may have made the client while this one waited for the driver.
      this.client ??= new MongoClient(this.uri, {
        appName: 'ev-battery-station',
        serverSelectionTimeoutMS: this.o.serverSelectionTimeoutMS ?? 5000,
        connectTimeoutMS: this.o.serverSelectionTimeoutMS ?? 5000,
        socketTimeoutMS: this.o.socketTimeoutMS ?? 30_000,
        maxPoolSize: 4,
        // A batch is written again by the sync itself after any failure; the driver's own retry adds nothing.
        retryWrites: false,
        retryReads: false,
      });
    }
    await this.client.connect();
    this.db = this.client.db(this.dbName);
    if (!this.prepared) {
      const info = await this.db.admin().command({ buildInfo: 1 });
      this.serverVersion = typeof info.version === 'string' ? info.version : null;
      await this.prepare(this.db);
      this.prepared = true;
    }
  }

  private async prepare(db: Db): Promise<void> {
    this.readingsKind = await ensureReadings(db);
    for (const [name, keys] of Object.entries(INDEXES)) await ensureIndexes(db.collection(name), keys);
  }

  async write(batch: Batch): Promise<number> {
    const db = this.db;
    if (!db) throw new Error('not connected');
    for (const key of batch.deleteSessions ?? []) await this.deleteSession(db, key);
    if (batch.docs.length === 0) return 0;
    const col = db.collection<Doc>(batch.collection);
    if (batch.collection === 'readings' && (this.readingsKind === 'timeseries' || this.o.forceInsertMissing))
      return insertMissing(col, batch.docs);
    const dups = await insertOrFindDuplicates(col, batch.docs);
    if (batch.kind === 'mutable' && dups.length > 0) await replace(col, dups);
    return batch.docs.length;
  }

  private async deleteSession(db: Db, key: string): Promise<void> {
    await db.collection('readings').deleteMany({ 'meta.session': key });
    await db.collection('predictions').deleteMany({ 'meta.session': key });
    await db.collection('link_events').deleteMany({ session: key });
    await db.collection('alarms').deleteMany({ session: key });
    await db.collection<Doc>('sessions').deleteOne({ _id: key });
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = null;
    this.db = null;
    this.prepared = false;
    await c?.close(true).catch(() => undefined);
  }
}

/** Readings go into a time-series collection where the server has them, a plain one otherwise. */
async function ensureReadings(db: Db): Promise<'timeseries' | 'plain'> {
  const existing = async () => {
    const [c] = await db.listCollections({ name: 'readings' }).toArray();
    return c ? (c.type === 'timeseries' ? 'timeseries' : 'plain') : null;
  };
  const found = await existing();
  if (found) return found;
  try {
    await db.createCollection('readings', {
      timeseries: { timeField: 'ts', metaField: 'meta', granularity: 'seconds' },
    });
    return 'timeseries';
  } catch {
    // Not supported (FerretDB, MongoDB < 5), or another station created it first: look again.
    const now = await existing();
    if (now) return now;
    await db.createCollection('readings');
    return 'plain';
  }
}

/**
 * Creates the indexes a collection lacks. Only those: FerretDB 1.24 drops the connection (a panic in
 * its handler) when asked to create an index that exists, which every reconnect would otherwise do.
 */
async function ensureIndexes(col: Collection, keys: Document[]): Promise<void> {
  const have = new Set<string>();
  try {
    for (const ix of await col.listIndexes().toArray()) have.add(JSON.stringify(ix.key));
  } catch (e) {
    // No collection yet (NamespaceNotFound): it has no indexes either.
    if ((e as { code?: number }).code !== 26) throw e;
  }
  const missing = keys.filter((k) => !have.has(JSON.stringify(k)));
  if (missing.length > 0) await col.createIndexes(missing.map((key) => ({ key })));
}

interface WriteErrorLike {
  code?: number;
  index?: number;
}

/** Inserts what is new; returns the documents that were already there (duplicate `_id`). */
async function insertOrFindDuplicates(col: Collection<Doc>, docs: Doc[]): Promise<Doc[]> {
  const dups: Doc[] = [];
  for (let i = 0; i < docs.length; i += INSERTS_PER_COMMAND) {
    const chunk = docs.slice(i, i + INSERTS_PER_COMMAND);
    const ops: AnyBulkWriteOperation<Doc>[] = chunk.map((d) => ({ insertOne: { document: d } }));
    try {
      await col.bulkWrite(ops, { ordered: false });
    } catch (e) {
      const raw = (e as { writeErrors?: WriteErrorLike[] | WriteErrorLike }).writeErrors;
      const errors = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      if (errors.length === 0 || errors.some((w) => w.code !== 11000)) throw e;
      for (const w of errors) if (w.index !== undefined && chunk[w.index]) dups.push(chunk[w.index]!);
    }
  }
  return dups;
}

async function replace(col: Collection<Doc>, docs: Doc[]): Promise<void> {
  for (let i = 0; i < docs.length; i += UPSERTS_PER_COMMAND) {
    const ops: AnyBulkWriteOperation<Doc>[] = docs
      .slice(i, i + UPSERTS_PER_COMMAND)
      .map((d) => ({ replaceOne: { filter: { _id: d._id }, replacement: d, upsert: true } }));
    await col.bulkWrite(ops, { ordered: false });
  }
}

/** For collections without a unique `_id`: asks which of the batch are stored, inserts the rest. */
async function insertMissing(col: Collection<Doc>, docs: Doc[]): Promise<number> {
  const bySession = new Map<string, Doc[]>();
  for (const d of docs) {
    const s = (d.meta as { session: string }).session;
    const list = bySession.get(s);
    if (list) list.push(d);
    else bySession.set(s, [d]);
  }
  const have = new Set<string>();
  for (const [session, list] of bySession) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const d of list) {
      const t = (d.ts as Date).getTime();
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
    const found = await col
      .find(
        {
          'meta.session': session,
          ts: { $gte: new Date(lo), $lte: new Date(hi) },
          _id: { $in: list.map((d) => d._id) },
        },
        { projection: { _id: 1 } },
      )
      .toArray();
    for (const f of found) have.add(f._id);
  }
  const missing = docs.filter((d) => !have.has(d._id));
  for (let i = 0; i < missing.length; i += INSERTS_PER_COMMAND)
    await col.insertMany(missing.slice(i, i + INSERTS_PER_COMMAND), { ordered: false });
  return missing.length;
}

/** One connection, one answer, for "Test connection". */
export async function probeServer(
  uri: string,
  dbName: string,
  timeoutMs = 5000,
): Promise<{ serverVersion: string | null; latencyMs: number }> {
  const MongoClient = await mongoClientClass();
  const client = new MongoClient(uri, {
    appName: 'ev-battery-station',
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
  });
  try {
    const t0 = performance.now();
    await client.connect();
    const db = client.db(dbName);
    await db.command({ ping: 1 });
    const latencyMs = Math.round(performance.now() - t0);
    const info = await db.admin().command({ buildInfo: 1 });
    // Listing collections needs an authenticated user with rights on the database, unlike ping.
    await db.listCollections({}, { nameOnly: true }).toArray();
    return { serverVersion: typeof info.version === 'string' ? info.version : null, latencyMs };
  } finally {
    await client.close(true).catch(() => undefined);
  }
}
