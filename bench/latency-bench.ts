/**
 * `npm run bench -- latency`: how long the operator waits. A 16-cell rig at 10 Hz writes frames into a
 * socat pty; `serve` reads it as its serial device and a WebSocket client of it timestamps what it
 * pushes. Beside it, in the same run, the bare pty → ReadlineParser latency of the same writes.
 *
 * - A frame is "visible" when the first live snapshot carrying it (or a newer frame) reaches the client.
 * - Alarm latency: a cell's frame crosses the 60 °C limit → the raised alarm at the client, and → the
 *   risk panel's class for that cell (the prediction with the rule's floor) at the client.
 * - Banner latency (latency-banner.ts): one cell at a time crosses → its item in the alarm banner of a
 *   Chromium page on the same `serve` (the built UI: `npx electron-vite build` first). The page is
 *   opened after the figures above, so they are taken as before.
 */
import type { Browser } from 'playwright';
import { SerialPort } from 'serialport';
import { ReadlineParser } from '@serialport/parser-readline';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeLine } from '../native-bridge/protocol/index.js';
import { openPtyPair } from '../testing/serial/socat-pair.js';
import { TestRig } from '../testing/serial/test-rig.js';
import { waitFor } from '../testing/serial/wait-for.js';
import type { BenchFigure } from './bench-report.js';
import { bannerLatencies, untilQuiet, type BannerRun } from './latency-banner.js';
import { withBrowser } from './station/chromium-bench.js';
import {
  BENCH_DEVICE,
  coolWhile,
  percentile,
  progress,
  rigFrame,
  sleep,
  startServedRig,
  writeOnSchedule,
} from './station/served-station.js';

const CELLS = 16;
const PERIOD_MS = 100;
const HOT_C = 61;
const ALARM_CODE = 'T_ALARM';

/** The same schedule into a pty read by nothing but node-serialport's ReadlineParser. */
async function bareLatencies(frames: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'latency-bare-'));
  const pair = await openPtyPair(dir, { device: 'dev', station: 'st' });
  const port = new SerialPort({ path: pair.stationPath, baudRate: 115200, autoOpen: false, hupcl: false });
  const rig = await TestRig.open(pair.devicePath, { deviceId: BENCH_DEVICE, cells: CELLS, answerCommands: false });
  try {
    await new Promise<void>((ok, ko) => port.open((e) => (e ? ko(e) : ok())));
    const writtenAt = new Map<number, number>();
    const lat: number[] = [];
    port.pipe(new ReadlineParser({ delimiter: '\n' })).on('data', (l: string) => {
      const at = performance.now();
      const r = decodeLine(l);
      if (r.ok && r.frame.kind === 'data') lat.push(at - writtenAt.get(r.frame.seq)!);
    });
    await writeOnSchedule(rig, PERIOD_MS, frames, (seq) => rigFrame(seq, CELLS, PERIOD_MS, rig.bootId), writtenAt);
    await waitFor(() => lat.length === frames, 'every line through the bare parser', 10_000);
    return lat;
  } finally {
    await rig.close();
    await new Promise<void>((r) => port.close(() => r()));
    await pair.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Snapshot {
  latestByCell: { deviceId: string; seq: number }[];
}
interface AlarmChangeMsg {
  change: string;
  alarm: { code: string; cell: number | null; deviceId: string | null; source: string };
}
interface PredictionsMsg {
  predictions: { deviceId: string; cell: number; classIndex: number }[];
}

export function runLatencyBench(seconds = 30, episodes = 3): Promise<BenchFigure[]> {
  return withBrowser((browser) => latencyFigures(browser, seconds, episodes));
}

async function latencyFigures(browser: Browser, seconds: number, episodes: number): Promise<BenchFigure[]> {
  const frames = Math.round((seconds * 1000) / PERIOD_MS);
  progress(`bare pty → ReadlineParser, ${frames} frames at 10 Hz`);
  const bare = await bareLatencies(frames);
  const station = await startServedRig({ cells: CELLS, periodMs: PERIOD_MS });
  try {
    const { rig, client } = station;
    // Visible: the first snapshot with this frame or a newer one.
    progress(`serve, ${frames} frames × ${CELLS} cells at 10 Hz → WebSocket snapshots`);
    const writtenAt = new Map<number, number>();
    const e2e: number[] = [];
    let measuring = false;
    let lastSeen = -1;
    const offSnap = client.on((e) => {
      if (e.event !== 'onLiveSnapshot' || !measuring) return;
      let max = -1;
      for (const r of (e.payload as Snapshot).latestByCell) if (r.deviceId === BENCH_DEVICE && r.seq > max) max = r.seq;
      for (let s = Math.max(lastSeen + 1, max - 1000); s <= max; s++) {
        const w = writtenAt.get(s);
        if (w !== undefined) e2e.push(e.atMs - w);
      }
      if (max > lastSeen) lastSeen = max;
    });
    measuring = true;
    await writeOnSchedule(rig, PERIOD_MS, frames, (seq) => rigFrame(seq, CELLS, PERIOD_MS, rig.bootId), writtenAt);
    await sleep(500);
    measuring = false;
    offSnap();

    // Alarms: each episode heats one more cell every three frames, then cools all and waits for the clears.
    const alarmLat: number[] = [];
    const classLat: number[] = [];
    const crossedAt = new Map<number, number>();
    const raised = new Set<number>();
    const shown = new Set<number>();
    // A cell the client already showed at Alarm or above when it crossed has nothing to wait for: its
    // next periodic update (up to 1 s later) is no latency. Such cells are counted, not timed (the
    // model reads the bench's 25 → 61 °C step of a neighbour as a runaway, and says so first).
    const lastClass = new Map<number, number>();
    const classAtCrossing = new Map<number, number>();
    let alreadyShown = 0;
    const offAlarm = client.on((e) => {
      if (e.event === 'onAlarmChanged') {
        const { change, alarm } = e.payload as AlarmChangeMsg;
        if (change !== 'raised' || alarm.code !== ALARM_CODE || alarm.deviceId !== BENCH_DEVICE) return;
        const t = crossedAt.get(alarm.cell!);
        if (t !== undefined && !raised.has(alarm.cell!)) {
          raised.add(alarm.cell!);
          alarmLat.push(e.atMs - t);
        }
      } else if (e.event === 'onPredictions') {
        for (const p of (e.payload as PredictionsMsg).predictions) {
          if (p.deviceId === BENCH_DEVICE) lastClass.set(p.cell, p.classIndex);
          const t = crossedAt.get(p.cell);
          if (p.deviceId !== BENCH_DEVICE || t === undefined || p.classIndex < 3 || shown.has(p.cell)) continue;
          shown.add(p.cell);
          if ((classAtCrossing.get(p.cell) ?? -1) >= 3) alreadyShown++;
          else classLat.push(e.atMs - t);
        }
      }
    });
    const cooled = new Map<number, number>();
    for (let ep = 0; ep < episodes; ep++) {
      progress(`alarm episode ${ep + 1}/${episodes}: one more cell above ${HOT_C - 1} °C every 300 ms`);
      crossedAt.clear();
      classAtCrossing.clear();
      raised.clear();
      shown.clear();
      const heatFrames = CELLS * 3 + 20;
      await writeOnSchedule(
        rig,
        PERIOD_MS,
        heatFrames,
        (seq, k) => {
          const hot = Math.min(CELLS, Math.floor(k / 3) + 1);
          for (let c = 1; c <= hot; c++)
            if (!crossedAt.has(c)) {
              crossedAt.set(c, performance.now());
              classAtCrossing.set(c, lastClass.get(c) ?? -1);
            }
          return rigFrame(
            seq,
            CELLS,
            PERIOD_MS,
            rig.bootId,
            Array.from({ length: CELLS }, (_, c) => (c < hot ? HOT_C : 25)),
          );
        },
        cooled,
      );
      // The next episode must raise anew from a quiet station (untilQuiet says why).
      await writeOnSchedule(rig, PERIOD_MS, 80, (seq) => rigFrame(seq, CELLS, PERIOD_MS, rig.bootId), cooled);
      await coolWhile(rig, { cells: CELLS, periodMs: PERIOD_MS }, () => untilQuiet(client), 60_000, 'alarms stood');
    }
    offAlarm();
    progress(`alarm banner in Chromium: ${episodes * CELLS} episodes of one cell above ${HOT_C - 1} °C`);
    const banner = await bannerLatencies(browser, station, {
      cells: CELLS,
      periodMs: PERIOD_MS,
      hotC: HOT_C,
      code: ALARM_CODE,
      episodes: episodes * CELLS,
    });
    for (const [text, n] of banner.others) progress(`the banner also showed ${text} (${n}×)`);
    const missingAlarms = episodes * CELLS - alarmLat.length;
    const bareP50 = percentile(bare, 50);
    const bareP99 = percentile(bare, 99);
    const p50 = percentile(e2e, 50);
    const p99 = percentile(e2e, 99);
    const aP99 = percentile(alarmLat, 99);
    const cP99 = percentile(classLat, 99);
    const size = `${CELLS} cells × 10 Hz, ${e2e.length} frames`;
    return [
      {
        label: `end-to-end latency p50: frame written to the pty → live snapshot at a WebSocket client of serve (${size})`,
        value: p50,
        unit: 'ms',
        baseline: { label: 'bare pty → ReadlineParser p50, same writes', value: bareP50 },
        target: '≤ 60 ms',
        ok: p50 <= 60,
      },
      {
        label: `end-to-end latency p99 (${size})`,
        value: p99,
        unit: 'ms',
        baseline: { label: 'bare pty → ReadlineParser p99, same writes', value: bareP99 },
        target: '≤ 150 ms',
        ok: p99 <= 150,
      },
      {
        label: `alarm latency p99: frame crossing ${HOT_C - 1} °C → raised ${ALARM_CODE} at the WebSocket client (${alarmLat.length} alarms${missingAlarms ? `, ${missingAlarms} never raised` : ''})`,
        value: aP99,
        unit: 'ms',
        baseline: { label: 'bare pty → ReadlineParser p99', value: bareP99 },
        target: '≤ 250 ms, every crossing raised',
        ok: aP99 <= 250 && missingAlarms === 0,
      },
      {
        label: `risk class latency p99: same crossing → the cell's prediction at Alarm or above at the client (${classLat.length} of ${episodes * CELLS} timed, ${alreadyShown} already shown at Alarm or above when they crossed; the risk panel's source)`,
        value: cP99,
        unit: 'ms',
        baseline: { label: 'alarm latency p99 of the same crossings', value: aP99 },
        target: '≤ 250 ms',
        ok: cP99 <= 250 && classLat.length + alreadyShown === episodes * CELLS,
      },
      ...bannerFigures(banner, bareP99),
    ];
  } finally {
    await station.close();
  }
}

function bannerFigures(b: BannerRun, bareP99: number): BenchFigure[] {
  const clock = `page clock ${b.clock.offsetMs >= 0 ? '+' : '−'}${Math.abs(b.clock.offsetMs).toFixed(2)} ms from the bench's (± ${(b.clock.rttMs / 2).toFixed(2)})`;
  const what = `${b.banner.length} of ${b.episodes} single-cell episodes shown, ${b.ws.length} raised at the client`;
  const p50 = percentile(b.banner, 50);
  const p99 = percentile(b.banner, 99);
  const all = b.banner.length === b.episodes;
  return [
    {
      label: `alarm banner latency p50 in Chromium: the frame taking one cell above ${HOT_C - 1} °C written to the pty → the banner item naming that cell's ${ALARM_CODE} in the page's DOM (MutationObserver, the page's performance.timeOrigin + now(); ${clock}; ${what})`,
      value: p50,
      unit: 'ms',
      baseline: {
        label: `raised ${ALARM_CODE} at the WebSocket client p50, same crossings`,
        value: percentile(b.ws, 50),
      },
    },
    {
      label: `alarm banner latency p99 in Chromium (${what}; bare ReadlineParser p99 ${bareP99.toFixed(1)} ms)`,
      value: p99,
      unit: 'ms',
      baseline: {
        label: `raised ${ALARM_CODE} at the WebSocket client p99, same crossings`,
        value: percentile(b.ws, 99),
      },
      target: '≤ 250 ms, every episode shown',
      ok: p99 <= 250 && all,
    },
  ];
}
