/**
 * Opens the station's SQLite file: WAL so readers never block the writer, synchronous=NORMAL because
 * WAL keeps the file consistent across power loss (a crash can only lose the last commits), numbered
 * migrations tracked in PRAGMA user_version, and auto_vacuum=INCREMENTAL so the space retention frees
 * can be handed back to the file system a little at a time (history/maintenance.ts).
 *
 * The schema version is checked before anything writes: a file from a newer station is left exactly
 * as it was. A file that cannot be written is refused at open with an error that says so, rather than
 * failing at the first batch.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';
import { describeStoreFailure, StoreError } from './store-errors.js';

export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
  /** Path to a better_sqlite3.node built for this runtime (Electron's ABI differs from Node's). */
  nativeBinding?: string;
}

/** Files below this size get a one-time VACUUM to switch on incremental vacuum; larger ones keep NONE. */
const VACUUM_SWITCH_MAX_BYTES = 256 * 1024 * 1024;
/** After a checkpoint the WAL file is cut back to this size instead of keeping its peak. */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

export function openDatabase(path: string, opts: OpenOptions = {}): Db {
  let db: Db | undefined;
  try {
    if (!opts.readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, {
      readonly: opts.readonly ?? false,
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    });
    db.pragma('busy_timeout = 5000');
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION)
      throw new StoreError(
        'store.newer-version',
        `The database at ${path} was written by a newer station (schema ${current}, this build knows ${SCHEMA_VERSION}). Update the station, or set STATION_DATA_DIR to another folder; the file was not changed.`,
      );
    if (!opts.readonly) {
      const fresh = current === 0 && db.prepare(`SELECT count(*) FROM sqlite_schema`).pluck().get() === 0;
      // Only possible before the first table exists; older files switch below.
      if (fresh) db.pragma('auto_vacuum = INCREMENTAL');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
      migrate(db, current);
      probeWritable(db);
      switchToIncrementalVacuum(db, path);
    } else if (current < SCHEMA_VERSION) {
      throw new StoreError(
        'store.old-version',
        `The database at ${path} has schema ${current}; it is upgraded to ${SCHEMA_VERSION} when opened for writing.`,
      );
    }
    return db;
  } catch (err) {
    db?.close();
    throw describeStoreFailure(err, path);
  }
}

function migrate(db: Db, current: number): void {
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.up);
      m.migrate?.(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

/**
 * A read-only file (permissions, a read-only mount) opens without complaint and only fails at the first
 * write; find out now. Other failures (a full disk) are left to the writer, which keeps its queue and
 * retries, so a station that starts on a full disk stores everything once space is freed.
 */
function probeWritable(db: Db): void {
  try {
    db.prepare(
      `INSERT INTO meta (key, value) VALUES ('opened_count', 1) ON CONFLICT(key) DO UPDATE SET value = value + 1`,
    ).run();
  } catch (err) {
    const e = describeStoreFailure(err, db.name);
    if (e.code === 'store.readonly') throw err;
  }
}

function switchToIncrementalVacuum(db: Db, path: string): void {
  if ((db.pragma('auto_vacuum', { simple: true }) as number) === 2) return;
  const size = path === ':memory:' ? 0 : (statSync(path, { throwIfNoEntry: false })?.size ?? 0);
  if (size > VACUUM_SWITCH_MAX_BYTES) return;
  try {
    db.pragma('auto_vacuum = INCREMENTAL');
    db.exec('VACUUM');
  } catch {
    // Not worth failing the open for: without it freed pages are reused, just not returned.
  }
}

/**
 * A second connection to a file the station already opened and migrated (the sync worker's, the
 * history read thread's): no migrations, no vacuum switch, nothing written at open. Refuses a file of
 * another schema version. `readOnly` makes it query-only: it opens like any connection (a read-only
 * open of a WAL file depends on the state of its -shm file) and then refuses every write.
 */
export function openSecondConnection(
  path: string,
  opts: Pick<OpenOptions, 'nativeBinding'> & { readOnly?: boolean } = {},
): Db {
  const db = new Database(path, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  try {
    db.pragma('busy_timeout = 5000');
    if (opts.readOnly) db.pragma('query_only = ON');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version !== SCHEMA_VERSION)
      throw new StoreError(
        'store.old-version',
        `The database at ${path} has schema ${version}, this build expects ${SCHEMA_VERSION}.`,
      );
    return db;
  } catch (err) {
    db.close();
    throw describeStoreFailure(err, path);
  }
}
