/**
 * Opens the station's SQLite file: WAL so readers never block the writer, synchronous=NORMAL because
 * WAL keeps the file consistent across power loss (a crash can only lose the last commits), and
 * numbered migrations tracked in PRAGMA user_version.
 */
import { mkdirSync } from 'node:fs';
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

export function openDatabase(path: string, opts: OpenOptions = {}): Db {
  let db: Db | undefined;
  try {
    if (!opts.readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, {
      readonly: opts.readonly ?? false,
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    });
    db.pragma('busy_timeout = 5000');
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
    }
    migrate(db, path);
    return db;
  } catch (err) {
    db?.close();
    throw describeStoreFailure(err, path);
  }
}

function migrate(db: Db, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION)
    throw new StoreError(
      'store.newer-version',
      `The database at ${path} was written by a newer station (schema ${current}, this build knows ${SCHEMA_VERSION}). Update the station, or set STATION_DATA_DIR to another folder; the file was not changed.`,
    );
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
