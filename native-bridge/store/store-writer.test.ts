/**
 * The batched writer on a real SQLite file: frames, rollups and session counters in one batch, served
 * back as readings and through the row-per-reading views; multi-row inserts; a failed transaction kept
 * and written later; and the stored rollups against a brute-force computation across a restart.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { decodeCells } from './frame-codec.js';
import { ReadingQueries } from './reading-queries.js';
import { RollupView, slotOf } from './rollup-codec.js';
import { uniformStream } from '../sim/prng.js';
import { ROLLUP_LEVELS } from './rollup-aggregator.js';
import { StoreWriter, type SampleRow } from './store-writer.js';
import { cell, sample } from '../../testing/store/sample-rows.js';
import { testCleanups } from '../../testing/test-cleanups.js';

const cleanups = testCleanups();
const tempDir = () => cleanups.tempDir('station-store-');

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
