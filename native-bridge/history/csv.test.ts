/** CSV in and out: quoted fields through csv-parse, the minimal format in arbitrary chunks, export → import as the same readings, a cancelled import. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvPages, exportPreamble } from './csv-export.js';
import type { ReplayFrame } from '../devices/replay-source.js';
import { CsvFrameParser, CsvImportError, parseCsvText, readCsvFrames } from './csv-import.js';
import { ImportJobs } from './import-jobs.js';
import { fillSession } from '../../testing/history/fill.js';
import { fakeSource, hello, sessionDb, T0 } from '../../testing/history/session-db.js';
import { testCleanups } from '../../testing/test-cleanups.js';

const cleanups = testCleanups();
const setup = (now?: () => number) => sessionDb(cleanups.tempDir('station-history-'), now);

describe('CSV', () => {
  it('reads quoted fields: commas, doubled quotes and line breaks inside quotes', () => {
    const p = new CsvFrameParser();
    const frames = parseCsvText(
      'device_id,time,cell,temperature\n"RIG,\n""A""",1714550400000,1,25\n"RIG",1714550401000,"1",26\n',
      p,
    );
    expect(frames.map((f) => f.tHostMs)).toEqual([1714550400000, 1714550401000]);
    expect(p).toMatchObject({ rows: 2, skipped: 0 });
    // A device id that is not one (it holds a comma, a line break and quotes) is not taken.
    expect(p.deviceId).toBe('RIG');
  });

  it('reads the minimal format in chunks cut anywhere, with every time style', async () => {
    const text =
      '\ufeffTime,Cell,Temperature,Voltage,Current\r\n' +
      '2024-05-01T08:00:00.000Z,1,25.5,3.701,2\r\n' +
      '2024-05-01T08:00:00.000Z,2,25.75,,2\r\n' +
      '1714550401000,1,26,3.7,2\n' +
      '1714550402,1,not-a-number,3.7,2\n' +
      '1714550403,2,27,3.69,-1.5\n';
    for (const step of [1, 7, 64]) {
      const p = new CsvFrameParser();
      const frames: ReplayFrame[] = [];
      async function* chunks() {
        for (let i = 0; i < text.length; i += step) yield text.slice(i, i + step);
      }
      await readCsvFrames(chunks(), p, (f) => void frames.push(...f));
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
    }
  });

  it('reads "nan" in a column as a missing value, not a broken row', () => {
    const p = new CsvFrameParser(0);
    const frames = parseCsvText(
      'time,cell,temperature,voltage,current,ambient_c\n0,1,23.7,4.18,0.000,nan\n1,1,23.8,4.17,1.2,NaN\n',
      p,
    );
    expect(p.skipped).toBe(0);
    expect(frames.map((f) => [f.ambientCc, f.packMa, f.cells[0]!.tempCc])).toEqual([
      [null, 0, 2370],
      [null, 1200, 2380],
    ]);
  });

  it('anchors small numbers as seconds since the start, and refuses a file it cannot read', () => {
    const f = parseCsvText('time,cell,temp\n0,1,20\n0.5,1,21\n', new CsvFrameParser(1_000_000));
    expect(f.map((x) => x.tHostMs)).toEqual([1_000_000, 1_000_500]);
    expect(() => parseCsvText('a,b,c\n1,2,3\n', new CsvFrameParser())).toThrow(CsvImportError);
    expect(() => parseCsvText('', new CsvFrameParser())).toThrow(/no header/);
    // One 200 kB "line": csv-parse refuses the record, and nothing of it is quoted back.
    expect(() => parseCsvText(`${'x'.repeat(200_000)}\n`, new CsvFrameParser())).toThrow(/no header/);
  });

  it('exports a window and imports it back as the same readings in a new session', async () => {
    const { db, path, writer, sessions } = setup();
    sessions.onHello(hello('RIG-X', 3), T0, fakeSource);
    fillSession(writer, { deviceId: 'RIG-X', cells: 3, periodMs: 250, frames: 1000, t0: T0 });
    sessions.update(1, { rig: 'Oven, rack "B"', chemistry: 'LFP', capacityAh: 2.5, vMinV: 2.0 });
    const w = { session: sessions.get(1), fromMs: T0 + 10_000, toMs: T0 + 60_000 };
    const pages = new CsvPages(db, w);
    let csv = exportPreamble(w);
    for (let c = pages.next(); c; c = pages.next()) csv += c.text;
    const file = join(cleanups.tempDir('station-history-'), 'x.csv');
    writeFileSync(file, csv);
    expect(csv.split('\n')[1]).toBe(
      'time_iso,t_host_ms,session_id,device_id,boot_id,seq,t_dev_ms,cell,voltage_v,temp_c,current_a,ambient_c,humidity_pct,soc_pct,soc_estimated,status',
    );
    expect(csv.trim().split('\n')).toHaveLength(2 + 201 * 3);

    const imports = new ImportJobs({ db, dbPath: path, sessions });
    const r = await imports.importFile(file, {});
    expect(r).toMatchObject({ format: 'station', frames: 201, rows: 603, skipped: 0 });
    const imported = sessions.get(r.sessionId);
    expect(imported).toMatchObject({
      kind: 'import',
      deviceId: 'RIG-X',
      rig: 'Oven, rack "B"',
      chemistry: 'LFP',
      capacityAh: 2.5,
      vMinV: 2.0,
      vMaxV: null,
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

    // A header's impossible window (an LFP floor above its 3.65 V top) is dropped for the chemistry's;
    // an operator's is refused before anything is read.
    const tampered = join(cleanups.tempDir('station-history-'), 'tampered.csv');
    writeFileSync(tampered, csv.replace('"vMinV":2', '"vMinV":3.9'));
    const t = await imports.importFile(tampered, {});
    expect(sessions.get(t.sessionId)).toMatchObject({ vMinV: null, vMaxV: null, frameCount: 201 });
    await expect(Promise.resolve().then(() => imports.importFile(file, { vMinV: 4, vMaxV: 3 }))).rejects.toThrow(
      /V_min 4 V is not below V_max 3 V/,
    );
    db.close();
  });

  it('drops a cancelled import and everything it had stored', async () => {
    const { db, path, sessions } = setup();
    const imports = new ImportJobs({ db, dbPath: path, sessions });
    const id = imports.begin('part.csv', {});
    await imports.append(id, 'time,cell,temperature\n');
    for (let i = 0; i < 2000; i++) await imports.append(id, `${1_714_550_400_000 + i * 1000},1,20\n`);
    const frames = () => db.prepare(`SELECT count(*) FROM frames`).pluck().get() as number;
    await expect.poll(frames).toBeGreaterThan(0);
    expect(imports.cancel(id)).toBe(true);
    await expect(imports.append(id, 'x')).rejects.toThrow(/No import/);
    await expect.poll(() => db.prepare(`SELECT count(*) FROM sessions`).pluck().get(), { timeout: 10_000 }).toBe(0);
    expect(frames()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM rollup_1s`).pluck().get()).toBe(0);
    db.close();
  });
});
