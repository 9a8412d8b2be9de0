/**
 * What the optional MongoDB sync (native-bridge/sync) needs to know about the rest of the file.
 *
 * Append-only tables (frames, link_events, alarm_changes) are synced by a high-water mark on their
 * rowid: one writer commits rows in id order, so "everything above the mark" is exactly what was not
 * yet sent, and ingest pays nothing for it (an outbox row per frame would double the writer's work).
 * Two deletions could break that and are handled here, in the deleting transaction itself:
 *  - a deleted newest frame (a cancelled import, or retention when every frame is old) lets SQLite
 *    hand its id out again, below the mark, where the sync would never look: the mark is lowered to
 *    the new maximum (everything at or below it was sent) and its epoch bumped, so a batch read
 *    before the deletion cannot move it back up when it commits;
 *  - frames deleted before they were sent (retention on a station offline for longer than its raw
 *    retention) are counted, so the status can say what the fleet will never get.
 *
 * Mutable or rowid-less tables (sessions, predictions) get a change list instead, `sync_dirty`, filled
 * by triggers: one row per session and one per device-second of predictions (a coarser key would send
 * a minute's documents again each time a second is added to it), whose `rev` rises with every change, so the sync clears an entry only if nothing touched it since it was read. The triggers
 * only write once sync has been switched on (a `sync_marks` row exists); a station that never syncs
 * carries nothing. Switching on seeds the backlog (sync/sync-state.ts).
 *
 * `sync_model_spans` keeps which model version a session used from when, so every synced prediction
 * names the model that made it even if the model changed during the session.
 *
 * `store_uid` names this database file among all others: document ids start with it, so a second
 * station, or this one on a wiped data folder, can never overwrite what another file sent.
 */
import type { Migration } from './migration.js';

const SYNC_ON = `EXISTS (SELECT 1 FROM sync_marks)`;
const touch = (stream: string, k1: string, k2: string) =>
  `INSERT INTO sync_dirty (stream, k1, k2) SELECT '${stream}', ${k1}, ${k2} WHERE ${SYNC_ON}
     ON CONFLICT (stream, k1, k2) DO UPDATE SET rev = rev + 1;`;

export const migration0004: Migration = {
  version: 4,
  name: 'sync-outbox',
  up: `
    CREATE TABLE sync_marks (
      stream TEXT PRIMARY KEY,
      -- Highest rowid sent (frames, link_events, alarm_changes), or the backfill cursor's session.
      last_id INTEGER NOT NULL DEFAULT 0,
      -- The predictions backfill cursor's time within that session.
      last_t INTEGER NOT NULL DEFAULT 0,
      epoch INTEGER NOT NULL DEFAULT 0,
      done INTEGER NOT NULL DEFAULT 0,
      pruned_readings INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE sync_dirty (
      stream TEXT NOT NULL,
      k1 INTEGER NOT NULL,
      k2 INTEGER NOT NULL,
      rev INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (stream, k1, k2)
    ) WITHOUT ROWID;
    CREATE TABLE sync_model_spans (
      session_id INTEGER NOT NULL,
      from_ms INTEGER NOT NULL,
      model_version TEXT NOT NULL,
      PRIMARY KEY (session_id, from_ms)
    ) WITHOUT ROWID;
    INSERT INTO sync_model_spans SELECT id, started_ms, model_version FROM sessions;
    INSERT OR IGNORE INTO settings (key, value) VALUES ('store_uid', lower(hex(randomblob(6))));

    CREATE TRIGGER sync_session_inserted AFTER INSERT ON sessions BEGIN
      INSERT OR IGNORE INTO sync_model_spans VALUES (new.id, new.started_ms, new.model_version);
      ${touch('sessions', 'new.id', '0')}
    END;
    CREATE TRIGGER sync_session_updated AFTER UPDATE ON sessions BEGIN
      ${touch('sessions', 'new.id', '0')}
    END;
    CREATE TRIGGER sync_session_model AFTER UPDATE OF model_version ON sessions
      WHEN new.model_version != old.model_version BEGIN
      INSERT OR REPLACE INTO sync_model_spans
        VALUES (new.id, coalesce(old.last_data_ms, old.started_ms) + 1, new.model_version);
    END;
    -- The key of a deleted session (id, created_ms) is all the sync needs to delete what it sent.
    CREATE TRIGGER sync_session_deleted AFTER DELETE ON sessions BEGIN
      ${touch('deleted-sessions', 'old.id', 'old.created_ms')}
    END;
    CREATE TRIGGER sync_prediction_written AFTER INSERT ON predictions BEGIN
      ${touch('predictions', 'new.session_id', 'new.t_host_ms')}
    END;

    CREATE TRIGGER sync_frame_pruned AFTER DELETE ON frames
      WHEN old.id > coalesce((SELECT last_id FROM sync_marks WHERE stream = 'frames'), 9e18) BEGIN
      UPDATE sync_marks SET pruned_readings = pruned_readings + (length(old.cells) - 2) / 9 WHERE stream = 'frames';
    END;
    CREATE TRIGGER sync_frame_mark_lowered AFTER DELETE ON frames
      WHEN old.id > coalesce((SELECT max(id) FROM frames), 0) AND EXISTS (SELECT 1 FROM sync_marks WHERE stream = 'frames') BEGIN
      UPDATE sync_marks SET last_id = min(last_id, coalesce((SELECT max(id) FROM frames), 0)), epoch = epoch + 1
        WHERE stream = 'frames';
    END;
  `,
};
