/**
 * Bytes on disk per raw reading, indexes included: the frames table and its index, measured with
 * SQLite's dbstat (whole pages, so free space inside pages counts) on the 24 h × 16-cell benchmark
 * database, and on a 4-cell run for the small-rig case. Rollups (kept forever) are shown apart.
 *
 *   npx tsx bench/history/size-bench.ts
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../native-bridge/store/database.js';
import { StoreWriter } from '../../native-bridge/store/store-writer.js';
import { fillSession } from '../../testing/history/fill.js';
import { BENCH_CELLS, benchDatabase } from './bench-db.js';
import { isMain, printFigures, type HistoryBenchFigure } from './bench-figure.js';

export interface SizeBreakdown {
  readings: number;
  rawBytes: number;
  rollupBytes: number;
  fileBytes: number;
  perReading: number;
  rollupPerReading: number;
}

export function measureSize(path: string): SizeBreakdown {
  const db = new Database(path, { readonly: true });
  const bytes = (names: string[]) =>
    db
      .prepare(`SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN (${names.map(() => '?').join(',')})`)
      .pluck()
      .get(...names) as number;
  const readings = db.prepare(`SELECT sum(reading_count) FROM sessions`).pluck().get() as number;
  const rawBytes = bytes(['frames', 'frames_by_session_time']);
  const rollupBytes = bytes(['rollup_1s', 'rollup_1m', 'rollup_10m']);
  db.close();
  return {
    readings,
    rawBytes,
    rollupBytes,
    fileBytes: statSync(path).size,
    perReading: rawBytes / readings,
    rollupPerReading: rollupBytes / readings,
  };
}

function smallRig(cells: number): SizeBreakdown {
  const dir = mkdtempSync(join(tmpdir(), 'station-size-bench-'));
  const path = join(dir, 'station.sqlite');
  const db = openDatabase(path);
  fillSession(new StoreWriter(db, path), { cells, periodMs: 100, frames: 200_000, t0: Date.UTC(2024, 0, 1) });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const r = measureSize(path);
  rmSync(dir, { recursive: true, force: true });
  return r;
}

export async function runSizeBench(): Promise<HistoryBenchFigure[]> {
  const big = measureSize(benchDatabase());
  const small = smallRig(4);
  const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
  console.log(
    `  ${BENCH_CELLS} cells: ${big.readings.toLocaleString('en-US')} readings, raw ${mb(big.rawBytes)}, rollups ${mb(big.rollupBytes)}, file ${mb(big.fileBytes)}` +
      `\n  4 cells: ${small.readings.toLocaleString('en-US')} readings, raw ${mb(small.rawBytes)}, rollups ${mb(small.rollupBytes)}`,
  );
  return [
    {
      label: `Bytes on disk per raw reading (${BENCH_CELLS} cells, frames + index)`,
      value: big.perReading,
      unit: 'B',
      target: '≤ 40 B',
      ok: big.perReading <= 40,
    },
    {
      label: 'Bytes on disk per raw reading (4 cells, frames + index)',
      value: small.perReading,
      unit: 'B',
      target: '≤ 40 B',
      ok: small.perReading <= 40,
    },
    {
      label: `Rollups (1 s + 1 min + 10 min, kept forever) per reading (${BENCH_CELLS} cells)`,
      value: big.rollupPerReading,
      unit: 'B',
    },
  ];
}

if (isMain(import.meta.url)) void runSizeBench().then(printFigures);
