/**
 * The benchmark database: 24 h of a 16-cell rig at 10 Hz (864,000 frames, 13.8 M readings) written
 * through the real store writer, so it holds the same frames, rollups and indexes as a live run.
 * Building it takes a while, so it is kept in a cache folder (os.tmpdir()/station-bench-cache, or
 * STATION_BENCH_CACHE) under a name that changes with the schema, and reused by later runs.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../native-bridge/store/database.js';
import { SCHEMA_VERSION } from '../../native-bridge/store/migrations/index.js';
import { StoreWriter } from '../../native-bridge/store/store-writer.js';
import { fillSession } from '../../testing/history/fill.js';

export const BENCH_CELLS = 16;
export const BENCH_PERIOD_MS = 100;
export const BENCH_HOURS = 24;
export const BENCH_FRAMES = (BENCH_HOURS * 3_600_000) / BENCH_PERIOD_MS;
export const BENCH_T0 = Date.UTC(2024, 0, 15, 0, 0, 0);
/** Bump when the generated data changes. */
const GENERATOR = 2;

export function benchCacheDir(): string {
  return process.env.STATION_BENCH_CACHE || join(tmpdir(), 'station-bench-cache');
}

/** Path of the cached 24 h database, building it first when missing. */
export function benchDatabase(log: (line: string) => void = (l) => console.log(l)): string {
  const dir = benchCacheDir();
  mkdirSync(dir, { recursive: true });
  const path = join(
    dir,
    `history-${BENCH_HOURS}h-${BENCH_CELLS}c-${1000 / BENCH_PERIOD_MS}hz-s${SCHEMA_VERSION}-g${GENERATOR}.sqlite`,
  );
  if (existsSync(path)) return path;
  const part = `${path}.building`;
  for (const s of ['', '-wal', '-shm']) rmSync(part + s, { force: true });
  log(
    `Building the benchmark database (${BENCH_HOURS} h × ${BENCH_CELLS} cells × 10 Hz = ${(BENCH_FRAMES * BENCH_CELLS).toLocaleString('en-US')} readings) in ${part} — once, then cached.`,
  );
  const started = Date.now();
  const db = openDatabase(part);
  const writer = new StoreWriter(db, part, { maxQueuedSamples: 5000 });
  fillSession(writer, {
    deviceId: 'BENCH-RIG',
    cells: BENCH_CELLS,
    periodMs: BENCH_PERIOD_MS,
    frames: BENCH_FRAMES,
    t0: BENCH_T0,
    seed: 24,
    progressEvery: BENCH_FRAMES / 20,
    onProgress: (n) => {
      const s = (Date.now() - started) / 1000;
      log(`  ${Math.round((n / BENCH_FRAMES) * 100)} % (${n.toLocaleString('en-US')} frames, ${s.toFixed(0)} s)`);
    },
  });
  db.prepare(`UPDATE sessions SET period_ms = ?, ended_ms = last_data_ms, rig = 'bench' WHERE id = 1`).run(
    BENCH_PERIOD_MS,
  );
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(part, path);
  log(`Built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  return path;
}
