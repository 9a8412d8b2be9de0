/**
 * First schema. Readings are stored in wire units (integers) so a row is small: one `samples` row per
 * device frame carries what the cells share (time, pack current, ambient, status), and one
 * `cell_readings` row per cell in a WITHOUT ROWID table clustered by (sample, cell).
 */
import type { Migration } from './migration.js';

export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up: `
    CREATE TABLE devices (
      id INTEGER PRIMARY KEY,
      device_id TEXT NOT NULL UNIQUE,
      fw_version TEXT,
      cell_count INTEGER,
      period_ms INTEGER,
      channels TEXT,
      first_seen_ms INTEGER NOT NULL,
      last_seen_ms INTEGER NOT NULL
    );
    CREATE TABLE samples (
      id INTEGER PRIMARY KEY,
      device INTEGER NOT NULL REFERENCES devices(id),
      boot_id INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      t_dev_ms INTEGER NOT NULL,
      t_host_ms INTEGER NOT NULL,
      pack_ma INTEGER,
      ambient_cc INTEGER,
      humidity_cpct INTEGER,
      status INTEGER NOT NULL
    );
    CREATE INDEX samples_by_time ON samples(t_host_ms);
    CREATE TABLE cell_readings (
      sample_id INTEGER NOT NULL,
      cell INTEGER NOT NULL,
      mv INTEGER,
      temp_cc INTEGER,
      soc_permille INTEGER,
      soc_estimated INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (sample_id, cell)
    ) WITHOUT ROWID;
    CREATE TABLE link_events (
      id INTEGER PRIMARY KEY,
      t_host_ms INTEGER NOT NULL,
      device_id TEXT,
      source TEXT NOT NULL,
      code TEXT NOT NULL,
      detail TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX link_events_by_time ON link_events(t_host_ms);
    -- Running counters kept in the same transaction as the rows they count: COUNT(*) over
    -- millions of readings would cost a full scan on every status call.
    CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
  `,
};
