/**
 * Risk-model output as the store keeps it: one run's groups written in one batch operation (multi-row
 * inserts, rollups folded per bucket) leave the same predictions, rollups and model version as one
 * recordPredictions call per group, including a session time that repeats within the run.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HelloFrame } from '../protocol/index.js';
import type { LineSource } from '../devices/line-source.js';
import type { PredictionGroup } from './history-service.js';
import { standaloneHistory } from '../../testing/history/standalone-history.js';
import { testCleanups } from '../../testing/test-cleanups.js';

const cleanups = testCleanups();

const T0 = Date.UTC(2024, 4, 1, 8, 9, 30);
const hello: HelloFrame = {
  kind: 'hello',
  deviceId: 'RIG-P',
  bootId: '0000ABCD',
  fwVersion: '1.0.0',
  cellCount: 3,
  periodMs: 100,
  channels: '',
};
const fakeSource = { kind: 'sim', spec: 'sim', label: 'sim' } as unknown as LineSource;

function station() {
  const dir = cleanups.tempDir('station-predictions-');
  const path = join(dir, 'station.sqlite');
  const { db, writer, history } = standaloneHistory(path, dir);
  history.onHello(hello, T0, fakeSource);
  const sessionId = history.sessions.sessionOfDevice('RIG-P')!;
  const dump = () => ({
    predictions: db.prepare('SELECT * FROM predictions ORDER BY session_id, t_host_ms, cell').all(),
    rollups: db.prepare('SELECT * FROM risk_rollups ORDER BY session_id, level_ms, t_ms, cell').all(),
    version: db.prepare('SELECT model_version FROM sessions WHERE id = ?').pluck().get(sessionId),
  });
  return { db, writer, history, sessionId, dump };
}

/** 700 device-seconds of 3 cells (over 10-minute and 1-minute bucket edges), classes rising and falling. */
function groups(sessionId: number): PredictionGroup[] {
  const out: PredictionGroup[] = [];
  for (let s = 0; s < 700; s++)
    out.push({
      at: { sessionId, timeMs: T0 + s * 1000 },
      rows: [1, 2, 3].map((cell) => ({ cell, cls: (Math.floor(s / 37) + cell) % 5, confidence: 0.5 + cell / 10 })),
    });
  // The same session time twice in one run: the later rows win, as with separate calls.
  out.push({ at: { sessionId, timeMs: T0 + 5000 }, rows: [{ cell: 2, cls: 4, confidence: 0.99 }] });
  return out;
}

describe('prediction writes', () => {
  it('stores a run in one batch exactly as one call per device-second would', () => {
    const one = station();
    const batch = station();
    for (const g of groups(one.sessionId)) one.history.recordPredictions('RIG-P', 0, [...g.rows], 'model-7', g.at);
    batch.history.recordPredictionBatch(groups(batch.sessionId), 'model-7');
    one.writer.flush();
    batch.writer.flush();
    const a = one.dump();
    const b = batch.dump();
    expect(a.predictions).toHaveLength(2100);
    expect(b.version).toBe('model-7');
    expect(b).toEqual(a);
    for (const s of [one, batch]) {
      s.writer.close();
      s.db.close();
    }
  });

  it('keeps the rollups of earlier runs and raises them only where a later run goes higher', () => {
    const s = station();
    const all = groups(s.sessionId);
    s.history.recordPredictionBatch(all.slice(0, 300), 'model-7');
    s.writer.flush();
    s.history.recordPredictionBatch(all.slice(300), 'model-8');
    s.writer.flush();
    const ref = station();
    for (const g of all) ref.history.recordPredictions('RIG-P', 0, [...g.rows], 'model-8', g.at);
    ref.writer.flush();
    expect(s.dump()).toEqual(ref.dump());
    for (const x of [s, ref]) {
      x.writer.close();
      x.db.close();
    }
  });
});
