/**
 * `STATION_DEVICE=replay:…`: a replay as the station's device at start-up.
 *   replay:session:<id>[@<speed>]   a session of this station's database (read through its own
 *                                   read-only connection, beside the writer)
 *   replay:<file.csv>[@<speed>]     a CSV file in the export or the minimal format, without importing it
 * Speed is 1–1000 (× recorded pace), default 1.
 */
import { basename, join } from 'node:path';
import { replayDeviceId, ReplaySource, MAX_REPLAY_SPEED, MIN_REPLAY_SPEED } from '../devices/replay-source.js';
import { openDatabase } from '../store/database.js';
import { csvFileReplayReader } from './csv-import.js';
import { sessionReplayReader } from './frame-pages.js';

/** The core's database file name (station/station.ts), repeated here: history sits below the station. */
const DB_FILE = 'station.sqlite';

export function parseReplayTarget(
  target: string,
): { kind: 'session'; id: number; speed: number } | { kind: 'file'; path: string; speed: number } {
  const m = /^(.*?)(?:@(\d+(?:\.\d+)?)x?)?$/.exec(target.trim())!;
  const speed = m[2] === undefined ? 1 : Number(m[2]);
  if (!(speed >= MIN_REPLAY_SPEED && speed <= MAX_REPLAY_SPEED))
    throw new Error(`replay speed must be ${MIN_REPLAY_SPEED}–${MAX_REPLAY_SPEED}, got ${m[2]}`);
  const what = m[1]!;
  const s = /^session:(\d+)$/.exec(what);
  if (s) return { kind: 'session', id: Number(s[1]), speed };
  if (what === '') throw new Error('no session or file to replay');
  return { kind: 'file', path: what, speed };
}

export function createReplaySource(target: string, specText: string, dataDir: string | null | undefined): ReplaySource {
  const t = parseReplayTarget(target);
  if (t.kind === 'file') {
    const reader = csvFileReplayReader(t.path);
    if (reader.total === 0) throw new Error(`${t.path} holds no readings to replay`);
    const device = reader.parser.deviceId ?? basename(t.path).replace(/\.[^.]*$/, '');
    return new ReplaySource({
      spec: specText,
      label: `Replay of ${basename(t.path)} (${t.speed}×)`,
      deviceId: replayDeviceId(null, device),
      reader,
      speed: t.speed,
      replayOf: null,
    });
  }
  if (!dataDir) throw new Error('replaying a session needs the station data folder (STATION_DATA_DIR)');
  const db = openDatabase(join(dataDir, DB_FILE), { readonly: true });
  const row = db.prepare(`SELECT device_id, period_ms, fw_version FROM sessions WHERE id = ?`).get(t.id) as
    { device_id: string; period_ms: number | null; fw_version: string | null } | undefined;
  if (!row) {
    db.close();
    throw new Error(`no session ${t.id} in ${join(dataDir, DB_FILE)}`);
  }
  const reader = sessionReplayReader(db, t.id, 0, Number.MAX_SAFE_INTEGER, () => db.close());
  return new ReplaySource({
    spec: specText,
    label: `Replay of session ${t.id} (${t.speed}×)`,
    deviceId: replayDeviceId(t.id, row.device_id),
    reader,
    speed: t.speed,
    replayOf: t.id,
    fwVersion: /^[0-9A-Za-z.+-]{1,24}$/.test(row.fw_version ?? '') ? row.fw_version! : 'replay',
    periodMs: row.period_ms ?? 1000,
  });
}
