/**
 * History against a real SQLite file: chart series at every zoom (right table, bounded points, spikes
 * kept), sessions (start, resume, operator start), retention around alarms, lead time, CSV parsing
 * in arbitrary chunks, and export → import → the same readings.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HelloFrame } from '../protocol/index.js';
import type { LineSource } from '../devices/line-source.js';
import { openDatabase, type Db } from '../store/database.js';
import { StoreWriter } from '../store/store-writer.js';
import { CsvPages, exportPreamble } from './csv-export.js';
import { CsvFrameParser, CsvImportError, splitCsvLine } from './csv-import.js';
import { ImportJobs } from './import-jobs.js';
import { leadTime } from './lead-time.js';
import { deletableRanges, Maintenance } from './maintenance.js';
import { SeriesQueries } from './series-query.js';
import { SessionManager } from './session-manager.js';
import { fillSession } from '../../testing/history/fill.js';
import { testCleanups } from '../../testing/test-cleanups.js';

const cleanups = testCleanups();
const tempDir = () => cleanups.tempDir('station-history-');

function setup(now?: () => number) {
  const path = join(tempDir(), 'station.sqlite');
  const db = openDatabase(path);
  const writer = new StoreWriter(db, path);
  const sessions = new SessionManager({ db, writer, modelVersion: () => 'none', ...(now ? { now } : {}) });
  return { db, path, writer, sessions };
}

const hello = (deviceId: string, cellCount = 4): HelloFrame => ({
  kind: 'hello',
  deviceId,
  bootId: '0000ABCD',
  fwVersion: '1.0.0',
  cellCount,
  periodMs: 100,
  channels: '',
});
const fakeSource = { kind: 'sim', spec: 'sim', label: 'sim' } as unknown as LineSource;

const T0 = Date.UTC(2024, 4, 1, 8);

describe('chart series', () => {
  // One hour at 10 Hz, 4 cells, with a 1-frame spike of +40 °C on cell 3.
  const spikeFrame = 21_234;
  function recorded(db: Db, writer: StoreWriter, sessions: SessionManager) {
    sessions.onHello(hello('RIG-A'), T0, fakeSource);
    fillSession(writer, {
      deviceId: 'RIG-A',
      cells: 4,
      periodMs: 100,
      frames: 36_000,
      t0: T0,
      spike: { frame: spikeFrame, cell: 3, deltaC: 40 },
    });
    return new SeriesQueries(db);
  }

  it('reads every zoom level from the right table, never more than maxPoints, with the spike in its max', () => {
    const { db, writer, sessions } = setup();
    const q = recorded(db, writer, sessions);
    const spikeT = T0 + spikeFrame * 100;
    const cases = [
      { w: 20_000, resolution: 'raw', exact: true },
      { w: 600_000, resolution: 'raw', exact: false },
      { w: 1_800_000, resolution: '1s', exact: false },
      { w: 3_600_000, resolution: '1s', exact: false },
      { w: 40 * 3_600_000, resolution: '1m', exact: false },
      { w: 400 * 3_600_000, resolution: '10m', exact: false },
    ] as const;
    for (const c of cases) {
      const from = Math.max(T0, spikeT - c.w / 2);
      const s = q.series(
        {
          sessionId: 1,
          fromMs: from,
          toMs: from + c.w,
          maxPoints: 2000,
          cells: [1, 2, 3, 4],
          quantities: ['temp', 'voltage', 'current'],
          periodMs: 100,
        },
        [],
      );
      expect(s.resolution, `window ${c.w}`).toBe(c.resolution);
      expect(s.t.length).toBeLessThanOrEqual(2000);
      expect(s.sourceRows).toBeLessThanOrEqual(4 * 2000);
      expect(s.bucketMs === 0).toBe(c.exact);
      const t3 = s.series.find((x) => x.quantity === 'temp' && x.cell === 3)!;
      const peak = Math.max(...t3.max.filter((v): v is number => v !== null));
      expect(peak, `spike visible at window ${c.w}`).toBeGreaterThan(60);
      // The mean hides it at coarse zooms, which is why min and max are kept.
      if (c.w >= 3_600_000) expect(Math.max(...t3.mean.filter((v): v is number => v !== null))).toBeLessThan(40);
      expect(s.series.map((x) => x.quantity + (x.cell ?? ''))).toEqual([
        'temp1',
        'temp2',
        'temp3',
        'temp4',
        'voltage1',
        'voltage2',
        'voltage3',
        'voltage4',
        'current',
      ]);
    }
    db.close();
  });

  it('puts a null point in a gap so a chart does not bridge it', () => {
    const { db, writer, sessions } = setup();
    sessions.onHello(hello('RIG-G', 1), T0, fakeSource);
    fillSession(writer, { deviceId: 'RIG-G', cells: 1, periodMs: 1000, frames: 30, t0: T0 });
    fillSession(writer, { deviceId: 'RIG-G', cells: 1, periodMs: 1000, frames: 30, t0: T0 + 600_000 });
    const s = new SeriesQueries(db).series(
      {
        sessionId: 1,
        fromMs: T0,
        toMs: T0 + 700_000,
        maxPoints: 2000,
        cells: [1],
        quantities: ['temp'],
        periodMs: 1000,
      },
      [],
    );
    expect(s.series[0]!.mean.filter((v) => v === null)).toHaveLength(1);
    db.close();
  });

  it('draws risk classes from predictions, and from their rollups for long windows', () => {
    const { db, writer, sessions } = setup();
    sessions.onHello(hello('RIG-R', 2), T0, fakeSource);
    fillSession(writer, { deviceId: 'RIG-R', cells: 2, periodMs: 1000, frames: 7200, t0: T0 });
    const ins = db.prepare(`INSERT INTO predictions VALUES (1, ?, ?, ?, 0.9)`);
    const roll = db.prepare(
      `INSERT INTO risk_rollups VALUES (1, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET max_class = max(max_class, excluded.max_class)`,
    );
    for (let i = 0; i < 7200; i++)
      for (const cell of [1, 2]) {
        const cls = cell === 2 && i === 5000 ? 4 : i > 3600 ? 1 : 0;
        ins.run(T0 + i * 1000, cell, cls);
        for (const ms of [60_000, 600_000]) roll.run(ms, Math.floor((T0 + i * 1000) / ms) * ms, cell, cls);
      }
    const q = new SeriesQueries(db);
    const short = q.series(
      {
        sessionId: 1,
        fromMs: T0,
        toMs: T0 + 600_000,
        maxPoints: 2000,
        cells: [1, 2],
        quantities: ['temp'],
        periodMs: 1000,
      },
      [],
    );
    expect(short.risk?.resolution).toBe('raw');
    const long = q.series(
      {
        sessionId: 1,
        fromMs: T0,
        toMs: T0 + 7_200_000,
        maxPoints: 200,
        cells: [1, 2],
        quantities: ['temp'],
        periodMs: 1000,
      },
      [],
    );
    expect(long.risk?.resolution).toBe('1m');
    expect(Math.max(...long.risk!.series[1]!.max.map((v) => v ?? 0))).toBe(4);
    expect(long.risk!.t.length).toBeLessThanOrEqual(200);
    db.close();
  });
});

describe('sessions', () => {
  it('starts on hello, continues after a short absence, and starts anew after a long one with the same rig', () => {
    let now = T0;
    const { db, writer, sessions } = setup(() => now);
    sessions.onHello(hello('RIG-S'), now, fakeSource);
    fillSession(writer, { deviceId: 'RIG-S', cells: 4, periodMs: 100, frames: 50, t0: now });
    sessions.update(1, { rig: 'Bench 3', chemistry: 'NMC 811', capacityAh: 5, notes: 'first run' });

    // The station restarts 2 min later: a new manager (new process), same device.
    const writer2 = new StoreWriter(db, 'x');
    const s2 = new SessionManager({ db, writer: writer2, modelVersion: () => 'v2', now: () => now });
    now = T0 + 120_000;
    s2.onHello(hello('RIG-S'), now, fakeSource);
    expect(s2.sessionOfDevice('RIG-S')).toBe(1);
    fillSession(writer2, { deviceId: 'RIG-S', cells: 4, periodMs: 100, frames: 50, t0: now });
    expect(s2.get(1).frameCount).toBe(100);

    // Back after two hours: the old session ends at its last frame; the new one keeps the rig details.
    const writer3 = new StoreWriter(db, 'x');
    const s3 = new SessionManager({ db, writer: writer3, modelVersion: () => 'v3', now: () => now });
    now = T0 + 2 * 3_600_000;
    s3.onHello(hello('RIG-S'), now, fakeSource);
    writer3.flush();
    const [newest, old] = s3.list({ limit: 10 });
    expect(old!.endedMs).toBe(T0 + 120_000 + 49 * 100);
    expect(newest).toMatchObject({
      id: 2,
      rig: 'Bench 3',
      chemistry: 'NMC 811',
      capacityAh: 5,
      notes: '',
      modelVersion: 'v3',
      active: true,
    });

    // The operator starts a new run: the current one ends now.
    now += 60_000;
    const started = s3.startByOperator('RIG-S', { notes: 'second cell batch' });
    expect(started).toMatchObject({ id: 3, startedBy: 'operator', rig: 'Bench 3', notes: 'second cell batch' });
    expect(s3.get(2).endedMs).toBe(now);
    expect(() => s3.startByOperator('NOPE', {})).toThrow(/not streaming/);
    db.close();
  });
});

describe('sessions within one process', () => {
  it('start anew when the device returns after a long silence or with another cell count', () => {
    let now = T0;
    const { db, writer, sessions } = setup(() => now);
    sessions.onHello(hello('RIG-L', 4), now, fakeSource);
    fillSession(writer, { deviceId: 'RIG-L', cells: 4, periodMs: 100, frames: 20, t0: now });
    now += 60_000;
    sessions.onHello(hello('RIG-L', 4), now, fakeSource); // a replug: same run
    expect(sessions.sessionOfDevice('RIG-L')).toBe(1);
    now += 3 * 3_600_000;
    sessions.onHello(hello('RIG-L', 4), now, fakeSource); // hours later: a new run
    expect(sessions.sessionOfDevice('RIG-L')).toBe(2);
    expect(sessions.get(1).endedMs).toBe(T0 + 19 * 100);
    sessions.onHello(hello('RIG-L', 8), now + 1000, fakeSource); // rewired to 8 cells
    expect(sessions.sessionOfDevice('RIG-L')).toBe(3);
    expect(sessions.get(3).cellCount).toBe(8);
    db.close();
  });
});

describe('retention', () => {
  it('splits the old part into the ranges around alarms', () => {
    expect(deletableRanges(100, [])).toEqual([[-Infinity, 100]]);
    expect(
      deletableRanges(100, [
        [40, 60],
        [50, 70],
        [90, 120],
        [200, 300],
      ]),
    ).toEqual([
      [-Infinity, 40],
      [71, 90],
    ]);
  });

  it('deletes raw frames older than N days except ±10 min around alarm changes, and keeps the rollups', async () => {
    const now = T0 + 40 * 86_400_000;
    const { db, path, writer, sessions } = setup(() => now);
    sessions.onHello(hello('RIG-T', 2), T0, fakeSource);
    // Two hours of 1 Hz data, 40 days old; an alarm one hour in.
    fillSession(writer, { deviceId: 'RIG-T', cells: 2, periodMs: 1000, frames: 7200, t0: T0 });
    db.prepare(
      `INSERT INTO alarms (run_id, book_id, session_id, key, code, severity, peak_severity, source, message, raised_ms)
       VALUES ('r', 1, 1, 'k', 'T_WARN', 'warning', 'warning', 'rule', 'm', ?)`,
    ).run(T0 + 3_600_000);
    db.prepare(`INSERT INTO alarm_changes VALUES (1, ?, 'raised', 'warning', 'm')`).run(T0 + 3_600_000);
    const rollupsBefore = db.prepare(`SELECT count(*) FROM rollup_1s`).pluck().get();
    const m = new Maintenance({ db, path, writer, now: () => now, deleteStep: 500 });
    m.setSettings({ rawRetentionDays: 30 });
    await m.run();
    const left = db.prepare(`SELECT min(t_host_ms) AS lo, max(t_host_ms) AS hi, count(*) AS n FROM frames`).get() as {
      lo: number;
      hi: number;
      n: number;
    };
    expect(left.n).toBe(1201);
    expect(left.lo).toBe(T0 + 3_600_000 - 600_000);
    expect(left.hi).toBe(T0 + 3_600_000 + 600_000);
    expect(db.prepare(`SELECT count(*) FROM rollup_1s`).pluck().get()).toBe(rollupsBefore);
    expect(m.info().lastRetention?.framesDeleted).toBe(7200 - 1201);
    expect(m.info().lastVacuum?.pagesFreed).toBeGreaterThan(0);
    expect(m.info().settings.rawRetentionDays).toBe(30);
    db.close();
  });
});

describe('lead time', () => {
  it('runs from the first rule or model warning to the runaway onset', () => {
    const lt = leadTime(
      [
        { tMs: 1000, severity: 'warning', code: 'LINK_LOST', source: 'link', cell: null },
        { tMs: 5000, severity: 'warning', code: 'RISE', source: 'rule', cell: 3 },
        { tMs: 9000, severity: 'critical', code: 'RUNAWAY', source: 'rule', cell: 3 },
      ],
      [{ tMs: 4000, cls: 2, cell: 3 }],
    );
    expect(lt.onset).toMatchObject({ tMs: 9000, cell: 3 });
    expect(lt.firstWarning).toMatchObject({ tMs: 4000, by: 'model class 2' });
    expect(lt.leadMs).toBe(5000);
    expect(leadTime([{ tMs: 1, severity: 'alarm', code: 'T_ALARM', source: 'rule', cell: 1 }], []).onset).toBeNull();
  });
});

describe('CSV', () => {
  it('splits quoted fields', () => {
    expect(splitCsvLine('a,"b,c","d""e",')).toEqual(['a', 'b,c', 'd"e', '']);
  });

  it('reads the minimal format in chunks cut anywhere, with every time style', () => {
    const text =
      '\ufeffTime,Cell,Temperature,Voltage,Current\r\n' +
      '2024-05-01T08:00:00.000Z,1,25.5,3.701,2\r\n' +
      '2024-05-01T08:00:00.000Z,2,25.75,,2\r\n' +
      '1714550401000,1,26,3.7,2\n' +
      '1714550402,1,not-a-number,3.7,2\n' +
      '1714550403,2,27,3.69,-1.5\n';
    const p = new CsvFrameParser();
    const frames = [];
    for (let i = 0; i < text.length; i += 7) frames.push(...p.push(text.slice(i, i + 7)));
    frames.push(...p.end());
    expect(p.format).toBe('minimal');
    expect(frames.map((f) => f.tHostMs)).toEqual([1714550400000, 1714550401000, 1714550403000]);
    expect(frames[0]!.cells).toEqual([
      { mv: 3701, tempCc: 2550, socPermille: null, socEstimated: false },
      { mv: null, tempCc: 2575, socPermille: null, socEstimated: false },
    ]);
    expect(frames[2]!.cells[0]).toEqual({ mv: null, tempCc: null, socPermille: null, socEstimated: false });
    expect(frames[2]!.packMa).toBe(-1500);
    expect(frames.map((f) => f.seq)).toEqual([0, 1, 2]);
    expect(p.skipped).toBe(1);
    expect(p.warnings[0]).toMatch(/line 5: a value is not a number/);
  });

  it('anchors small numbers as seconds since the start, and refuses a file it cannot read', () => {
    const p = new CsvFrameParser(1_000_000);
    const f = [...p.push('time,cell,temp\n0,1,20\n0.5,1,21\n'), ...p.end()];
    expect(f.map((x) => x.tHostMs)).toEqual([1_000_000, 1_000_500]);
    expect(() => new CsvFrameParser().push('a,b,c\n1,2,3\n')).toThrow(CsvImportError);
    expect(() => new CsvFrameParser().end()).toThrow(/no header/);
  });

  it('exports a window and imports it back as the same readings in a new session', async () => {
    const { db, path, writer, sessions } = setup();
    sessions.onHello(hello('RIG-X', 3), T0, fakeSource);
    fillSession(writer, { deviceId: 'RIG-X', cells: 3, periodMs: 250, frames: 1000, t0: T0 });
    sessions.update(1, { rig: 'Oven, rack "B"', chemistry: 'LFP', capacityAh: 2.5 });
    const w = { session: sessions.get(1), fromMs: T0 + 10_000, toMs: T0 + 60_000 };
    const pages = new CsvPages(db, w);
    let csv = exportPreamble(w);
    for (let c = pages.next(); c; c = pages.next()) csv += c.text;
    const file = join(tempDir(), 'x.csv');
    writeFileSync(file, csv);
    expect(csv.split('\n')[1]).toBe(
      'time_iso,t_host_ms,session_id,device_id,boot_id,seq,t_dev_ms,cell,voltage_v,temp_c,current_a,ambient_c,humidity_pct,soc_pct,soc_estimated,status',
    );
    expect(csv.trim().split('\n')).toHaveLength(2 + 201 * 3);

    const imports = new ImportJobs(db, path, sessions);
    const r = await imports.importFile(file, {});
    expect(r).toMatchObject({ format: 'station', frames: 201, rows: 603, skipped: 0 });
    const imported = sessions.get(r.sessionId);
    expect(imported).toMatchObject({
      kind: 'import',
      deviceId: 'RIG-X',
      rig: 'Oven, rack "B"',
      chemistry: 'LFP',
      capacityAh: 2.5,
      frameCount: 201,
      periodMs: 250,
    });
    expect(imported.endedMs).toBe(T0 + 60_000);
    const a = db
      .prepare(
        `SELECT seq, t_host_ms, t_dev_ms, pack_ma, cells FROM frames WHERE session_id = 1 AND t_host_ms BETWEEN ? AND ? ORDER BY id`,
      )
      .all(T0 + 10_000, T0 + 60_000);
    const b = db
      .prepare(`SELECT seq, t_host_ms, t_dev_ms, pack_ma, cells FROM frames WHERE session_id = ? ORDER BY id`)
      .all(r.sessionId);
    expect(b).toEqual(a);
    expect(db.prepare(`SELECT count(*) FROM rollup_1s WHERE session_id = ?`).pluck().get(r.sessionId)).toBe(51);
    expect(readFileSync(file, 'utf8').startsWith('# EV Battery Station export v1 {')).toBe(true);
    db.close();
  });

  it('drops a cancelled import and everything it had stored', () => {
    const { db, path, sessions } = setup();
    const imports = new ImportJobs(db, path, sessions);
    const id = imports.begin('part.csv', {});
    imports.append(id, 'time,cell,temperature\n');
    for (let i = 0; i < 100; i++) imports.append(id, `${1_714_550_400_000 + i * 1000},1,20\n`);
    expect(db.prepare(`SELECT count(*) FROM frames`).pluck().get()).toBeGreaterThan(0);
    imports.cancel(id);
    expect(db.prepare(`SELECT count(*) FROM frames`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM sessions`).pluck().get()).toBe(0);
    db.close();
  });
});
