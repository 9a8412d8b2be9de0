/**
 * `npm run bench -- loop`: how late the event loop of the process hosting the core runs (the core's
 * own perf_hooks monitorEventLoopDelay, pushed every second as its pulse) while `serve` takes 20,000
 * readings/s from a pty, and while a large CSV import and history queries run beside that stream.
 * Baseline: the same `serve`, in the same run, fed by a 10 Hz 16-cell rig with nothing else to do.
 * The pulse gives the lateness of the core's 10 ms sampling timer (core-pulse-meter.ts); until
 * 2026-12-04 it gave the time between its runs, 10 ms more, and the figures recorded before then
 * read 10 ms high.
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { writeBigCsv } from '../testing/history/big-csv.js';
import { waitFor } from '../testing/serial/wait-for.js';
import type { BenchFigure } from './bench-report.js';
import { percentile, progress, rigFrame, sleep, startServedRig, type ServedRig } from './station/served-station.js';

const CELLS = 16;
const RATE = 20_000;
const CSV_BYTES = 50 * 1024 * 1024;
const TARGET_MS = 20;

interface Pulse {
  framesIngested: number;
  eventLoopDelayMs: { p99: number; max: number };
}

/** Feeds `framesPerS` frames (stamped 100 ms apart, as a fast replay of a 10 Hz rig) in 20 ms slices until `stop()`. */
function feed(st: ServedRig, framesPerS: number): { stop(): Promise<number> } {
  let running = true;
  let written = 0;
  const done = (async () => {
    const t0 = performance.now();
    while (running) {
      const due = Math.floor(((performance.now() - t0) / 1000) * framesPerS);
      let chunk = '';
      for (; written < due; written++) chunk += rigFrame(st.rig.seq++, CELLS, 100, st.rig.bootId);
      if (chunk) await st.rig.write(chunk);
      await sleep(20);
    }
    return written;
  })();
  return {
    stop: async () => {
      running = false;
      return done;
    },
  };
}

/** The core's per-second pulses over `whileRunning`. */
async function pulsesDuring(st: ServedRig, whileRunning: () => Promise<void>): Promise<Pulse[]> {
  const pulses: Pulse[] = [];
  const off = st.client.on((e) => {
    if (e.event === 'onCorePulse') pulses.push(e.payload as Pulse);
  });
  try {
    await whileRunning();
  } finally {
    off();
  }
  return pulses;
}

const perSecond = (ps: Pulse[]) => ps.map((p) => p.eventLoopDelayMs.p99.toFixed(0)).join(' ');
const worst = (ps: Pulse[]) => Math.max(...ps.map((p) => p.eventLoopDelayMs.p99));
const median = (ps: Pulse[]) =>
  percentile(
    ps.map((p) => p.eventLoopDelayMs.p99),
    50,
  );

export async function runLoopBench(seconds = 20): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'loop-bench-'));
  const st = await startServedRig({ cells: CELLS, periodMs: 100 });
  try {
    progress(`baseline: 10 Hz × ${CELLS} cells for ${seconds} s`);
    const idle = await pulsesDuring(st, async () => {
      const f = feed(st, 10);
      await sleep(seconds * 1000);
      await f.stop();
    });
    const framesPerS = RATE / CELLS;
    progress(`${RATE.toLocaleString('en-US')} readings/s (${framesPerS} frames/s × ${CELLS} cells) for ${seconds} s`);
    let lastPulse: Pulse | null = null;
    const offLast = st.client.on((e) => {
      if (e.event === 'onCorePulse') lastPulse = e.payload as Pulse;
    });
    const before = await waitFor(() => lastPulse, 'a pulse', 5000);
    const fromFrames = before.framesIngested;
    let writtenFast = 0;
    const fast = await pulsesDuring(st, async () => {
      const f = feed(st, framesPerS);
      await sleep(seconds * 1000);
      writtenFast = await f.stop();
    });
    progress(`writing a ${CSV_BYTES >> 20} MB CSV to import`);
    const csv = await writeBigCsv(join(dir, 'big.csv'), CSV_BYTES);
    const base = new URL(st.serve.url);
    progress(`the same stream + POST /api/import of ${CSV_BYTES >> 20} MB`);
    let imported: { rows?: number } = {};
    let written = writtenFast;
    const importing = await pulsesDuring(st, async () => {
      const f = feed(st, framesPerS);
      const r = await fetch(new URL('api/import?name=big.csv', base), {
        method: 'POST',
        headers: { 'content-type': 'text/csv', 'content-length': String(csv.bytes) },
        body: Readable.toWeb(createReadStream(csv.path)) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
      imported = (await r.json()) as { rows?: number };
      written += await f.stop();
    });
    if (imported.rows !== csv.rows) throw new Error(`the import stored ${imported.rows} rows of ${csv.rows}`);
    progress(`each second of the import, p99 (ms): ${perSecond(importing)}`);
    // The chart queries of the History tab: every stored session's series, one after another.
    progress(`the same stream + history series queries back to back for ${seconds} s`);
    const sessions = (await (await fetch(new URL('api/sessions?limit=5', base))).json()) as { id: number }[];
    const queryMs: number[] = [];
    const querying = await pulsesDuring(st, async () => {
      const f = feed(st, framesPerS);
      const until = Date.now() + seconds * 1000;
      while (Date.now() < until)
        for (const s of sessions) {
          const q0 = performance.now();
          const r = await fetch(new URL(`api/sessions/${s.id}/series?maxPoints=2000`, base));
          if (!r.ok) throw new Error(`history query answered ${r.status}: ${await r.text()}`);
          await r.arrayBuffer();
          queryMs.push(performance.now() - q0);
        }
      written += await f.stop();
    });
    progress(`each second of the queries, p99 (ms): ${perSecond(querying)}`);
    const expected = fromFrames + written;
    await waitFor(
      () => lastPulse && lastPulse.framesIngested >= expected - 20 && lastPulse,
      'the stream drained',
      30_000,
    );
    offLast();
    const idleWorst = worst(idle);
    const fastWorst = worst(fast);
    const importWorst = worst(importing);
    const queryWorst = worst(querying);
    const baseline = {
      label: `same serve at 10 Hz × ${CELLS} cells, worst 1-s p99 (median second ${median(idle).toFixed(1)} ms)`,
      value: idleWorst,
    };
    return [
      {
        label: `event-loop delay of serve's core at ${RATE.toLocaleString('en-US')} readings/s from a pty: worst 1-s p99 over ${fast.length} s (median second ${median(fast).toFixed(1)} ms)`,
        value: fastWorst,
        unit: 'ms',
        baseline,
        target: `p99 ≤ ${TARGET_MS} ms`,
        ok: fastWorst <= TARGET_MS,
      },
      {
        label: `… with a ${CSV_BYTES >> 20} MB CSV import (POST /api/import) beside the stream: worst 1-s p99 over ${importing.length} s (median second ${median(importing).toFixed(1)} ms)`,
        value: importWorst,
        unit: 'ms',
        baseline,
        target: `p99 ≤ ${TARGET_MS} ms`,
        ok: importWorst <= TARGET_MS,
      },
      {
        label: `… with history series queries back to back beside the stream (${queryMs.length} queries of ${sessions.length} sessions, each p50 ${percentile(queryMs, 50).toFixed(0)} ms, p99 ${percentile(queryMs, 99).toFixed(0)} ms): worst 1-s p99 over ${querying.length} s (median second ${median(querying).toFixed(1)} ms)`,
        value: queryWorst,
        unit: 'ms',
        baseline,
        target: `p99 ≤ ${TARGET_MS} ms`,
        ok: queryWorst <= TARGET_MS,
      },
    ];
  } finally {
    await st.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
