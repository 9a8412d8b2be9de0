/**
 * `npm run bench -- ingest`: the highest frame rate the whole station sustains from a pty — `serve`
 * reading a socat pty as its serial device, storing, the rules, the model, the WebSocket pushes —
 * with nothing lost (every frame counted by the link, no sequence gap) and a bounded backlog (frames
 * written on schedule but not yet taken in stay under half a second's worth, and drain when the
 * writing stops). The bench's rig writes on a schedule, stepping the rate up until a step fails; for
 * 4 and 16 cells. Baseline: the bare ReadlineParser reading the same frames over the same kind of pty
 * as fast as `cat` writes them, in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../testing/serial/wait-for.js';
import type { BenchFigure } from './bench-report.js';
import { bareParserRun, writeFrameFile } from './serial-bench.js';
import { progress, rigFrame, sleep, startServedRig, type ServedRig } from './station/served-station.js';

const STEP_S = 8;
const RATES: Record<number, number[]> = {
  4: [250, 500, 1000, 2000, 4000, 8000, 16000, 32000],
  16: [125, 250, 500, 1000, 2000, 4000, 8000, 16000],
};

interface LinkHealth {
  kind: string;
  health: { dataFrames: number; seqGaps: number; missingFrames: number };
}

async function serialHealth(st: ServedRig): Promise<LinkHealth['health']> {
  const body = (await (await fetch(new URL('api/status', st.serve.url))).json()) as { links: LinkHealth[] };
  return body.links.find((l) => l.kind === 'serial')!.health;
}

interface Step {
  rate: number;
  ok: boolean;
  maxBacklog: number;
  why: string;
}

/** The newest pulse's count of frames taken in, kept up to date from the station's pushes. */
function ingestedCounter(st: ServedRig): { readonly value: number; off(): void } {
  let value = -1;
  const off = st.client.on((e) => {
    if (e.event === 'onCorePulse') value = (e.payload as { framesIngested: number }).framesIngested;
  });
  return {
    get value() {
      return value;
    },
    off,
  };
}

/** One rate for STEP_S seconds: the backlog at every pulse, then the drain and the link's counts. */
async function step(st: ServedRig, cells: number, rate: number): Promise<Step> {
  const before = await serialHealth(st);
  // The previous step has drained and a pulse has come since: its count is where this step starts.
  const counter = ingestedCounter(st);
  await waitFor(() => counter.value >= 0, 'a pulse from the core', 5000);
  const base = counter.value;
  let maxBacklog = 0;
  let written = 0;
  const t0 = performance.now();
  const off = st.client.on((e) => {
    if (e.event !== 'onCorePulse') return;
    const ingested = (e.payload as { framesIngested: number }).framesIngested;
    const due = Math.min(written, Math.floor(((performance.now() - t0) / 1000) * rate));
    maxBacklog = Math.max(maxBacklog, due - (ingested - base));
  });
  while (performance.now() - t0 < STEP_S * 1000) {
    const scheduled = Math.floor(((performance.now() - t0) / 1000) * rate);
    let chunk = '';
    for (; written < scheduled; written++) chunk += rigFrame(st.rig.seq++, cells, 100, st.rig.bootId);
    if (chunk) await st.rig.write(chunk);
    await sleep(10);
  }
  off();
  counter.off();
  const bound = Math.max(20, rate / 2);
  let after = before;
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    after = await serialHealth(st);
    if (after.dataFrames - before.dataFrames >= written) break;
    await sleep(100);
  }
  const got = after.dataFrames - before.dataFrames;
  const gaps = after.seqGaps - before.seqGaps + (after.missingFrames - before.missingFrames);
  const why =
    got < written
      ? `${written - got} of ${written} frames not taken in 5 s after the writing stopped`
      : gaps > 0
        ? `${gaps} sequence gaps`
        : maxBacklog > bound
          ? `backlog reached ${maxBacklog} frames (bound ${bound})`
          : '';
  return { rate, ok: why === '', maxBacklog, why };
}

async function highestRate(cells: number): Promise<{ best: Step | null; failed: Step | null }> {
  const st = await startServedRig({ cells, periodMs: 100 });
  try {
    let best: Step | null = null;
    for (const rate of RATES[cells]!) {
      progress(`${cells} cells: ${rate} frames/s for ${STEP_S} s`);
      const s = await step(st, cells, rate);
      if (!s.ok) return { best, failed: s };
      best = s;
      await sleep(1500);
    }
    return { best, failed: null };
  } finally {
    await st.close();
  }
}

export async function runIngestBench(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ingest-bench-'));
  const figures: BenchFigure[] = [];
  try {
    for (const cells of [4, 16]) {
      const frames = 20_000;
      const file = join(dir, `frames-${cells}.txt`);
      writeFrameFile(file, frames, 100, cells);
      progress(`${cells} cells: the bare parser over a pty, ${frames} frames as fast as cat writes`);
      const bare = (await bareParserRun(dir, file, frames, cells)) / cells;
      const { best, failed } = await highestRate(cells);
      const top = RATES[cells]!.at(-1)!;
      figures.push({
        label: `sustained ingest, pty → serve (${cells} cells): highest rate with nothing lost and the backlog under half a second (${
          failed ? `${failed.rate} frames/s failed: ${failed.why}` : `every step up to ${top} frames/s passed`
        }; = ${((best?.rate ?? 0) * cells).toLocaleString('en-US')} readings/s)`,
        value: best?.rate ?? 0,
        unit: 'frames/s',
        baseline: { label: 'bare ReadlineParser over a pty, as fast as cat writes', value: bare },
        target: '≥ 10 frames/s (a 10 Hz rig) with nothing lost',
        ok: (best?.rate ?? 0) >= 10,
      });
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
