/**
 * The station's remembered choices in the store's `settings` table, one JSON value per key (`history`:
 * retention; `interlock`: whether alarms open the rig relay). Writes go with the writer's next batch and
 * are flushed at once: a choice the operator just made must survive a crash a second later.
 */
import type { Db } from '../store/database.js';
import type { StoreWriter } from '../store/store-writer.js';

/** The stored object of `key`, or `{}` when there is none or it is not an object (a hand-edited file). */
export function readSetting(db: Db, key: string): Record<string, unknown> {
  try {
    const raw = db.prepare(`SELECT value FROM settings WHERE key = ?`).pluck().get(key) as string | undefined;
    const v = raw ? (JSON.parse(raw) as unknown) : null;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function writeSetting(writer: StoreWriter, key: string, value: unknown): void {
  const text = JSON.stringify(value);
  writer.enqueue((db) =>
    db
      .prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`)
      .run(key, text),
  );
  writer.flush();
}
