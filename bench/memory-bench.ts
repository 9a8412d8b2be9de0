/**
 * `npm run bench -- memory`: the RSS of `serve`'s core over a simulated day of a 16-cell 10 Hz rig,
 * the simulator sped up (`sim:normal-cycling`, 100 ms period) so the day passes in minutes, sampled
 * from /proc; flat means the second half's least-squares slope is near zero. Twice: the bundle as
 * `npm run serve` runs it (`npx electron-vite build` first), and the sources under tsx. Beside it, in the same
 * run, where the memory goes: a child that loads the same parts one at a time and reports
 * process.memoryUsage() after each (bench/station/memory-stages.ts).
 */
import { fork, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchFigure } from './bench-report.js';
import { progress, sleep, startSimServe, StationClient } from './station/served-station.js';
import type { MemoryStage } from './station/memory-stages.js';

const CELLS = 16;
const PERIOD_MS = 100;
const DAY_MS = 24 * 3600_000;
const TARGET_MB = 300;

export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** Least-squares slope of y over x. */
export function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** RSS of a plain node process that loads nothing: what tsx adds is the first stage less this. */
function bareNodeMb(): number {
  const r = spawnSync(process.execPath, ['-e', 'setTimeout(() => console.log(process.memoryUsage().rss), 200)'], {
    encoding: 'utf8',
  });
  return Number(r.stdout.trim()) / (1024 * 1024);
}

function memoryStages(): Promise<MemoryStage[]> {
  const child = fork(fileURLToPath(new URL('./station/memory-stages.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((ok, ko) => {
    child.once('message', (m: { stages?: MemoryStage[]; error?: string }) =>
      m.stages ? ok(m.stages) : ko(new Error(`memory stages: ${m.error}`)),
    );
    child.once('exit', (code) => ko(new Error(`memory stages exited with ${code}`)));
  });
}

interface DayRun {
  peak: number;
  median: number;
  slope: number;
  coveredH: number;
  readingsPerS: number;
  wallS: number;
}

/** One simulated day of `serve` (or as much as `capS` of wall clock covers), RSS sampled each second. */
async function simulatedDay(variant: Variant, speed: number, capS: number): Promise<DayRun> {
  const dir = mkdtempSync(join(tmpdir(), 'memory-bench-'));
  const serve = await startSimServe(join(dir, 'data'), CELLS, speed, variant.built);
  try {
    const client = await StationClient.open(serve.url);
    let frames = 0;
    client.on((e) => {
      if (e.event === 'onCorePulse') frames = (e.payload as { framesIngested: number }).framesIngested;
    });
    const simH: number[] = [];
    const rss: number[] = [];
    const t0 = Date.now();
    let lastLog = 0;
    while (frames * PERIOD_MS < DAY_MS && Date.now() - t0 < capS * 1000) {
      await sleep(1000);
      simH.push((frames * PERIOD_MS) / 3600_000);
      rss.push(rssMb(serve.pid));
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        progress(
          `${variant.name}: ${simH.at(-1)!.toFixed(1)} simulated h of 24 after ${Math.round((Date.now() - t0) / 1000)} s, RSS ${rss.at(-1)!.toFixed(0)} MB`,
        );
      }
    }
    client.close();
    const wallS = (Date.now() - t0) / 1000;
    const half = Math.floor(rss.length / 2);
    return {
      peak: Math.max(...rss),
      median: median(rss),
      slope: slope(simH.slice(half), rss.slice(half)),
      coveredH: simH.at(-1)!,
      readingsPerS: Math.round((frames * CELLS) / wallS),
      wallS,
    };
  } finally {
    await serve.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Variant {
  name: string;
  what: string;
  built: boolean;
}

const VARIANTS: Variant[] = [
  { name: 'bundle', what: 'the bundle under plain node, as `npm run serve` runs it', built: true },
  { name: 'tsx', what: 'the sources under tsx, as the tests run them', built: false },
];

/**
 * `speed`: simulated seconds per second; `capS`: wall-clock bound of each day, reported if the day is
 * not reached (BENCH_MEMORY_SPEED, BENCH_MEMORY_CAP_S override them). The bundle as `npm run serve` runs it, then the sources under tsx, one after the other.
 */
export async function runMemoryBench(
  speed = Number(process.env.BENCH_MEMORY_SPEED ?? 600),
  // A loaded machine takes more than 240 s for the day; on a quiet one BENCH_MEMORY_CAP_S=600 covers it.
  capS = Number(process.env.BENCH_MEMORY_CAP_S ?? 240),
): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const bareNode = bareNodeMb();
  for (const variant of VARIANTS) {
    const day = await simulatedDay(variant, speed, capS);
    const covered = `${day.coveredH.toFixed(1)} simulated h at ${day.readingsPerS.toLocaleString('en-US')} readings/s in ${Math.round(day.wallS)} s`;
    figures.push(
      {
        label: `serve's core RSS (${variant.what}), peak over a simulated day of ${CELLS} cells × 10 Hz, sampled every second (${covered}; median ${day.median.toFixed(0)} MB)`,
        value: day.peak,
        unit: 'MB',
        baseline: { label: 'a plain node process loading nothing', value: bareNode },
        target: `≤ ${TARGET_MB} MB`,
        ok: day.peak <= TARGET_MB && day.coveredH >= 24,
      },
      {
        label: `RSS slope over the second half (${variant.what}; ${(day.coveredH / 2).toFixed(1)}–${day.coveredH.toFixed(1)} simulated h)`,
        value: day.slope,
        unit: 'MB per simulated hour',
        target: 'flat: |slope| ≤ 1 MB/h (≤ 24 MB a day)',
        ok: Math.abs(day.slope) <= 1,
      },
    );
  }
  progress('memory breakdown: loading the core one part at a time');
  const stages = await memoryStages();
  const breakdown = stages
    .map((st, i) => `${st.stage} +${(st.rssMb - (i ? stages[i - 1]!.rssMb : bareNode)).toFixed(0)}`)
    .join(', ');
  figures.push({
    label: `where it goes, RSS MB after each part is loaded (process.memoryUsage after a full GC, in a child under tsx): node alone ${bareNode.toFixed(0)}, ${breakdown}; heap used at the end ${stages.at(-1)!.heapUsedMb.toFixed(0)} MB, external ${stages.at(-1)!.externalMb.toFixed(0)} MB`,
    value: stages.at(-1)!.rssMb,
    unit: 'MB',
    baseline: { label: 'a plain node process loading nothing', value: bareNode },
  });
  return figures;
}
