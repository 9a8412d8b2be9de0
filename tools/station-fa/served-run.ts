/**
 * One simulated rig through the real station process: `serve` on loopback (a free port, its own data
 * folder) with `sim:<scenario>?speed&seed&cells`, read the way the Insights tab reads it — each cell's
 * prediction history (the class shown per device-second) fetched from `sinceMs` on, often enough that
 * the engine's one-hour ring never laps between two reads — and every RUNAWAY alarm the station raises,
 * until the rig's device time reaches the asked span or the wall-time cap ends the run. The rig under
 * test is picked over the API once the model has loaded, as an operator picks a scenario (connectSim):
 * started with the station, at 1500× it would be a quarter of an hour in before the first prediction.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alarm, ModelInfo, PredictionHistoryResult } from '../../native-bridge/contract/index.js';
import { RUNAWAY_CODE } from '../../native-bridge/safety/runaway-onset.js';
import { HOUR_ENTRIES } from '../../native-bridge/ml/prediction-history.js';
import { simDeviceId } from '../../native-bridge/station/create-source.js';
import { startServe } from '../../renderer/e2e/support/serve-process.js';
import { StationSocket } from './station-socket.js';
import type { CellSeries } from './served-tally.js';

export interface ServedRunSpec {
  scenario: string;
  seed: number;
  cells: number;
  /** Device time to observe, s. */
  simS: number;
  /** Simulated seconds per wall second asked of the rig (it runs slower when its physics cannot keep up). */
  speed: number;
  /** Wall-time cap of the run once serve is up, s. */
  maxWallS: number;
  /** The bundle `npm run serve` runs (else the sources under tsx). */
  built: boolean;
  /** Called after every read with the device time reached, s. */
  onProgress?: (simS: number) => void;
}

export interface ServedRunResult {
  series: CellSeries[];
  runawayCells: number[];
  /** Newest device time seen, s, and the wall time from serve's start to its stop, s. */
  simS: number;
  wallS: number;
  /** The engine's own count of per-second rows it dropped because inference fell behind. */
  droppedRows: number;
  /** Reads that came back a full hour long: the ring may have lapped and seconds been lost. */
  fullReads: number;
  modelVersion: string | null;
}

/**
 * Reads come at least three times per hour of device time (the ring holds one hour), at most every 2 s;
 * a run whose reads still came back full says so in `fullReads`.
 */
const pollMs = (speed: number) => Math.min(2000, Math.max(200, (1000 * HOUR_ENTRIES) / (3 * speed)));
/** The dataset ends a run this long after its newest onset (simulate-run.ts): the test is over. */
export const AFTER_RUNAWAY_S = 600;
const MODEL_LOAD_TIMEOUT_MS = 60_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

class CellReader {
  readonly series: CellSeries;
  private lastMs = -1;
  /** Device time added after a simulated reboot, so the series' clock keeps rising. */
  private offsetS = 0;

  constructor(cell: number) {
    this.series = { cell, tS: [], cls: [] };
  }

  get newestS(): number {
    return this.series.tS.at(-1) ?? 0;
  }

  /** Returns whether the read was a full ring (seconds may have been lost before it). */
  async read(socket: StationSocket, deviceId: string): Promise<boolean> {
    const ask = (sinceMs: number) =>
      socket.call<PredictionHistoryResult>('getPredictionHistory', {
        deviceId,
        cell: this.series.cell,
        sinceMs,
        maxPoints: HOUR_ENTRIES,
      });
    let h = await ask(this.lastMs + 1);
    if (h.newestMs !== null && h.newestMs < this.lastMs) {
      // The rig rebooted (sensor-faults): its clock restarted and the engine's ring with it.
      this.offsetS = this.newestS;
      this.lastMs = -1;
      h = await ask(0);
    }
    for (const p of h.points) {
      this.series.tS.push(this.offsetS + p.tMs / 1000);
      this.series.cls.push(p.classIndex);
      this.lastMs = p.tMs;
    }
    return h.points.length >= HOUR_ENTRIES;
  }
}

async function modelLoaded(socket: StationSocket): Promise<void> {
  const until = performance.now() + MODEL_LOAD_TIMEOUT_MS;
  for (;;) {
    const info = await socket.call<ModelInfo>('getModelInfo');
    if (info.state === 'loaded') return;
    if (info.state !== 'loading' || performance.now() > until)
      throw new Error(`the station's model is ${info.state}: ${info.error ?? 'not loaded in time'}`);
    await sleep(200);
  }
}

export async function runServed(spec: ServedRunSpec): Promise<ServedRunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'station-fa-'));
  const deviceId = simDeviceId(spec.scenario);
  const started = performance.now();
  const serve = await startServe({
    built: spec.built,
    readyTimeoutMs: 120_000,
    env: {
      // A stand-in rig until the model is up: another scenario (another device id), all but stopped.
      STATION_DEVICE: `sim:${spec.scenario === 'normal-cycling' ? 'high-ambient' : 'normal-cycling'}?speed=0.001&cells=1`,
      STATION_DATA_DIR: join(dir, 'data'),
    },
  });
  let socket: StationSocket | null = null;
  try {
    socket = await StationSocket.open(serve.url);
    await modelLoaded(socket);
    await socket.call('connectSim', { scenario: spec.scenario, speed: spec.speed, seed: spec.seed, cells: spec.cells });
    const runaway = new Set<number>();
    let simS = 0;
    let endS = spec.simS;
    const noteAlarm = (a: Alarm) => {
      if (a.code !== RUNAWAY_CODE || a.deviceId !== deviceId || a.cell === null || runaway.has(a.cell)) return;
      runaway.add(a.cell);
      // Device time of the newest read stands for the onset's: it lags it by at most one read.
      endS = Math.min(spec.simS, simS + AFTER_RUNAWAY_S);
    };
    socket.on('onAlarmChanged', (c) => noteAlarm(c.alarm));
    const readers = Array.from({ length: spec.cells }, (_, i) => new CellReader(i + 1));
    const capAt = performance.now() + spec.maxWallS * 1000;
    let fullReads = 0;
    for (;;) {
      await sleep(pollMs(spec.speed));
      for (const r of readers) if (await r.read(socket, deviceId)) fullReads++;
      simS = Math.max(0, ...readers.map((r) => r.newestS));
      spec.onProgress?.(simS);
      if (simS >= endS || performance.now() >= capAt) break;
    }
    const stopAtS = endS;
    const info = await socket.call<ModelInfo>('getModelInfo');
    if (info.state !== 'loaded') throw new Error(`the station's model is ${info.state}: ${info.error ?? ''}`);
    for (const a of await socket.call<Alarm[]>('getAlarmHistory', { deviceId, limit: 5000 })) noteAlarm(a);
    // Only the span asked (or up to AFTER_RUNAWAY_S past the newest runaway) counts: the last read may reach past it.
    const series = readers.map((r) => {
      const n = r.series.tS.findIndex((t) => t > stopAtS);
      return n < 0 ? r.series : { cell: r.series.cell, tS: r.series.tS.slice(0, n), cls: r.series.cls.slice(0, n) };
    });
    return {
      series,
      runawayCells: [...runaway].sort((a, b) => a - b),
      simS: Math.min(simS, stopAtS),
      wallS: (performance.now() - started) / 1000,
      droppedRows: info.runs.droppedRows,
      fullReads,
      modelVersion: info.modelVersion,
    };
  } finally {
    socket?.close();
    await serve.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
