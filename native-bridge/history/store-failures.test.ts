/**
 * The store when the disk says no: a read-only database file, a full disk (a 2 MB tmpfs), and a file
 * written by a newer station. Each shows a clear notice (what the UI's banner displays), the station
 * keeps showing live data, and nothing already stored is lost — on a full disk not even what was
 * queued while it was full.
 *
 * The read-only case runs the station as an unprivileged user when the tests run as root (root
 * ignores file modes). The full disk needs root to mount a tmpfs; with CI=true a missing capability
 * fails the test instead of skipping it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Notice } from '../contract/index.js';
import { callStation } from '../../testing/station-calls.js';
import { StationCore } from '../station/station.js';
import { SimpleRigModel } from '../../testing/simple-rig-model.js';
import { SimulatorSource } from '../devices/simulator-source.js';
import { SCHEMA_VERSION } from '../store/migrations/index.js';
import { probeAsNobody } from '../../testing/probe-as-nobody.js';

const CI = process.env.CI === 'true';
const isRoot = process.getuid?.() === 0;
const dirs: string[] = [];
const mounts: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'station-fail-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const m of mounts) spawnSync('umount', [m]);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

/** Records a short run into `dataDir` and returns its frame count. */
async function record(dataDir: string): Promise<number> {
  const core = new StationCore({ dataDir, logger: () => undefined, flushIntervalMs: 50 });
  const sim = new SimulatorSource({ spec: 'sim', label: 'sim', model: new SimpleRigModel(4, 2), periodMs: 1000 });
  await core.addSource(sim);
  await sim.stop();
  sim.emitFrames(200);
  await core.close();
  const db = new Database(join(dataDir, 'station.sqlite'), { readonly: true });
  const n = db.prepare(`SELECT count(*) FROM frames`).pluck().get() as number;
  db.close();
  return n;
}

function tryMountTmpfs(dir: string, size: string): string | null {
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status === 0) {
    mounts.push(dir);
    return null;
  }
  return (r.stderr || r.error?.message || `mount exited ${r.status}`).trim();
}

describe('store failures', () => {
  it('a database from a newer station: clear notice, file untouched, live data still shown', async () => {
    const dataDir = tempDir();
    const stored = await record(dataDir);
    const path = join(dataDir, 'station.sqlite');
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = sha(path);

    const core = new StationCore({ dataDir, logger: () => undefined });
    const sim = new SimulatorSource({ spec: 'sim', label: 'sim', model: new SimpleRigModel(4, 2), periodMs: 1000 });
    await core.addSource(sim);
    await sim.stop();
    sim.emitFrames(10);
    const st = core.status();
    expect(st.storeOk).toBe(false);
    const n = st.notices.find((x) => x.code === 'store.newer-version')!;
    expect(n.level).toBe('error');
    expect(n.message).toMatch(
      /written by a newer station \(schema \d+, this build knows \d+\).*Update the station.*NOT stored/,
    );
    expect(st.stats.totalRecords).toBeGreaterThan(0);
    const h = await callStation(core, 'listSessions', {});
    expect(h).toMatchObject({ ok: false, error: { code: 'store.unavailable' } });
    await core.close();

    expect(sha(path)).toBe(before);
    const check = new Database(path, { readonly: true });
    expect(check.prepare(`SELECT count(*) FROM frames`).pluck().get()).toBe(stored);
    check.close();
  });

  it('a read-only database file: clear notice at start, nothing stored is lost', async () => {
    const dataDir = tempDir();
    const stored = await record(dataDir);
    const path = join(dataDir, 'station.sqlite');
    chmodSync(dataDir, 0o777);
    chmodSync(path, 0o444);
    const before = sha(path);

    let out: { storeOk: boolean; notices: Notice[]; totalRecords: number; history: { error?: string } };
    if (isRoot) {
      // Root writes through file modes; run the station as `nobody`, as an operator's account would.
      out = probeAsNobody<typeof out>('testing/history/store-probe.ts', [dataDir]);
    } else {
      const core = new StationCore({ dataDir, logger: () => undefined });
      const sim = new SimulatorSource({ spec: 'sim', label: 'sim', model: new SimpleRigModel(4, 2), periodMs: 20 });
      await core.addSource(sim);
      await sleep(400);
      await sim.stop();
      const st = core.status();
      const h = await callStation(core, 'listSessions', {});
      out = {
        storeOk: st.storeOk,
        notices: st.notices,
        totalRecords: st.stats.totalRecords,
        history: h.ok ? {} : { error: h.error.code },
      };
      await core.close();
    }
    expect(out.storeOk).toBe(false);
    const n = out.notices.find((x) => x.code === 'store.readonly');
    expect(n?.level).toBe('error');
    expect(n?.message).toMatch(
      /Cannot write the database at .*station\.sqlite: permission denied or read-only.*STATION_DATA_DIR.*NOT stored/,
    );
    expect(out.totalRecords).toBeGreaterThan(0);
    expect(out.history.error).toBe('store.unavailable');

    expect(sha(path)).toBe(before);
    chmodSync(path, 0o644);
    const core = new StationCore({ dataDir, logger: () => undefined });
    expect(core.status().storeOk).toBe(true);
    expect((await core.handlers.getSession({ id: 1 })).frameCount).toBe(stored);
    await core.close();
  });

  it('a full disk: clear notice, queue kept, everything written once space is back', async (ctx) => {
    const dataDir = tempDir();
    mkdirSync(dataDir, { recursive: true });
    const why = tryMountTmpfs(dataDir, '2m');
    if (why !== null) {
      const message = `the full-disk test needs to mount a 2 MB tmpfs (root with CAP_SYS_ADMIN): ${why}`;
      // With CI=true a missing capability fails the suite; elsewhere the test says why it skips.
      if (CI) throw new Error(message);
      console.warn(`SKIPPED: ${message}`);
      ctx.skip();
      return;
    }

    const notices: Notice[] = [];
    const core = new StationCore({ dataDir, logger: () => undefined, flushIntervalMs: 50 });
    core.on((e, p) => {
      if (e === 'onNotice') notices.push(p as Notice);
    });
    const sim = new SimulatorSource({
      spec: 'sim',
      label: 'sim',
      model: new SimpleRigModel(8, 4),
      periodMs: 50,
      speed: 200,
    });
    let emitted = 0;
    sim.on('line', (l) => (emitted += l.startsWith('$EVB1,D,') ? 1 : 0));
    await core.addSource(sim);
    for (let i = 0; i < 400 && !notices.some((n) => n.code === 'store.disk-full'); i++) await sleep(50);
    const full = notices.find((n) => n.code === 'store.disk-full');
    expect(full, 'the 2 MB disk filled up').toBeDefined();
    expect(full!.level).toBe('error');
    expect(full!.message).toMatch(
      /The disk holding .*station\.sqlite is full.*Free space or move STATION_DATA_DIR; readings are kept in memory until the write succeeds/,
    );

    // While full: live data goes on, and what is already on disk reads back intact.
    const recordsAtFull = core.status().stats.totalRecords;
    // Long enough for the checkpoint thread (one a second) to fail three times: it says so once.
    await sleep(3000);
    const checkpointNotices = notices.filter((n) => n.code === 'store.checkpoint');
    expect(checkpointNotices.length).toBeLessThanOrEqual(1);
    for (const n of checkpointNotices)
      expect(n.message).toMatch(/WAL checkpoint failed: .*full.*the log keeps every commit/);
    expect(core.status().stats.totalRecords).toBeGreaterThan(recordsAtFull);
    const peek = new Database(join(dataDir, 'station.sqlite'), { readonly: true });
    expect(peek.pragma('quick_check', { simple: true })).toBe('ok');
    peek.close();

    // Space comes back: the queue is written and the banner clears.
    execFileSync('mount', ['-o', 'remount,size=64m', dataDir]);
    for (let i = 0; i < 100 && !notices.some((n) => n.code === 'store.recovered'); i++) await sleep(50);
    expect(notices.some((n) => n.code === 'store.recovered')).toBe(true);
    await sim.stop();
    await core.close();

    const db = new Database(join(dataDir, 'station.sqlite'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const r = db.prepare(`SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM frames`).get() as {
      n: number;
      lo: number;
      hi: number;
    };
    db.close();
    expect(r.lo).toBe(0);
    expect(r.hi - r.lo + 1).toBe(r.n);
    expect(r.n).toBe(emitted);
  }, 60_000);
});
