/**
 * `npm run bench -- latency`: how long the operator waits. A 16-cell rig at 10 Hz writes frames into a
 * socat pty; `serve` reads it as its serial device and a WebSocket client of it timestamps what it
 * pushes. Beside it, in the same run, the bare pty → ReadlineParser latency of the same writes.
 *
 * - A frame is "visible" when the first live snapshot carrying it (or a newer frame) reaches the client.
 * - Alarm latency: a cell's frame crosses the 60 °C limit → the raised alarm at the client, and → the
 *   risk panel's class for that cell (the prediction with the rule's floor) at the client.
 */
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
import { BENCH_DEVICE, percentile, progress, rigFrame, sleep, startServedRig } from './station/served-station.js';

const CELLS = 16;
const PERIOD_MS = 100;
const HOT_C = 61;
const ALARM_CODE = 'T_ALARM';

/** Writes one frame every `periodMs` on a drift-free schedule, noting when each left. */
async function writeOnSchedule(
  rig: TestRig,
  frames: number,
  line: (seq: number, k: number) => string,
  writtenAt: Map<number, number>,
): Promise<void> {
  const t0 = performance.now();
  for (let k = 0; k < frames; k++) {
    const wait = t0 + k * PERIOD_MS - performance.now();
    if (wait > 0) await sleep(wait);
    const seq = rig.seq++;
    writtenAt.set(seq, performance.now());
    await rig.write(line(seq, k));
  }
}

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
    await writeOnSchedule(rig, frames, (seq) => rigFrame(seq, CELLS, PERIOD_MS, rig.bootId), writtenAt);
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

export async function runLatencyBench(seconds = 30, episodes = 3): Promise<BenchFigure[]> {
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
    await writeOnSchedule(rig, frames, (seq) => rigFrame(seq, CELLS, PERIOD_MS, rig.bootId), writtenAt);
    await sleep(500);
    measuring = false;
    offSnap();

    // Alarms: each episode heats one more cell every three frames, then cools all and waits for the clears.
    const alarmLat: number[] = [];
    const classLat: number[] = [];
    const crossedAt = new Map<number, number>();
    const raised = new Set<number>();
    const shown = new Set<number>();
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
          const t = crossedAt.get(p.cell);
          if (p.deviceId !== BENCH_DEVICE || t === undefined || p.classIndex < 3 || shown.has(p.cell)) continue;
          shown.add(p.cell);
          classLat.push(e.atMs - t);
        }
      }
    });
    const cooled = new Map<number, number>();
    for (let ep = 0; ep < episodes; ep++) {
      progress(`alarm episode ${ep + 1}/${episodes}: one more cell above ${HOT_C - 1} °C every 300 ms`);
      crossedAt.clear();
      raised.clear();
      shown.clear();
      const heatFrames = CELLS * 3 + 20;
      await writeOnSchedule(
        rig,
        heatFrames,
        (seq, k) => {
          const hot = Math.min(CELLS, Math.floor(k / 3) + 1);
          for (let c = 1; c <= hot; c++) if (!crossedAt.has(c)) crossedAt.set(c, performance.now());
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
      // The book holds a cleared alarm for 5 s; the next episode must raise anew.
      await writeOnSchedule(rig, 80, (seq) => rigFrame(seq, CELLS, PERIOD_MS, rig.bootId), cooled);
    }
    offAlarm();
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
        label: `risk class latency p99: same crossing → the cell's prediction at Alarm or above at the client (${classLat.length} of ${episodes * CELLS}; the banner's and risk panel's source)`,
        value: cP99,
        unit: 'ms',
        baseline: { label: 'alarm latency p99 of the same crossings', value: aP99 },
        target: '≤ 250 ms',
        ok: cP99 <= 250 && classLat.length === episodes * CELLS,
      },
    ];
  } finally {
    await station.close();
  }
}
