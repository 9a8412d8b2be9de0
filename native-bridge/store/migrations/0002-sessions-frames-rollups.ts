/**
 * Sessions, frame rows, rollups, persisted alarms and predictions.
 *
 * Why the raw layout changes: 0001 stored one `cell_readings` row per cell plus one `samples` row per
 * frame — about 25–35 bytes and 17 INSERTs per 16-cell frame. `frames` keeps what the frame shares in
 * columns and packs the cells into one BLOB (frame-codec.ts): ~11 bytes per reading with its index and
 * one INSERT per frame, and a chart or a replay reads a frame in one row. The old row-per-reading shape
 * stays available to SQL users (and to tests that count rows) as the views `samples` and
 * `cell_readings`.
 *
 * Every frame, rollup, prediction, alarm and link event belongs to a session (one test run of one
 * device). Rollups (1 s, 1 min, 10 min; min/max/mean per channel) are kept forever; raw frames are
 * pruned by the retention policy (history/maintenance.ts) except around alarms.
 *
 * Existing 0001 data moves into one session per device, with its rollups computed on the way.
 */
import type { Db } from '../database.js';
import { encodeCells, sqlCellField, type CellValues } from '../frame-codec.js';
import { ROLLUP_LEVELS, RollupAggregator } from '../rollup-aggregator.js';
import type { Migration } from './migration.js';

const cellCount = `(instr('0123456789ABCDEF', substr(hex(substr(f.cells, 2, 1)), 1, 1)) - 1) * 16 + (instr('0123456789ABCDEF', substr(hex(substr(f.cells, 2, 1)), 2, 1)) - 1)`;

const rollupTable = (name: string) => `
    CREATE TABLE ${name} (
      session_id INTEGER NOT NULL,
      t_ms INTEGER NOT NULL,
      n INTEGER NOT NULL,
      data BLOB NOT NULL,
      PRIMARY KEY (session_id, t_ms)
    ) WITHOUT ROWID;`;

export const migration0002: Migration = {
  version: 2,
  name: 'sessions-frames-rollups',
  up: `
    CREATE TABLE sessions (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('live', 'replay', 'import')),
      -- The device id the session's frames came in under (a replay streams under its own id).
      device_id TEXT NOT NULL,
      source_spec TEXT NOT NULL DEFAULT '',
      started_by TEXT NOT NULL DEFAULT 'hello',
      rig TEXT NOT NULL DEFAULT '',
      chemistry TEXT NOT NULL DEFAULT '',
      capacity_ah REAL,
      notes TEXT NOT NULL DEFAULT '',
      started_ms INTEGER NOT NULL,
      ended_ms INTEGER,
      first_data_ms INTEGER,
      last_data_ms INTEGER,
      cell_count INTEGER,
      period_ms INTEGER,
      fw_version TEXT,
      model_version TEXT NOT NULL DEFAULT 'none',
      replay_of INTEGER REFERENCES sessions(id),
      replay_speed REAL,
      created_ms INTEGER NOT NULL,
      frame_count INTEGER NOT NULL DEFAULT 0,
      reading_count INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX sessions_by_device ON sessions(device_id, started_ms);

    CREATE TABLE frames (
      id INTEGER PRIMARY KEY,
      session_id INTEGER NOT NULL,
      boot_id INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      t_dev_ms INTEGER NOT NULL,
      t_host_ms INTEGER NOT NULL,
      pack_ma INTEGER,
      ambient_cc INTEGER,
      humidity_cpct INTEGER,
      status INTEGER NOT NULL,
      cells BLOB NOT NULL
    );
    -- Every read (chart, export, replay, retention) is "this session, this time range".
    CREATE INDEX frames_by_session_time ON frames(session_id, t_host_ms);

    ${rollupTable('rollup_1s')}
    ${rollupTable('rollup_1m')}
    ${rollupTable('rollup_10m')}

    -- Risk-model output, about once a second per cell; class 0 Normal … 4 Runaway.
    CREATE TABLE predictions (
      session_id INTEGER NOT NULL,
      t_host_ms INTEGER NOT NULL,
      cell INTEGER NOT NULL,
      class INTEGER NOT NULL,
      confidence REAL,
      PRIMARY KEY (session_id, t_host_ms, cell)
    ) WITHOUT ROWID;
    -- Highest class per cell and bucket (60000 or 600000 ms), for charts of long windows.
    CREATE TABLE risk_rollups (
      session_id INTEGER NOT NULL,
      level_ms INTEGER NOT NULL,
      t_ms INTEGER NOT NULL,
      cell INTEGER NOT NULL,
      max_class INTEGER NOT NULL,
      PRIMARY KEY (session_id, level_ms, t_ms, cell)
    ) WITHOUT ROWID;

    -- The alarm book, persisted: one row per alarm (its latest state) and one per change.
    CREATE TABLE alarms (
      id INTEGER PRIMARY KEY,
      run_id TEXT NOT NULL,
      book_id INTEGER NOT NULL,
      session_id INTEGER,
      key TEXT NOT NULL,
      code TEXT NOT NULL,
      severity TEXT NOT NULL,
      peak_severity TEXT NOT NULL,
      source TEXT NOT NULL,
      device_id TEXT,
      cell INTEGER,
      message TEXT NOT NULL,
      raised_ms INTEGER NOT NULL,
      cleared_ms INTEGER,
      acknowledged_ms INTEGER,
      closed_by TEXT,
      model_version TEXT NOT NULL DEFAULT 'none',
      UNIQUE (run_id, book_id)
    );
    CREATE INDEX alarms_by_session ON alarms(session_id, raised_ms);
    CREATE INDEX alarms_by_time ON alarms(raised_ms);
    CREATE TABLE alarm_changes (
      alarm_id INTEGER NOT NULL,
      t_ms INTEGER NOT NULL,
      change TEXT NOT NULL,
      severity TEXT NOT NULL,
      message TEXT NOT NULL
    );
    CREATE INDEX alarm_changes_by_alarm ON alarm_changes(alarm_id, t_ms);

    ALTER TABLE link_events ADD COLUMN session_id INTEGER;
    CREATE INDEX link_events_by_session ON link_events(session_id, t_host_ms);

    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE cell_numbers (cell INTEGER PRIMARY KEY);
    WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 32)
      INSERT INTO cell_numbers SELECT i FROM c;
  `,
  migrate: (db) => {
    moveLegacyReadings(db);
    db.exec(`
      DROP TABLE cell_readings;
      DROP TABLE samples;
      CREATE VIEW samples AS
        SELECT f.id, f.session_id, s.device_id, f.boot_id, f.seq, f.t_dev_ms, f.t_host_ms,
               f.pack_ma, f.ambient_cc, f.humidity_cpct, f.status
        FROM frames f JOIN sessions s ON s.id = f.session_id;
      CREATE VIEW cell_readings AS
        SELECT sample_id, cell,
               CASE WHEN fl & 1 THEN NULL ELSE mv END AS mv,
               CASE WHEN fl & 2 THEN NULL ELSE temp_cc END AS temp_cc,
               CASE WHEN fl & 4 THEN NULL ELSE soc END AS soc_permille,
               (fl & 8) / 8 AS soc_estimated
        FROM (
          SELECT f.id AS sample_id, c.cell AS cell,
                 ${sqlCellField('f.cells', 'c.cell', 'mv')} AS mv,
                 ${sqlCellField('f.cells', 'c.cell', 'temp')} AS temp_cc,
                 ${sqlCellField('f.cells', 'c.cell', 'soc')} AS soc,
                 ${sqlCellField('f.cells', 'c.cell', 'flags')} AS fl
          FROM frames f JOIN cell_numbers c ON c.cell <= ${cellCount}
        );
    `);
  },
};

interface LegacySample {
  id: number;
  device_id: string;
  boot_id: number;
  seq: number;
  t_dev_ms: number;
  t_host_ms: number;
  pack_ma: number | null;
  ambient_cc: number | null;
  humidity_cpct: number | null;
  status: number;
}

function moveLegacyReadings(db: Db): void {
  const now = Date.now();
  const sessionOf = new Map<string, number>();
  const insertSession = db.prepare(
    `INSERT INTO sessions (kind, device_id, source_spec, started_by, started_ms, ended_ms, cell_count, period_ms, fw_version, created_ms, notes)
     VALUES ('live', ?, 'legacy', 'migration', ?, ?, ?, ?, ?, ?, 'Readings stored before sessions existed (schema 1).')`,
  );
  const insertFrame = db.prepare(
    `INSERT INTO frames (session_id, boot_id, seq, t_dev_ms, t_host_ms, pack_ma, ambient_cc, humidity_cpct, status, cells)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const spans = db
    .prepare(
      `SELECT d.device_id, min(s.t_host_ms) AS lo, max(s.t_host_ms) AS hi, d.cell_count, d.period_ms, d.fw_version
       FROM samples s JOIN devices d ON d.id = s.device GROUP BY d.device_id`,
    )
    .all() as {
    device_id: string;
    lo: number;
    hi: number;
    cell_count: number | null;
    period_ms: number | null;
    fw_version: string | null;
  }[];
  for (const s of spans) {
    const id = insertSession.run(s.device_id, s.lo, s.hi, s.cell_count, s.period_ms, s.fw_version, now)
      .lastInsertRowid as number;
    sessionOf.set(s.device_id, id);
  }
  const agg = new RollupAggregator(() => undefined);
  const counts = new Map<number, { frames: number; readings: number; lo: number; hi: number }>();
  const cellsOf = db.prepare(
    `SELECT mv, temp_cc, soc_permille, soc_estimated FROM cell_readings WHERE sample_id = ? ORDER BY cell`,
  );
  const rollupStmts = ROLLUP_LEVELS.map((l) =>
    db.prepare(`INSERT OR REPLACE INTO ${l.table} (session_id, t_ms, n, data) VALUES (?, ?, ?, ?)`),
  );
  const writeRollups = () => {
    for (const r of agg.drain()) rollupStmts[r.level]!.run(r.sessionId, r.tMs, r.frames, r.data);
  };
  // In pages by id: a legacy file may be large, and a statement cannot write while another iterates.
  const page = db.prepare(
    `SELECT s.*, d.device_id FROM samples s JOIN devices d ON d.id = s.device WHERE s.id > ? ORDER BY s.id LIMIT 5000`,
  );
  for (
    let after = -1, samples = page.all(after) as LegacySample[];
    samples.length > 0;
    samples = page.all(after) as LegacySample[]
  ) {
    after = samples[samples.length - 1]!.id;
    for (const s of samples) migrateSample(s);
    writeRollups();
  }
  function migrateSample(s: LegacySample): void {
    const sessionId = sessionOf.get(s.device_id)!;
    const cells: CellValues[] = (
      cellsOf.all(s.id) as {
        mv: number | null;
        temp_cc: number | null;
        soc_permille: number | null;
        soc_estimated: number;
      }[]
    ).map((c) => ({ mv: c.mv, tempCc: c.temp_cc, socPermille: c.soc_permille, socEstimated: c.soc_estimated === 1 }));
    insertFrame.run(
      sessionId,
      s.boot_id,
      s.seq,
      s.t_dev_ms,
      s.t_host_ms,
      s.pack_ma,
      s.ambient_cc,
      s.humidity_cpct,
      s.status,
      encodeCells(cells),
    );
    agg.add(sessionId, {
      tHostMs: s.t_host_ms,
      cells,
      packMa: s.pack_ma,
      ambientCc: s.ambient_cc,
      humidityCpct: s.humidity_cpct,
    });
    const c = counts.get(sessionId) ?? { frames: 0, readings: 0, lo: s.t_host_ms, hi: s.t_host_ms };
    c.frames++;
    c.readings += cells.length;
    c.lo = Math.min(c.lo, s.t_host_ms);
    c.hi = Math.max(c.hi, s.t_host_ms);
    counts.set(sessionId, c);
  }
  for (const id of counts.keys()) agg.close(id);
  writeRollups();
  const setCounts = db.prepare(
    `UPDATE sessions SET frame_count = ?, reading_count = ?, first_data_ms = ?, last_data_ms = ? WHERE id = ?`,
  );
  for (const [id, c] of counts) setCounts.run(c.frames, c.readings, c.lo, c.hi, id);
  const tagEvents = db.prepare(`UPDATE link_events SET session_id = ? WHERE device_id = ?`);
  for (const [device, id] of sessionOf) tagEvents.run(id, device);
}
