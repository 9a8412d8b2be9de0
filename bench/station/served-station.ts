/**
 * What the operator-feel benches share: `serve` in a child process fed by a pty the bench writes
 * frames into (the real serial path, socat between them), a WebSocket client of it that timestamps
 * every pushed event on arrival, and the frames a 16-cell rig sends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type {
  MethodName,
  MethodParams,
  MethodResult,
  ResultMessage,
  ServerMessage,
} from '../../native-bridge/contract/index.js';
import { encodeFrame } from '../../native-bridge/protocol/index.js';
import { openPtyPair, socatGate, type PtyPair } from '../../testing/serial/socat-pair.js';
import { TestRig } from '../../testing/serial/test-rig.js';
import { waitFor } from '../../testing/serial/wait-for.js';
import { startServe, type ServeHandle } from '../../renderer/e2e/support/serve-process.js';
import { percentile as sortedPercentile } from '../history/bench-figure.js';

export const BENCH_DEVICE = 'BENCH0000016';

export interface PushedEvent {
  atMs: number;
  event: string;
  payload: unknown;
}

/** A WebSocket client of `serve` that keeps every pushed event with its arrival time (performance.now). */
export class StationClient {
  private listeners = new Set<(e: PushedEvent) => void>();
  private calls = new Map<number, (m: ResultMessage) => void>();
  private nextId = 1;
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const atMs = performance.now();
      const msg = JSON.parse(String(data)) as ServerMessage;
      if (msg.type === 'result') {
        this.calls.get(msg.id)?.(msg);
        this.calls.delete(msg.id);
        return;
      }
      const e = { atMs, event: msg.event!, payload: msg.payload };
      for (const l of this.listeners) l(e);
    });
  }

  static open(url: string): Promise<StationClient> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws').replace(/\/?$/, '/')}ws`);
    return new Promise((ok, ko) => {
      ws.once('open', () => ok(new StationClient(ws)));
      ws.once('error', ko);
    });
  }

  /** A contract call over the same socket; rejects with the station's error message. */
  call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    const id = this.nextId++;
    return new Promise((ok, ko) => {
      this.calls.set(id, (m) =>
        m.ok ? ok(m.result as MethodResult<M>) : ko(new Error(`${method}: ${m.error.message}`)),
      );
      this.ws.send(JSON.stringify({ type: 'call', id, method, params }));
    });
  }

  on(listener: (e: PushedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.ws.close();
  }
}

/** One data frame of the bench rig: `temps` (°C) per cell, or the quiet 25 °C bench when omitted. */
export function rigFrame(seq: number, cells: number, periodMs: number, bootId: string, temps?: number[]): string {
  return encodeFrame({
    kind: 'data',
    deviceId: BENCH_DEVICE,
    bootId,
    seq,
    tDevMs: (seq + 1) * periodMs,
    cellMv: Array.from({ length: cells }, (_, c) => 3600 + ((seq + c * 7) % 200)),
    cellTempCc: Array.from({ length: cells }, (_, c) => Math.round((temps?.[c] ?? 25 + ((seq + c) % 50) / 100) * 100)),
    packMa: -1250,
    ambientCc: 2310,
    humidityCpct: 4520,
    socPermille: null,
    status: 0,
  });
}

export interface ServedRig {
  serve: ServeHandle;
  client: StationClient;
  rig: TestRig;
  pair: PtyPair;
  bootId: string;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * `serve` reading a socat pty as its serial device, the bench's TestRig on the other end (it answers
 * the station's commands), hello sent and the link streaming.
 */
export async function startServedRig(opts: {
  cells: number;
  periodMs: number;
  env?: Record<string, string>;
}): Promise<ServedRig> {
  const gate = socatGate();
  if (!gate.ok) throw new Error(gate.reason!);
  const dir = mkdtempSync(join(tmpdir(), 'station-bench-'));
  const pair = await openPtyPair(dir, { device: 'rig', station: 'station' });
  let serve: ServeHandle | undefined;
  let rig: TestRig | undefined;
  let client: StationClient | undefined;
  const close = async () => {
    client?.close();
    await serve?.stop();
    await rig?.close();
    await pair.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    rig = await TestRig.open(pair.devicePath, { deviceId: BENCH_DEVICE, cells: opts.cells, periodMs: opts.periodMs });
    serve = await startServe({
      readyTimeoutMs: 120_000,
      env: {
        STATION_DEVICE: `serial:${pair.stationPath}@115200`,
        STATION_DATA_DIR: join(dir, 'data'),
        ...opts.env,
      },
    });
    client = await StationClient.open(serve.url);
    let streaming = false;
    const off = client.on((e) => {
      if (e.event !== 'onDeviceLinks' && e.event !== 'onLiveSnapshot') return;
      const links =
        e.event === 'onDeviceLinks'
          ? (e.payload as { state: string }[])
          : (e.payload as { devices: { state: string }[] }).devices;
      if (links.some((l) => l.state === 'streaming')) streaming = true;
    });
    // The station opens the port, asks for a hello; the rig answers (TestRig does) and then streams.
    await rig.write(rig.helloLine());
    let seq = 0;
    await waitFor(
      () => {
        void rig!.write(`${rigFrame(seq++, opts.cells, opts.periodMs, rig!.bootId)}`);
        return streaming;
      },
      'the station streaming from the bench rig',
      30_000,
      opts.periodMs,
    );
    off();
    rig.seq = seq;
    return { serve, client, rig, pair, bootId: rig.bootId, dataDir: join(dir, 'data'), close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** The nearest-rank percentile of unsorted samples (bench-figure's takes them sorted). */
export function percentile(xs: number[], p: number): number {
  return sortedPercentile(
    [...xs].sort((a, b) => a - b),
    p,
  );
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Writes one frame every `periodMs` on a drift-free schedule, noting when each left (performance.now). */
export async function writeOnSchedule(
  rig: TestRig,
  periodMs: number,
  frames: number,
  line: (seq: number, k: number) => string,
  writtenAt: Map<number, number>,
): Promise<void> {
  const t0 = performance.now();
  for (let k = 0; k < frames; k++) {
    const wait = t0 + k * periodMs - performance.now();
    if (wait > 0) await sleep(wait);
    const seq = rig.seq++;
    writtenAt.set(seq, performance.now());
    await rig.write(line(seq, k));
  }
}

/**
 * Quiet 25 °C frames on the rig's schedule while `busy()` holds (checked every two frames), bounded:
 * waiting on the station or a page never silences the rig, whose link would raise an alarm of its own.
 */
export async function coolWhile(
  rig: TestRig,
  o: { cells: number; periodMs: number },
  busy: () => Promise<boolean>,
  maxMs: number,
  what: string,
): Promise<void> {
  const t0 = performance.now();
  const written = new Map<number, number>();
  while (await busy()) {
    if (performance.now() - t0 > maxMs) throw new Error(`${what} after ${maxMs / 1000} s`);
    written.clear();
    await writeOnSchedule(rig, o.periodMs, 2, (seq) => rigFrame(seq, o.cells, o.periodMs, rig.bootId), written);
  }
}

/** A bench's progress line on stderr, so `--json` keeps stdout for the table. */
export function progress(m: string): void {
  process.stderr.write(`  … ${m}\n`);
}

/**
 * `serve` on the simulated rig (`sim:normal-cycling`, 100 ms period) sped up `speed` times; `built`:
 * the bundle under plain node (as `npm run serve` runs it) instead of the sources under tsx.
 */
export function startSimServe(dataDir: string, cells: number, speed: number, built = false): Promise<ServeHandle> {
  return startServe({
    readyTimeoutMs: 120_000,
    built,
    env: {
      STATION_DEVICE: 'sim:normal-cycling',
      STATION_SIM_CELLS: String(cells),
      STATION_SIM_PERIOD_MS: '100',
      STATION_SIM_SPEED: String(speed),
      STATION_DATA_DIR: dataDir,
    },
  });
}
