/** Opening the station's file: the 0001 → 0002 migration of existing readings, and a newer file refused untouched. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { migration0001 } from './migrations/0001-initial.js';
import { SCHEMA_VERSION } from './migrations/index.js';
import { ReadingQueries } from './reading-queries.js';
import { testCleanups } from '../../testing/test-cleanups.js';

const cleanups = testCleanups();
const tempDir = () => cleanups.tempDir('station-store-');

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
