/**
 * Where `serve`'s memory goes, one part at a time, in a process of its own (bench/memory-bench.ts forks
 * it under tsx with --expose-gc): node and tsx alone, the station's modules imported, a core started
 * (SQLite open, the ONNX session loaded), its live ring filled, then an hour of a 16-cell 10 Hz rig
 * through it. Each stage reports process.memoryUsage() after a full GC.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface MemoryStage {
  stage: string;
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
}

const MB = 1024 * 1024;
const stages: MemoryStage[] = [];

function measure(stage: string): void {
  for (let i = 0; i < 3; i++) (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  stages.push({ stage, rssMb: m.rss / MB, heapUsedMb: m.heapUsed / MB, externalMb: m.external / MB });
}

async function main(): Promise<void> {
  measure('node + tsx');
  const { StationCore } = await import('../../native-bridge/station/station.js');
  await import('../../native-bridge/server/http-server.js');
  const { HandSource } = await import('../../testing/hand-source.js');
  const { rigFrame } = await import('./served-station.js');
  const { encodeFrame } = await import('../../native-bridge/protocol/index.js');
  measure('station modules');
  const dir = mkdtempSync(join(tmpdir(), 'memory-stages-'));
  const core = new StationCore({ dataDir: dir, logger: () => undefined });
  try {
    await core.ml.ready;
    measure('core started (SQLite, ONNX session)');
    const source = new HandSource();
    await core.addSource(source);
    const cells = 16;
    source.line(
      encodeFrame({
        kind: 'hello',
        deviceId: 'BENCH0000016',
        bootId: '0BE4C016',
        fwVersion: 'bench',
        cellCount: cells,
        periodMs: 100,
        channels: `ntc:${cells};vdiv:${cells}`,
      }),
      Date.now(),
    );
    let seq = 0;
    const run = async (frames: number) => {
      for (let i = 0; i < frames; i++) {
        source.line(rigFrame(seq++, cells, 100, '0BE4C016'), Date.now());
        // Let the writer's timer, the model's tick and the throttle run as they would.
        if (i % 500 === 499) await new Promise((r) => setTimeout(r, 1));
      }
      core.flush();
    };
    // The live ring holds 200,000 readings: 12,500 frames of 16 cells fill it.
    await run(12_500);
    measure('live ring full (200,000 readings)');
    await run(36_000 - 12_500);
    measure('an hour of 16 cells × 10 Hz');
    await run(36_000);
    measure('two hours');
    if (process.env.MEMORY_STAGES_HOURS)
      for (let h = 3; h <= Number(process.env.MEMORY_STAGES_HOURS); h++) {
        await run(36_000);
        measure(`${h} hours`);
      }
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
  process.send!({ stages });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.send!({ error: e instanceof Error ? e.message : String(e) });
    process.exit(1);
  },
);
