/**
 * The core with the simulated rig for a few seconds against a real SQLite file: rows land on disk,
 * the contract's latest-state call returns them, and nothing is lost between memory and disk.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { callStation } from '../../testing/station-calls.js';
import { StationCore } from './station.js';
import { SimpleRigModel } from '../../testing/simple-rig-model.js';
import { SimulatorSource } from '../devices/simulator-source.js';
import { testCleanups } from '../../testing/test-cleanups.js';

const quiet = () => undefined;
const cleanups = testCleanups();
const tempDir = () => cleanups.tempDir('station-it-');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('station core with the simulator', () => {
  it('stores every simulated reading in SQLite and serves the latest through the contract', async () => {
    const dir = tempDir();
    const core = new StationCore({ dataDir: dir, logger: quiet, flushIntervalMs: 50 });
    const source = new SimulatorSource({
      spec: 'sim',
      label: 'sim',
      model: new SimpleRigModel(4, 7),
      periodMs: 100,
      speed: 1,
    });
    const lines: string[] = [];
    source.on('line', (l) => lines.push(l));
    await core.addSource(source);
    await sleep(2500);
    await source.stop();
    core.flush();

    const dataFrames = lines.filter((l) => l.startsWith('$EVB1,D,')).length;
    expect(dataFrames).toBeGreaterThanOrEqual(15);

    const latest = await callStation(core, 'getLatestReadings', { limit: 8 });
    expect(latest.ok).toBe(true);
    const readings = (latest as { result: { cell: number; voltageV: number; tempC: number; seq: number }[] }).result;
    expect(readings).toHaveLength(8);
    expect(new Set(readings.slice(0, 4).map((r) => r.cell))).toEqual(new Set([1, 2, 3, 4]));
    for (const r of readings) {
      expect(r.voltageV).toBeGreaterThan(2.5);
      expect(r.voltageV).toBeLessThan(4.3);
      expect(r.tempC).toBeGreaterThan(15);
      expect(r.tempC).toBeLessThan(40);
    }

    const status = await callStation(core, 'getStatus', {});
    expect(status.ok && (status.result as { storeOk: boolean }).storeOk).toBe(true);
    await core.close();

    const db = new Database(join(dir, 'station.sqlite'), { readonly: true });
    const cellRows = db.prepare('SELECT count(*) FROM cell_readings').pluck().get() as number;
    const seqs = db.prepare('SELECT seq FROM samples ORDER BY id').pluck().all() as number[];
    const newest = db.prepare('SELECT seq FROM samples ORDER BY id DESC LIMIT 1').pluck().get() as number;
    db.close();
    expect(cellRows).toBe(dataFrames * 4);
    expect(seqs).toEqual(seqs.map((_, i) => i));
    expect(newest).toBe(readings[0]!.seq);
  });

  it('keeps the record count across a restart', async () => {
    const dir = tempDir();
    const a = new StationCore({ dataDir: dir, logger: quiet });
    const src = new SimulatorSource({
      spec: 'sim',
      label: 'sim',
      model: new SimpleRigModel(2, 1),
      periodMs: 1000,
      speed: 1,
    });
    await a.addSource(src);
    await src.stop();
    src.emitFrames(50);
    await a.close();
    const b = new StationCore({ dataDir: dir, logger: quiet });
    expect(b.status().stats.totalRecords).toBe(102);
    expect(b.handlers.getLatestReadings({ limit: 2 })).toHaveLength(2);
    await b.close();
  });

  it('keeps running in memory, and says so, when the data folder cannot be created', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'not a folder');
    const notices: string[] = [];
    const core = new StationCore({ dataDir: join(dir, 'file', 'data'), logger: (_l, m) => notices.push(m) });
    const src = new SimulatorSource({ spec: 'sim', label: 'sim', model: new SimpleRigModel(2, 1), periodMs: 1000 });
    await core.addSource(src);
    await src.stop();
    src.emitFrames(5);
    const st = core.status();
    expect(st.storeOk).toBe(false);
    expect(st.notices.some((n) => n.level === 'error' && /NOT stored/.test(n.message))).toBe(true);
    expect(st.stats.totalRecords).toBe(12);
    await core.close();
  });

  it('rejects unknown methods and bad params without reaching the core', async () => {
    const core = new StationCore({ dataDir: null, logger: quiet });
    expect(await callStation(core, 'dropTables', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await callStation(core, 'getLatestReadings', { limit: -5 })).toMatchObject({
      ok: false,
      error: { code: 'bad-params' },
    });
    expect(await callStation(core, 'getLatestReadings', { limit: 5, extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'bad-params' },
    });
    await core.close();
  });
});
