/**
 * The store on its own: the frame and rollup codecs, the writer's batches and rollups, the 0001 → 0002
 * migration of existing readings, the row-per-reading views, and refusing a newer file untouched.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { CellBlob, decodeCells, encodeCells, type CellValues } from './frame-codec.js';
import { migration0001 } from './migrations/0001-initial.js';
import { SCHEMA_VERSION } from './migrations/index.js';
import { ReadingQueries } from './reading-queries.js';
import { emptyStats, encodeRollup, RollupView, slotOf } from './rollup-codec.js';
import { uniformStream } from '../sim/prng.js';
import { ROLLUP_LEVELS, RollupAggregator } from './rollup-aggregator.js';
import { StoreWriter, type SampleRow } from './store-writer.js';
import { testCleanups } from '../../testing/test-cleanups.js';

const cleanups = testCleanups();
const tempDir = () => cleanups.tempDir('station-store-');

const cell = (
  mv: number | null,
  tempCc: number | null,
  socPermille: number | null = null,
  est = false,
): CellValues => ({
  mv,
  tempCc,
  socPermille,
  socEstimated: est,
});

function sample(seq: number, tHostMs: number, cells: CellValues[], deviceId = 'RIG-1'): SampleRow {
  return {
    deviceId,
    bootId: 0xabcdef01,
    seq,
    tDevMs: seq * 100,
    tHostMs,
    packMa: 1500 + seq,
    ambientCc: 2300,
    humidityCpct: 4500,
    status: 0,
    cells,
  };
}

describe('frame codec', () => {
  it('round-trips every value, nulls and the full wire ranges', () => {
    const cells = [
      cell(0, -5500, 0, false),
      cell(65535, 150000, 1000, true),
      cell(null, null, null),
      cell(3712, 2534, 801, true),
    ];
    const b = encodeCells(cells);
    expect(b.length).toBe(2 + 9 * 4);
    expect(decodeCells(b)).toEqual(cells);
    expect(new CellBlob(b).tempCc(1)).toBe(150000);
  });

  it('refuses a blob of another layout', () => {
    const b = encodeCells([cell(1, 2)]);
    b[0] = 9;
    expect(() => new CellBlob(b)).toThrow(/unknown cell layout 9/);
  });
});

describe('rollup codec and aggregator', () => {
  it('keeps min, max and mean per channel and marks channels without data', () => {
    const agg = new RollupAggregator(() => undefined);
    for (let i = 0; i < 10; i++)
      agg.add(1, {
        tHostMs: 1000 + i * 100,
        cells: [cell(3700 + i, 2500 + (i === 5 ? 3000 : 0)), cell(null, 2400)],
        packMa: -i * 10,
        ambientCc: null,
        humidityCpct: 5000,
      });
    agg.close(1);
    const buckets = agg.drain();
    expect(buckets.map((b) => ROLLUP_LEVELS[b.level]!.name).sort()).toEqual(['10m', '1m', '1s']);
    const oneS = buckets.find((b) => b.level === 0)!;
    const v = new RollupView(oneS.data);
    expect(v.get(slotOf('temp', 1))).toEqual([2500, 5500, 2800]);
    expect(v.get(slotOf('voltage', 1))).toEqual([3700, 3709, 3705]);
    expect(v.get(slotOf('voltage', 2))).toBeNull();
    expect(v.get(slotOf('current', null))).toEqual([-90, 0, -45]);
    expect(v.get(slotOf('ambient', null))).toBeNull();
    expect(v.get(slotOf('temp', 3))).toBeNull();
  });

  it('packs temperatures in 16 bits unless a bucket holds runaway heat, and still reads layout 1', () => {
    const s = emptyStats();
    s.frames = 2;
    s.nCells = 1;
    s.v.set([2000, 3000, 5000, 2], 0);
    const narrow = encodeRollup(s);
    expect(new RollupView(narrow).get(0)).toEqual([2000, 3000, 2500]);
    s.v.set([2000, 150000, 152000, 2], 0);
    const wide = encodeRollup(s);
    expect(wide.length).toBe(narrow.length + 6);
    expect(new RollupView(wide).get(0)).toEqual([2000, 150000, 76000]);
    // Layout 1 (written by the first builds of migration 0002): no flags byte, i32 temperatures.
    const v1 = Buffer.alloc(2 + 1 + 12 + 6 + 12 + 6 + 6);
    v1[0] = 1;
    v1[1] = 1;
    v1[2] = 0b00001;
    v1.writeInt32LE(-100, 3);
    v1.writeInt32LE(4000, 7);
    v1.writeInt32LE(1234, 11);
    expect(new RollupView(v1).get(0)).toEqual([-100, 4000, 1234]);
    expect(new RollupView(v1).get(slotOf('voltage', 1))).toBeNull();
  });

  it('seeds a bucket that may already be stored and undoes a rolled-back batch', () => {
    const stored = emptyStats();
    stored.frames = 4;
    stored.nCells = 1;
    stored.v.set([1000, 1000, 4000, 4], 0); // slot 0: min, max, sum, count
    const agg = new RollupAggregator((_s, level, t) => (level === 0 && t === 5000 ? stored : undefined));
    agg.resume(7, 5999);
    const snap = agg.snapshot();
    agg.add(7, { tHostMs: 5500, cells: [cell(1, 2000)], packMa: null, ambientCc: null, humidityCpct: null });
    agg.restore(snap);
    agg.add(7, { tHostMs: 5500, cells: [cell(1, 3000)], packMa: null, ambientCc: null, humidityCpct: null });
    const b = agg.drain().find((x) => x.level === 0)!;
    expect(b.frames).toBe(5);
    expect(new RollupView(b.data).get(0)).toEqual([1000, 3000, 1400]);
  });
});

describe('rollups against a brute-force computation', () => {
  it.each([
    ['time only forward', false],
    ['the host clock now and then stepping back', true],
  ])('match min, max, mean and counts at every level across random batches and a restart (%s)', (_name, BACKWARDS) => {
    const db = openDatabase(join(tempDir(), 'station.sqlite'));
    const rand = uniformStream(99);
    const frames: SampleRow[] = [];
    let t = Date.UTC(2024, 0, 1, 0, 9, 30);
    const make = (i: number) => {
      t += 50 + Math.floor(rand() * 400);
      if (BACKWARDS && rand() < 0.004) t -= 2000 + Math.floor(rand() * 90_000);
      const n = 3;
      return {
        ...sample(
          i,
          t,
          Array.from({ length: n }, (_, c) =>
            cell(3600 + Math.floor(rand() * 200) + c, 2000 + Math.floor(rand() * 3000)),
          ),
        ),
        packMa: Math.floor(rand() * 4000) - 2000,
      };
    };
    const a = new StoreWriter(db, 'a');
    a.setRouter({ sessionForSample: () => 1, sessionForEvent: () => null });
    a.openSession({ kind: 'live', deviceId: 'RIG-1', sourceSpec: '', startedBy: 'test', startedMs: t });
    for (let i = 0; i < 3000; i++) {
      const f = make(i);
      frames.push({ ...f, cells: f.cells.map((c) => ({ ...c })) });
      a.addSample(f);
      if (rand() < 0.01) a.flush(true);
    }
    a.flush(true);
    // A new process (the old one crashed after its last batch): it resumes the session.
    const b = new StoreWriter(db, 'b');
    b.setRouter({ sessionForSample: () => 1, sessionForEvent: () => null });
    b.resumeSession(1, Math.max(...frames.map((f) => f.tHostMs)));
    for (let i = 3000; i < 6000; i++) {
      const f = make(i);
      frames.push({ ...f, cells: f.cells.map((c) => ({ ...c })) });
      b.addSample(f);
      if (rand() < 0.01) b.flush(true);
    }
    b.endSession(1);
    b.flush(true);

    for (const level of ROLLUP_LEVELS) {
      const expected = new Map<number, SampleRow[]>();
      for (const f of frames) {
        const k = Math.floor(f.tHostMs / level.ms) * level.ms;
        expected.set(k, [...(expected.get(k) ?? []), f]);
      }
      const rows = db.prepare(`SELECT t_ms, n, data FROM ${level.table} WHERE session_id = 1 ORDER BY t_ms`).all() as {
        t_ms: number;
        n: number;
        data: Buffer;
      }[];
      expect(
        rows.map((r) => r.t_ms),
        level.name,
      ).toEqual([...expected.keys()].sort((x, y) => x - y));
      for (const r of rows) {
        const fs = expected.get(r.t_ms)!;
        expect(r.n, `${level.name} ${r.t_ms} restart at ${frames[2999]!.tHostMs}`).toBe(fs.length);
        const v = new RollupView(r.data);
        const check = (slot: number, values: number[]) => {
          const [lo, hi, mean] = v.get(slot)!;
          expect(lo).toBe(Math.min(...values));
          expect(hi).toBe(Math.max(...values));
          // A bucket continued from its stored row merges a rounded mean: within a unit, or two when
          // the clock stepping back reopened it more than once.
          expect(Math.abs(mean - values.reduce((x, y) => x + y, 0) / values.length)).toBeLessThanOrEqual(
            BACKWARDS ? 2 : 1,
          );
        };
        for (let c = 1; c <= 3; c++) {
          check(
            slotOf('temp', c),
            fs.map((f) => f.cells[c - 1]!.tempCc!),
          );
          check(
            slotOf('voltage', c),
            fs.map((f) => f.cells[c - 1]!.mv!),
          );
        }
        check(
          slotOf('current', null),
          fs.map((f) => f.packMa!),
        );
      }
    }
    db.close();
  });
});

describe('store writer', () => {
  it('writes frames, rollups and session counters in one batch, and serves them back as readings', () => {
    const db = openDatabase(join(tempDir(), 'station.sqlite'));
    const w = new StoreWriter(db, 'test');
    for (let i = 0; i < 25; i++)
      w.addSample(sample(i, 10_000 + i * 100, [cell(3700, 2500 + i), cell(3600, null, 500, true)]));
    expect(w.flush()).toBe(50);
    const s = db.prepare(`SELECT * FROM sessions`).get() as Record<string, unknown>;
    expect(s).toMatchObject({ kind: 'live', device_id: 'RIG-1', frame_count: 25, reading_count: 50 });
    expect(s.first_data_ms).toBe(10_000);
    expect(s.last_data_ms).toBe(12_400);
    expect(db.prepare(`SELECT t_ms, n FROM rollup_1s ORDER BY t_ms`).all()).toEqual([
      { t_ms: 10_000, n: 10 },
      { t_ms: 11_000, n: 10 },
      { t_ms: 12_000, n: 5 },
    ]);
    const latest = new ReadingQueries(db).latestReadings(3);
    expect(latest.map((r) => [r.seq, r.cell])).toEqual([
      [24, 1],
      [24, 2],
      [23, 1],
    ]);
    expect(latest[1]).toMatchObject({ tempC: null, socPct: 50, socEstimated: true, voltageV: 3.6 });
    // The row-per-reading views decode the blob in SQL.
    expect(db.prepare(`SELECT count(*) FROM cell_readings`).pluck().get()).toBe(50);
    expect(
      db.prepare(`SELECT mv, temp_cc, soc_permille, soc_estimated FROM cell_readings WHERE sample_id = 25`).all(),
    ).toEqual([
      { mv: 3700, temp_cc: 2524, soc_permille: null, soc_estimated: 0 },
      { mv: 3600, temp_cc: null, soc_permille: 500, soc_estimated: 1 },
    ]);
    expect(db.prepare(`SELECT device_id, seq FROM samples ORDER BY id DESC LIMIT 1`).get()).toEqual({
      device_id: 'RIG-1',
      seq: 24,
    });
    db.close();
  });

  it('stores every frame of a batch as sent, across multi-row inserts and the one-by-one rest', () => {
    const db = openDatabase(join(tempDir(), 'station.sqlite'));
    const w = new StoreWriter(db, 'test');
    // 16 frames go to one statement: 37 is two full statements and five single rows, with two cell
    // counts in the batch so reused blob buffers of both sizes are exercised.
    const sent: SampleRow[] = [];
    for (let i = 0; i < 37; i++) {
      const n = i % 5 === 0 ? 3 : 2;
      const cells = Array.from({ length: n }, (_, c) => cell(3000 + i * 10 + c, i % 7 === 0 ? null : -100 * i - c));
      sent.push(sample(i, 50_000 + i * 100, cells));
      w.addSample(sent[i]!);
    }
    expect(w.flush()).toBe(sent.reduce((a, s) => a + s.cells.length, 0));
    const rows = db.prepare(`SELECT seq, t_host_ms, pack_ma, cells FROM frames ORDER BY id`).all() as {
      seq: number;
      t_host_ms: number;
      pack_ma: number;
      cells: Buffer;
    }[];
    expect(rows.map((r) => [r.seq, r.t_host_ms, r.pack_ma])).toEqual(sent.map((s) => [s.seq, s.tHostMs, s.packMa]));
    expect(rows.map((r) => decodeCells(r.cells))).toEqual(sent.map((s) => s.cells));
    db.close();
  });

  it('decodes negative temperatures in the SQL view', () => {
    const db = openDatabase(join(tempDir(), 'station.sqlite'));
    const w = new StoreWriter(db, 'test');
    w.addSample(sample(0, 1, [cell(1, -5500), cell(2, 150000)]));
    w.flush();
    expect(db.prepare(`SELECT temp_cc FROM cell_readings ORDER BY cell`).pluck().all()).toEqual([-5500, 150000]);
    db.close();
  });

  it('keeps the batch when the transaction fails and writes it once the store works again', () => {
    const db = openDatabase(join(tempDir(), 'station.sqlite'));
    const errors: string[] = [];
    let recovered = 0;
    const w = new StoreWriter(db, 'test', {
      retryIntervalMs: 0,
      onError: (e) => errors.push(e.code),
      onRecovered: () => recovered++,
    });
    for (let i = 0; i < 12; i++) w.addSample(sample(i, 1000 + i * 100, [cell(3700, 2500)]));
    db.exec(`CREATE TRIGGER no_frames BEFORE INSERT ON frames BEGIN SELECT RAISE(ABORT, 'disk is full'); END`);
    expect(w.flush()).toBe(0);
    expect(w.flush()).toBe(0);
    expect(errors).toEqual(['store.disk-full']);
    expect(w.queuedSamples).toBe(12);
    db.exec(`DROP TRIGGER no_frames`);
    expect(w.flush()).toBe(12);
    expect(recovered).toBe(1);
    // Rollups count every frame once, although the batch was attempted three times.
    expect(db.prepare(`SELECT sum(n) FROM rollup_1s`).pluck().get()).toBe(12);
    expect(db.prepare(`SELECT n FROM rollup_1m`).pluck().get()).toBe(12);
    db.close();
  });
});

describe('database file', () => {
  it('migrates 0001 readings into sessions and frames with their rollups', () => {
    const path = join(tempDir(), 'station.sqlite');
    const old = new Database(path);
    old.exec(migration0001.up);
    old.pragma('user_version = 1');
    old.exec(`INSERT INTO devices VALUES (1, 'OLD-RIG', '1.0', 2, 1000, '', 0, 0)`);
    old.exec(`INSERT INTO meta VALUES ('reading_count', 6)`);
    for (let i = 0; i < 3; i++) {
      old
        .prepare(`INSERT INTO samples VALUES (?, 1, 3735928559, ?, ?, ?, 1000, 2300, 4000, 0)`)
        .run(i + 1, i, i * 1000, 1_700_000_000_000 + i * 1000);
      old.prepare(`INSERT INTO cell_readings VALUES (?, 1, 3700, ?, 800, 1)`).run(i + 1, 2500 + i);
      old.prepare(`INSERT INTO cell_readings VALUES (?, 2, NULL, -120, NULL, 0)`).run(i + 1);
    }
    old.exec(
      `INSERT INTO link_events (t_host_ms, device_id, source, code) VALUES (5, 'OLD-RIG', 'sim', 'link.connected')`,
    );
    old.close();

    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
    const s = db.prepare(`SELECT * FROM sessions`).get() as Record<string, unknown>;
    expect(s).toMatchObject({ device_id: 'OLD-RIG', frame_count: 3, reading_count: 6, started_by: 'migration' });
    expect(
      db.prepare(`SELECT sample_id, cell, mv, temp_cc, soc_permille, soc_estimated FROM cell_readings`).all(),
    ).toEqual([
      { sample_id: 1, cell: 1, mv: 3700, temp_cc: 2500, soc_permille: 800, soc_estimated: 1 },
      { sample_id: 1, cell: 2, mv: null, temp_cc: -120, soc_permille: null, soc_estimated: 0 },
      { sample_id: 2, cell: 1, mv: 3700, temp_cc: 2501, soc_permille: 800, soc_estimated: 1 },
      { sample_id: 2, cell: 2, mv: null, temp_cc: -120, soc_permille: null, soc_estimated: 0 },
      { sample_id: 3, cell: 1, mv: 3700, temp_cc: 2502, soc_permille: 800, soc_estimated: 1 },
      { sample_id: 3, cell: 2, mv: null, temp_cc: -120, soc_permille: null, soc_estimated: 0 },
    ]);
    expect(db.prepare(`SELECT count(*) FROM rollup_1s`).pluck().get()).toBe(3);
    expect(db.prepare(`SELECT session_id FROM link_events`).pluck().get()).toBe(s.id);
    expect(new ReadingQueries(db).storedReadingCount()).toBe(6);
    db.close();
  });

  it('refuses a file from a newer station and leaves it byte for byte as it was', () => {
    const path = join(tempDir(), 'station.sqlite');
    const db = openDatabase(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.pragma('journal_mode = DELETE');
    db.close();
    const before = createHash('sha256').update(readFileSync(path)).digest('hex');
    expect(() => openDatabase(path)).toThrow(/written by a newer station \(schema \d+, this build knows \d+\)/);
    expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(before);
  });
});
