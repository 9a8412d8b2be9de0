/**
 * Crash safety under heavy ingest: starts the real station (`serve.ts`, its own process) on the
 * simulated 16-cell rig at 1000× with 100 ms frames (10,000 frames and 160,000 readings a second
 * offered), kills it with SIGKILL at a random moment, and checks after every kill:
 *   - PRAGMA integrity_check says ok;
 *   - the stored sequence numbers of every boot are contiguous from 0 (nothing missing in the middle);
 *   - what the station had received but not stored spans at most one batch window (≤ 250 ms): the
 *     station's ingest probe (STATION_INGEST_TRACE) says which frame it received last, the database
 *     which it stored last, and the host times of the two bound the loss.
 * Each restart is the next iteration (the station reopens the crashed file and continues the session).
 *
 *   npx tsx tools/crash/kill-test.ts [kills=50] [--keep]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { uniformStream } from '../../native-bridge/sim/prng.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const SERVE = join(ROOT, 'native-bridge', 'server', 'serve.ts');

export interface KillTestOptions {
  kills: number;
  /**
   * Random run time before each kill, counted from the first frame the station received (not from
   * "serving": on a loaded machine the simulator's first frames can come much later, and a kill then
   * would test startup, not ingest).
   */
  minRunMs?: number;
  maxRunMs?: number;
  seed?: number;
  cells?: number;
  periodMs?: number;
  speed?: number;
  /** Allowed loss window (received but not stored) per kill. */
  maxLossMs?: number;
  dataDir?: string;
  log?: (line: string) => void;
}

export interface KillRecord {
  kill: number;
  ranMs: number;
  bootId: string;
  framesStored: number;
  receivedSeq: number | null;
  storedMaxSeq: number | null;
  lostFrames: number;
  /** Host time of the last frame received minus that of the last frame stored. */
  lostWindowMs: number;
  /** Kill time minus the host time of the last stored frame (also counts the probe's 5 ms lag and the kill itself). */
  killGapMs: number;
  integrity: string;
  contiguous: boolean;
}

export interface KillTestResult {
  records: KillRecord[];
  frames: number;
  readings: number;
  maxLostWindowMs: number;
  p95LostWindowMs: number;
  maxKillGapMs: number;
  allIntegrityOk: boolean;
  allContiguous: boolean;
  failures: string[];
}

interface Trace {
  bootId: number;
  seq: number;
  tHostMs: number;
  /** Host time of the first frame this run received. */
  firstTHostMs: number;
  frames: number;
}

function startStation(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; startedMs: number }> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SERVE], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`station did not start within 30 s:\n${out}`));
    }, 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/Station serving on /.test(out)) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        // Keep draining the pipes so a chatty station never blocks on them.
        child.stdout!.resume();
        child.stderr!.resume();
        resolveStart({ child, startedMs: Date.now() });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`station exited (${code}) before serving:\n${out}`));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once the station's probe shows a received frame, so the run timer starts with ingest. */
async function firstFrame(tracePath: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (readTrace(tracePath) === null) {
    if (child.exitCode !== null) throw new Error(`station exited (${child.exitCode}) before its first frame`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`station received no frame within ${timeoutMs / 1000} s of serving`);
    }
    await sleep(10);
  }
}

function readTrace(path: string): Trace | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Trace;
  } catch {
    return null;
  }
}

export async function runKillTest(o: KillTestOptions): Promise<KillTestResult> {
  const log = o.log ?? (() => undefined);
  const dir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'station-kill-'));
  const dbPath = join(dir, 'station.sqlite');
  const rand = uniformStream(o.seed ?? 20240601);
  const maxLoss = o.maxLossMs ?? 250;
  const records: KillRecord[] = [];
  const failures: string[] = [];
  for (let k = 1; k <= o.kills; k++) {
    const tracePath = join(dir, `ingest-trace-${k}.json`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: '0',
      STATION_DATA_DIR: dir,
      STATION_WEB_ROOT: dir,
      STATION_DEVICE: 'sim',
      STATION_SIM_SPEED: String(o.speed ?? 1000),
      STATION_SIM_PERIOD_MS: String(o.periodMs ?? 100),
      STATION_SIM_CELLS: String(o.cells ?? 16),
      // A new seed per run gives the simulated board a new boot id, as a real reboot would.
      STATION_SIM_SEED: String(1000 + k),
      STATION_INGEST_TRACE: tracePath,
    };
    const { child, startedMs } = await startStation(env);
    await firstFrame(tracePath, child);
    const runMs = Math.round((o.minRunMs ?? 400) + rand() * ((o.maxRunMs ?? 1500) - (o.minRunMs ?? 400)));
    await sleep(runMs);
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const killMs = Date.now();
    child.kill('SIGKILL');
    await exited;
    const trace = readTrace(tracePath);

    // What the next start of the station will find.
    const db = new Database(dbPath);
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    const bootId = trace?.bootId ?? null;
    const st =
      bootId === null
        ? null
        : (db
            .prepare(
              `SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi, max(t_host_ms) AS t FROM frames WHERE boot_id = ?`,
            )
            .get(bootId) as { n: number; lo: number | null; hi: number | null; t: number | null });
    const lastT = db.prepare(`SELECT max(t_host_ms) FROM frames`).pluck().get() as number | null;
    db.close();
    const contiguous = st === null || st.n === 0 || (st.lo === 0 && st.hi! - st.lo + 1 === st.n);
    const lostFrames = trace && st?.hi !== null && st ? Math.max(0, trace.seq - st.hi!) : (trace?.seq ?? 0) + 1;
    // A boot that stored nothing lost all it received, back to its first frame (an older boot's rows
    // or the start time would make that loss look smaller or larger than it was).
    const lostWindowMs = trace ? Math.max(0, trace.tHostMs - (st?.t ?? trace.firstTHostMs)) : 0;
    const rec: KillRecord = {
      kill: k,
      ranMs: killMs - startedMs,
      bootId: bootId === null ? '-' : (bootId >>> 0).toString(16).toUpperCase().padStart(8, '0'),
      framesStored: st?.n ?? 0,
      receivedSeq: trace?.seq ?? null,
      storedMaxSeq: st?.hi ?? null,
      lostFrames,
      lostWindowMs,
      killGapMs: killMs - (st?.t ?? lastT ?? startedMs),
      integrity,
      contiguous,
    };
    records.push(rec);
    if (integrity !== 'ok') failures.push(`kill ${k}: integrity_check says ${integrity}`);
    if (!contiguous) failures.push(`kill ${k}: stored seqs of boot ${rec.bootId} are not contiguous from 0`);
    if (lostWindowMs > maxLoss) failures.push(`kill ${k}: lost ${lostWindowMs} ms of received data (> ${maxLoss} ms)`);
    if (!trace) failures.push(`kill ${k}: the station wrote no ingest trace (did it receive anything?)`);
    log(
      `kill ${String(k).padStart(2)}: ran ${rec.ranMs} ms, boot ${rec.bootId}, stored ${rec.framesStored} frames (seq 0…${rec.storedMaxSeq}), received up to ${rec.receivedSeq}: lost ${lostFrames} frames = ${lostWindowMs} ms (kill gap ${rec.killGapMs} ms), integrity ${integrity}, contiguous ${contiguous}`,
    );
  }
  const db = new Database(dbPath, { readonly: true });
  const frames = db.prepare(`SELECT count(*) FROM frames`).pluck().get() as number;
  const readings = db.prepare(`SELECT sum(reading_count) FROM sessions`).pluck().get() as number;
  db.close();
  if (!o.dataDir && failures.length === 0) rmSync(dir, { recursive: true, force: true });
  else if (failures.length) log(`data kept in ${dir}`);
  const lost = records.map((r) => r.lostWindowMs).sort((a, b) => a - b);
  return {
    records,
    frames,
    readings,
    maxLostWindowMs: lost[lost.length - 1] ?? 0,
    p95LostWindowMs: lost[Math.min(lost.length - 1, Math.floor(lost.length * 0.95))] ?? 0,
    maxKillGapMs: Math.max(0, ...records.map((r) => r.killGapMs)),
    allIntegrityOk: records.every((r) => r.integrity === 'ok'),
    allContiguous: records.every((r) => r.contiguous),
    failures,
  };
}

async function main(): Promise<void> {
  const kills = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 50);
  const keep = process.argv.includes('--keep');
  const dataDir = keep ? mkdtempSync(join(tmpdir(), 'station-kill-')) : undefined;
  console.log(`Kill test: ${kills} × SIGKILL of serve.ts under 16 cells × 100 ms × 1000× ingest`);
  const r = await runKillTest({ kills, log: (l) => console.log(l), ...(dataDir ? { dataDir } : {}) });
  console.log(
    `\n${r.records.length} kills, ${r.frames.toLocaleString('en-US')} frames / ${r.readings.toLocaleString('en-US')} readings stored in all` +
      `\nintegrity ok: ${r.allIntegrityOk}; seqs contiguous: ${r.allContiguous}` +
      `\nlost window (received, not stored): max ${r.maxLostWindowMs} ms, p95 ${r.p95LostWindowMs} ms; kill gap max ${r.maxKillGapMs} ms`,
  );
  if (dataDir) console.log(`data kept in ${dataDir}`);
  if (r.failures.length) {
    console.log(`\nFAILED:\n${r.failures.join('\n')}`);
    process.exitCode = 1;
  } else console.log('\nPASS');
}

if (process.argv[1] && existsSync(process.argv[1]) && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  void main();
