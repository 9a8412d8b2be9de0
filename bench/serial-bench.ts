/**
 * `npm run bench` (suite "serial"): readings per second the serial path sustains over a pty, beside the
 * bare node-serialport ReadlineParser counting lines over the same kind of pty in the same run.
 *
 * - The serial path, the figure: pty → serial source → splitter → decoder → link health → the
 *   store's frame rows (with the core's SOC estimate), committed to SQLite.
 * - The whole station core on the same stream: that path plus live state, the safety rules and the
 *   risk model — what a station sustains end to end.
 * - Two references that explain the gap between them: the serial layer with nothing stored, and the
 *   bare parser with one prepared SQLite INSERT per line and nothing else (the store's own floor).
 *
 * The device side is `cat` of a prepared frame file in its own process, so the writer never shares the
 * station's event loop and the kernel's pty flow control paces it to whatever the reader sustains.
 * `npx tsx bench/serial-bench.ts [frames]` prints the figures.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReadlineParser } from '@serialport/parser-readline';
import { SerialPort } from 'serialport';
import Database from 'better-sqlite3';
import { DeviceLink } from '../native-bridge/devices/device-link.js';
import { frameToSampleRow } from '../native-bridge/station/frame-readings.js';
import { FrameSocEstimators } from '../native-bridge/features/soc-estimator.js';
import { StationCore } from '../native-bridge/station/station.js';
import { encodeFrame, type DataFrame } from '../native-bridge/protocol/index.js';
import { openDatabase } from '../native-bridge/store/database.js';
import { StoreWriter } from '../native-bridge/store/store-writer.js';
import { SerialSource } from '../native-bridge/devices/serial/serial-source.js';
import { openPtyPair, socatGate } from '../testing/serial/socat-pair.js';
import { waitFor } from '../testing/serial/wait-for.js';

/** The shape bench/bench.ts collects. */
export interface SerialBenchFigure {
  label: string;
  value: number;
  unit: string;
  baseline?: { label: string; value: number };
  target?: string;
  ok?: boolean;
}

const CELLS = 4;
const WIDE_CELLS = 16;
const MIN_READINGS_PER_S = 20_000;
const MIN_SHARE = 0.25;
const WARM_UP_ROUNDS = 2;

export function writeFrameFile(path: string, frames: number, periodMs: number, cells = CELLS): number {
  const lines: string[] = [
    encodeFrame({
      kind: 'hello',
      deviceId: 'BENCH0000001',
      bootId: '0BE4C000',
      fwVersion: 'bench',
      cellCount: cells,
      periodMs,
      channels: `ntc:${cells};vdiv:${cells}`,
    }),
  ];
  for (let seq = 0; seq < frames; seq++)
    lines.push(
      encodeFrame({
        kind: 'data',
        deviceId: 'BENCH0000001',
        bootId: '0BE4C000',
        seq,
        tDevMs: seq * periodMs,
        cellMv: Array.from({ length: cells }, (_, c) => 3600 + ((seq + c) % 300)),
        cellTempCc: Array.from({ length: cells }, (_, c) => 2500 + ((seq * 3 + c) % 400)),
        packMa: -1250 + (seq % 50),
        ambientCc: 2310,
        humidityCpct: 4520,
        socPermille: null,
        status: 0,
      }),
    );
  const text = lines.join('');
  writeFileSync(path, text);
  return text.length;
}

/** Starts `cat file > devicePath` and resolves when cat has written everything. */
function feed(file: string, devicePath: string): Promise<void> {
  const fd = openSync(devicePath, 'w');
  const cat = spawn('cat', [file], { stdio: ['ignore', fd, 'inherit'] });
  closeSync(fd);
  return new Promise((resolveFeed, reject) => {
    cat.once('error', reject);
    cat.once('exit', (code) => (code === 0 ? resolveFeed() : reject(new Error(`cat exited with ${code}`))));
  });
}

/** Readings per second; `perLine` runs for every line (the store floor inserts a row); `done` runs before the clock stops. */
export async function bareParserRun(
  dir: string,
  file: string,
  frames: number,
  cells = CELLS,
  perLine?: (line: string) => void,
  done?: () => void,
): Promise<number> {
  const pair = await openPtyPair(dir, { device: 'bare-dev', station: 'bare-st' });
  try {
    const port = new SerialPort({ path: pair.stationPath, baudRate: 115200, autoOpen: false, hupcl: false });
    await new Promise<void>((ok, ko) => port.open((e) => (e ? ko(e) : ok())));
    const parser = port.pipe(new ReadlineParser({ delimiter: '\n' }));
    let lines = 0;
    let t0 = 0;
    parser.on('data', (line: string) => {
      perLine?.(line);
      if (lines++ === 0) t0 = performance.now();
    });
    const fed = feed(file, pair.devicePath);
    await waitFor(() => lines === frames + 1, 'every line through the bare parser', 300_000, 2);
    done?.();
    const ms = performance.now() - t0;
    await fed;
    await new Promise<void>((r) => port.close(() => r()));
    return (frames * cells * 1000) / ms;
  } finally {
    await pair.close();
  }
}

async function fullPathRun(dir: string, file: string, frames: number, cells = CELLS): Promise<number> {
  const pair = await openPtyPair(dir, { device: 'full-dev', station: 'full-st' });
  const dataDir = mkdtempSync(join(dir, 'store-'));
  const core = new StationCore({ dataDir, logger: () => undefined });
  try {
    await core.devices.connectSerial(pair.stationPath, 115200, { remember: false });
    const link = () => core.devices.linkInfos()[0]!;
    await waitFor(() => link().state === 'waiting-hello', 'the port open', 30_000);
    // A station loads its model once at start; the figure is what it sustains afterwards.
    await core.ml.ready;
    const t0 = performance.now();
    const fed = feed(file, pair.devicePath);
    // A plain counter as the probe, like the bare run's: building linkInfos() every 2 ms cost the
    // measured path a few per cent of its time.
    await waitFor(() => core.ingestedFrames === frames, 'every frame through the station', 300_000, 2);
    core.flush();
    const ms = performance.now() - t0;
    await fed;
    if (link().health.dataFrames !== frames)
      throw new Error(`link counted ${link().health.dataFrames} data frames, expected ${frames}`);
    if (core.storedReadings !== frames * cells)
      throw new Error(`stored ${core.storedReadings} readings, expected ${frames * cells}`);
    return (frames * cells * 1000) / ms;
  } finally {
    await core.close();
    await pair.close();
  }
}

/**
 * The serial path of the issue: serial source → splitter → decoder → link health → the store's frame
 * rows, built as the core builds them (its SOC estimate included), committed. No live state, safety
 * rules or risk model: those consume the path, and fullPathRun measures them on top.
 */
async function storePathRun(dir: string, file: string, frames: number, cells = CELLS): Promise<number> {
  const dbPath = join(mkdtempSync(join(dir, 'path-')), 'station.sqlite');
  const db = openDatabase(dbPath);
  const writer = new StoreWriter(db, dbPath);
  const soc = new FrameSocEstimators();
  writer.start();
  try {
    const rate = await linkRun(
      dir,
      file,
      frames,
      cells,
      (f, t) => writer.addSample(frameToSampleRow(f, t, soc.update(f.deviceId, f.tDevMs, f.cellMv, f.packMa))),
      () => writer.flush(),
    );
    if (writer.storedReadings !== frames * cells)
      throw new Error(`stored ${writer.storedReadings} readings, expected ${frames * cells}`);
    return rate;
  } finally {
    writer.close();
    db.close();
  }
}

/**
 * The bare parser plus one prepared INSERT per line into a table shaped like the station's frames
 * (same columns, same index, same pragmas, a commit every 2000 rows) and nothing else: no decoding, no
 * session bookkeeping. What storing a row per frame costs before any of the station's own work.
 */
async function storeFloorRun(dir: string, file: string, frames: number, cells = CELLS): Promise<number> {
  const path = join(mkdtempSync(join(dir, 'floor-')), 'floor.sqlite');
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE frames (id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL, boot_id INTEGER NOT NULL,
      seq INTEGER NOT NULL, t_dev_ms INTEGER NOT NULL, t_host_ms INTEGER NOT NULL, pack_ma INTEGER, ambient_cc INTEGER,
      humidity_cpct INTEGER, status INTEGER NOT NULL, cells BLOB NOT NULL);
      CREATE INDEX frames_by_session_time ON frames(session_id, t_host_ms);`);
    const insert = db.prepare(
      `INSERT INTO frames (session_id, boot_id, seq, t_dev_ms, t_host_ms, pack_ma, ambient_cc, humidity_cpct, status, cells)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const blob = Buffer.alloc(2 + 9 * cells);
    let n = 0;
    db.exec('BEGIN');
    return await bareParserRun(
      dir,
      file,
      frames,
      cells,
      () => {
        insert.run(1, 1, n, n * 100, Date.now(), -1250, 2310, 4520, 0, blob);
        if (++n % 2000 === 0) db.exec('COMMIT; BEGIN');
      },
      () => db.exec('COMMIT'),
    );
  } finally {
    db.close();
  }
}

/**
 * pty → serial source → splitter → decoder → link health, each data frame handed to `onData`: readings
 * per second from the hello to the last frame, `settle` (a commit) included.
 */
async function linkRun(
  dir: string,
  file: string,
  frames: number,
  cells: number,
  onData: (f: DataFrame, tHostMs: number) => void,
  settle?: () => void,
): Promise<number> {
  const pair = await openPtyPair(dir, { device: 'link-dev', station: 'link-st' });
  const source = new SerialSource({ path: pair.stationPath, baud: 115200, lookupPorts: async () => [] });
  let data = 0;
  let t0 = 0;
  const link = new DeviceLink(source, {
    onHello: () => (t0 = performance.now()),
    onData: (f, t) => {
      data++;
      onData(f, t);
    },
    onDeviceEvent: () => undefined,
    onLinkEvent: () => undefined,
    onStateChange: () => undefined,
  });
  try {
    await source.start();
    const fed = feed(file, pair.devicePath);
    await waitFor(() => data === frames, 'every frame through the serial link', 300_000, 2);
    settle?.();
    const ms = performance.now() - t0;
    await fed;
    return (frames * cells * 1000) / ms;
  } finally {
    link.dispose();
    await source.stop();
    await pair.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const pairedShare = (runs: number[], bare: number[]) => median(runs.map((x, i) => x / bare[i]!));

type RunKind = 'bare' | 'layer' | 'path' | 'full' | 'floor';

interface RunRequest {
  kind: RunKind;
  dir: string;
  file: string;
  frames: number;
  cells: number;
}

const RUNS: Record<RunKind, (dir: string, file: string, frames: number, cells: number) => Promise<number>> = {
  bare: (dir, file, frames, cells) => bareParserRun(dir, file, frames, cells),
  layer: (dir, file, frames, cells) => linkRun(dir, file, frames, cells, () => undefined),
  path: storePathRun,
  full: fullPathRun,
  floor: storeFloorRun,
};

/**
 * Each kind of run in a process of its own, as the station's path runs in a process that runs nothing
 * else. In one shared process the five kinds pass five different frame handlers through the same link
 * and decoder, so V8 compiles those for all five at once: there the serial path read 23–32 % of the
 * bare parser, 28–34 % in a process of its own, and the share moved with the order of the runs.
 */
class RunnerPool {
  private readonly procs = new Map<RunKind, ChildProcess>();

  run(req: RunRequest): Promise<number> {
    let child = this.procs.get(req.kind);
    if (!child) {
      child = fork(fileURLToPath(import.meta.url), [], {
        execArgv: ['--import', 'tsx'],
        env: { ...process.env, SERIAL_BENCH_CHILD: '1' },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      this.procs.set(req.kind, child);
    }
    const c = child;
    return new Promise((resolveRun, reject) => {
      const onExit = (code: number | null) => reject(new Error(`serial bench ${req.kind} run exited with ${code}`));
      c.once('exit', onExit);
      c.once('message', (m: { rate?: number; error?: string }) => {
        c.off('exit', onExit);
        if (m.error !== undefined || m.rate === undefined)
          reject(new Error(`serial bench ${req.kind} run: ${m.error}`));
        else resolveRun(m.rate);
      });
      c.send(req);
    });
  }

  close(): void {
    for (const c of this.procs.values()) c.disconnect();
    this.procs.clear();
  }
}

/** The child side of RunnerPool: runs what it is sent, one run at a time, until the parent lets go. */
function serveRuns(): void {
  process.on('message', (req: RunRequest) => {
    RUNS[req.kind](req.dir, req.file, req.frames, req.cells).then(
      (rate) => process.send!({ rate }),
      (e: unknown) => process.send!({ error: e instanceof Error ? e.message : String(e) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

export async function runSerialBench(frames = 50_000, rounds = 5, fastFrames = 20_000): Promise<SerialBenchFigure[]> {
  const gate = socatGate();
  if (!gate.ok) throw new Error(`serial bench: ${gate.reason}`);
  const dir = mkdtempSync(join(tmpdir(), 'serial-bench-'));
  const pool = new RunnerPool();
  const run = (kind: RunKind, file: string, frames: number, cells = CELLS) =>
    pool.run({ kind, dir, file, frames, cells });
  try {
    const file = join(dir, 'frames.txt');
    const bytes = writeFrameFile(file, frames, 100);
    const bare: number[] = [];
    const layer: number[] = [];
    const path: number[] = [];
    const full: number[] = [];
    const floor: number[] = [];
    const kinds: [RunKind, number[]][] = [
      ['bare', bare],
      ['path', path],
      ['layer', layer],
      ['full', full],
      ['floor', floor],
    ];
    // Two rounds first whose figures are dropped: each process's first runs measure V8 compiling its
    // path, not what the path sustains (the bare parser's own process reads 40–50 % faster by its third).
    for (let i = 0; i < WARM_UP_ROUNDS; i++) for (const [kind] of kinds) await run(kind, file, frames);
    // Interleaved, so drift in the machine's load hits all alike; each path right after its bare run.
    for (let i = 0; i < rounds; i++) for (const [kind, out] of kinds) out.push(await run(kind, file, frames));
    const b = median(bare);
    const p = median(path);
    const f = median(full);
    // The share from runs side by side (each path run over its own round's bare run): the bare rate
    // swings ±30 % between runs on this machine, and a ratio of two medians taken at different
    // moments swings with it.
    const pShare = pairedShare(path, bare);
    // The same frames stamped 10 ms apart (the protocol's fastest period): what the core's per-cell
    // windows cost when a device samples that fast.
    const fastFile = join(dir, 'frames-10ms.txt');
    writeFrameFile(fastFile, fastFrames, 10);
    const fast = await run('full', fastFile, fastFrames);
    // The campaign shape of the history issue (16 cells a frame): the per-frame costs spread over four
    // times the readings.
    const wideFrames = Math.max(1, Math.round(frames / 4));
    const wideFile = join(dir, 'frames-16.txt');
    writeFrameFile(wideFile, wideFrames, 100, WIDE_CELLS);
    const wideBare: number[] = [];
    const widePath: number[] = [];
    const wideFull: number[] = [];
    for (let i = 0; i < rounds; i++) {
      wideBare.push(await run('bare', wideFile, wideFrames, WIDE_CELLS));
      widePath.push(await run('path', wideFile, wideFrames, WIDE_CELLS));
      wideFull.push(await run('full', wideFile, wideFrames, WIDE_CELLS));
    }
    const wb = median(wideBare);
    const wp = median(widePath);
    const wf = median(wideFull);
    const wpShare = pairedShare(widePath, wideBare);
    const baseline = { label: 'bare ReadlineParser over the same pty', value: b };
    const wideBaseline = { label: `bare ReadlineParser over the same pty, ${WIDE_CELLS}-cell frames`, value: wb };
    const size = `${frames.toLocaleString('en-US')} frames × ${CELLS} cells, ${(bytes / 1e6).toFixed(1)} MB, 100 ms apart, median of ${rounds} after ${WARM_UP_ROUNDS} warm-up rounds`;
    const wideSize = `${wideFrames.toLocaleString('en-US')} frames × ${WIDE_CELLS} cells, 100 ms apart, median of ${rounds}`;
    const share = `≥ ${MIN_SHARE * 100} % of the bare parser`;
    const floor20k = `≥ ${MIN_READINGS_PER_S.toLocaleString('en-US')} readings/s (never the bottleneck below that)`;
    return [
      {
        label: `serial path: pty → splitter → decode → link health → SQLite frame rows, committed (${size})`,
        value: p,
        unit: 'readings/s',
        baseline,
      },
      {
        label: `serial path as a share of the bare parser, median of ${rounds} paired rounds (${CELLS} cells)`,
        value: pShare * 100,
        unit: '%',
        target: share,
        ok: pShare >= MIN_SHARE,
      },
      {
        label: `serial path, ${WIDE_CELLS}-cell rig (${wideSize})`,
        value: wp,
        unit: 'readings/s',
        baseline: wideBaseline,
      },
      {
        label: `serial path as a share of the bare parser, median of ${rounds} paired rounds (${WIDE_CELLS} cells)`,
        value: wpShare * 100,
        unit: '%',
        target: share,
        ok: wpShare >= MIN_SHARE,
      },
      {
        label: `whole station core: the serial path + live state, safety rules and risk model (${size})`,
        value: f,
        unit: 'readings/s',
        baseline,
        target: floor20k,
        ok: f >= MIN_READINGS_PER_S,
      },
      {
        label: `whole station core, ${WIDE_CELLS}-cell rig (${wideSize})`,
        value: wf,
        unit: 'readings/s',
        baseline: wideBaseline,
        target: floor20k,
        ok: wf >= MIN_READINGS_PER_S,
      },
      {
        label: `whole station core with device timestamps 10 ms apart (${fastFrames.toLocaleString('en-US')} frames, one run)`,
        value: fast,
        unit: 'readings/s',
        target: floor20k,
        ok: fast >= MIN_READINGS_PER_S,
      },
      {
        label: 'serial layer alone: pty → splitter → decode → link health (nothing stored)',
        value: median(layer),
        unit: 'readings/s',
        baseline,
      },
      {
        label: 'store floor: the bare parser + one prepared SQLite INSERT per line, nothing decoded',
        value: median(floor),
        unit: 'readings/s',
        baseline,
      },
    ];
  } finally {
    pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const frames = Number(process.argv[2] ?? 50_000);
  for (const f of await runSerialBench(frames)) {
    const vs = f.baseline
      ? ` — ${((f.value / f.baseline.value) * 100).toFixed(1)} % of ${f.baseline.label} (${Math.round(f.baseline.value).toLocaleString('en-US')} ${f.unit})`
      : '';
    const verdict = f.ok === undefined ? '' : f.ok ? '  [target met]' : '  [TARGET NOT MET]';
    console.log(`${f.label}: ${Math.round(f.value).toLocaleString('en-US')} ${f.unit}${vs}${verdict}`);
    if (f.target) console.log(`  target: ${f.target}`);
  }
}

if (process.env.SERIAL_BENCH_CHILD === '1') serveRuns();
else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main();
