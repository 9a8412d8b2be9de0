/**
 * Store insert rate: the station's writer (frames with packed cells, session counters, rollups at three
 * levels, batches of 2,000 frames) beside bare better-sqlite3 prepared INSERTs in one transaction,
 * measured in the same run on the same data:
 *   - bare, same table: one INSERT per frame into `frames`, packing each frame's cells as it goes —
 *     SQLite plus the unavoidable cost of this layout; the target (≥ 70 %) is judged against it;
 *   - bare, row per reading: one INSERT per cell into a plain table — the obvious schema, for scale.
 * Rounds pair the writer with the same-table baseline (in alternating order) and the median ratio is
 * reported, since this machine's speed drifts over a run; rates are medians too.
 *
 *   npx tsx bench/history/insert-bench.ts [frames=100000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { uniformStream } from '../../native-bridge/sim/prng.js';
import { openDatabase } from '../../native-bridge/store/database.js';
import { encodeCells } from '../../native-bridge/store/frame-codec.js';
import { StoreWriter, type SampleRow } from '../../native-bridge/store/store-writer.js';
import { syntheticFrame } from '../../testing/history/fill.js';
import { isMain, printFigures, type HistoryBenchFigure } from './bench-figure.js';

const CELLS = 16;

// A collection before each timed run, so one variant does not pay for another's garbage.
setFlagsFromString('--expose_gc');
const collect = runInNewContext('gc') as () => void;

function frames(n: number): SampleRow[] {
  const rand = uniformStream(3);
  const o = { deviceId: 'BENCH', cells: CELLS, periodMs: 100, frames: n, t0: Date.UTC(2024, 0, 1) };
  return Array.from({ length: n }, (_, i) => syntheticFrame(o, i, rand));
}

function inFreshDb<T>(fn: (db: ReturnType<typeof openDatabase>, path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'station-insert-bench-'));
  const path = join(dir, 'station.sqlite');
  const db = openDatabase(path);
  try {
    return fn(db, path);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Readings per second through the station's writer. */
function ours(rows: SampleRow[]): number {
  return inFreshDb((db, path) => {
    const w = new StoreWriter(db, path);
    // The writer may move times of replays and owns its rows: give it fresh objects, as the core does.
    const copies = rows.map((r) => ({ ...r }));
    collect();
    const t = performance.now();
    for (const r of copies) w.addSample(r);
    w.flush(true);
    return (rows.length * CELLS) / ((performance.now() - t) / 1000);
  });
}

function bareFrames(rows: SampleRow[]): number {
  return inFreshDb((db) => {
    db.prepare(
      `INSERT INTO sessions (id, kind, device_id, started_ms, created_ms) VALUES (1, 'live', 'BENCH', 0, 0)`,
    ).run();
    const ins = db.prepare(
      `INSERT INTO frames (session_id, boot_id, seq, t_dev_ms, t_host_ms, pack_ma, ambient_cc, humidity_cpct, status, cells)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    collect();
    const t = performance.now();
    db.transaction(() => {
      for (const r of rows) {
        ins.run(
          r.bootId,
          r.seq,
          r.tDevMs,
          r.tHostMs,
          r.packMa,
          r.ambientCc,
          r.humidityCpct,
          r.status,
          encodeCells(r.cells),
        );
      }
    })();
    return (rows.length * CELLS) / ((performance.now() - t) / 1000);
  });
}

function bareRows(rows: SampleRow[]): number {
  return inFreshDb((db) => {
    db.exec(
      `CREATE TABLE readings (t_host_ms INTEGER, device TEXT, cell INTEGER, mv INTEGER, temp_cc INTEGER, soc INTEGER)`,
    );
    const ins = db.prepare(`INSERT INTO readings VALUES (?, ?, ?, ?, ?, ?)`);
    collect();
    const t = performance.now();
    db.transaction(() => {
      for (const r of rows)
        for (let c = 0; c < r.cells.length; c++) {
          const cell = r.cells[c]!;
          ins.run(r.tHostMs, r.deviceId, c + 1, cell.mv, cell.tempCc, cell.socPermille);
        }
    })();
    return (rows.length * CELLS) / ((performance.now() - t) / 1000);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runInsertBench(nFrames = 100_000, rounds = 11): Promise<HistoryBenchFigure[]> {
  const rows = frames(nFrames);
  // Warm-up: JIT and the page cache, not measured.
  ours(rows.slice(0, 5000));
  bareFrames(rows.slice(0, 5000));
  bareRows(rows.slice(0, 2000));
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  const ratio: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // Paired rounds, in alternating order: this machine's speed drifts, a ratio within a round does not.
    let o: number;
    let bf: number;
    if (i % 2 === 0) {
      o = ours(rows);
      bf = bareFrames(rows);
    } else {
      bf = bareFrames(rows);
      o = ours(rows);
    }
    a.push(o);
    b.push(bf);
    ratio.push(o / bf);
    // The row-per-reading baseline is only for scale (and slow): three rounds are enough.
    if (i < 3) c.push(bareRows(rows));
  }
  const o = median(a);
  const bf = median(b);
  const br = median(c);
  const r = median(ratio);
  return [
    {
      label: `Store insert rate (${CELLS} cells, writer with rollups and sessions)`,
      value: o,
      unit: 'readings/s',
      baseline: { label: 'bare prepared INSERT into the same frames table (cells packed), one transaction', value: bf },
      target: '≥ 70 % of bare',
      ok: r >= 0.7,
    },
    {
      label: 'Store insert rate vs bare row-per-reading INSERTs',
      value: o,
      unit: 'readings/s',
      baseline: { label: 'bare prepared INSERT, one row per reading, one transaction', value: br },
      target: '≥ 70 % of bare',
      ok: o >= 0.7 * br,
    },
    {
      label: 'Store insert rate as % of bare (same table), median of paired rounds',
      value: 100 * r,
      unit: '%',
      target: '≥ 70 %',
      ok: r >= 0.7,
    },
  ];
}

if (isMain(import.meta.url)) {
  const n = Number(process.argv[2] ?? 100_000);
  console.log(`Insert benchmark: ${n.toLocaleString('en-US')} frames × ${CELLS} cells, median of 11 paired rounds`);
  void runInsertBench(n).then(printFigures);
}
