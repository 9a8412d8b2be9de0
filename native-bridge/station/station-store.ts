/**
 * Opens the station's SQLite file and what works on it: the batched writer, the reading queries and
 * the history service; the live view is seeded from what is stored. A file that cannot be opened (or
 * fails while seeding) is reported and leaves the station running live only, storing nothing.
 */
import { HistoryService, type HistoryHost } from '../history/history-service.js';
import { openDatabase, type Db } from '../store/database.js';
import { ReadingQueries } from '../store/reading-queries.js';
import { StoreError } from '../store/store-errors.js';
import { StoreWriter } from '../store/store-writer.js';
import type { LiveState } from './live-state.js';
import type { Notices } from './notices.js';

export interface StationStore {
  db: Db;
  writer: StoreWriter;
  queries: ReadingQueries;
  history: HistoryService;
}

export interface StationStoreOptions {
  dbPath: string;
  dataDir: string;
  nativeBinding?: string;
  flushIntervalMs?: number;
  stationVersion: string;
  modelVersion: () => string;
  notices: Notices;
  live: LiveState;
  /** What history needs of the station besides notices: replays run as its sources, and it raises events. */
  host: Omit<HistoryHost, 'notify'>;
}

export function openStationStore(o: StationStoreOptions): StationStore | null {
  const { notices } = o;
  try {
    const db = openDatabase(o.dbPath, o.nativeBinding ? { nativeBinding: o.nativeBinding } : {});
    const queries = new ReadingQueries(db);
    const writer = new StoreWriter(db, o.dbPath, {
      flushIntervalMs: o.flushIntervalMs ?? 200,
      onError: (e) => notices.add('error', e.code, e.message),
      onRecovered: () => notices.add('info', 'store.recovered', `Writing to ${o.dbPath} again.`),
    });
    writer.start();
    const history = new HistoryService({
      db,
      dbPath: o.dbPath,
      nativeBinding: o.nativeBinding,
      dataDir: o.dataDir,
      writer,
      stationVersion: o.stationVersion,
      modelVersion: o.modelVersion,
      host: { ...o.host, notify: (level, code, message) => notices.add(level, code, message) },
    });
    o.live.seed(queries.latestReadings(2000));
    o.live.totalRecords = queries.storedReadingCount();
    notices.add('info', 'store.opened', `Storing readings in ${o.dbPath}`);
    return { db, writer, queries, history };
  } catch (e) {
    const err = e instanceof StoreError ? e : new StoreError('store.failed', String(e));
    notices.add('error', err.code, `${err.message} Live data is shown but NOT stored.`);
    return null;
  }
}
