/** Worker thread of tools/dataset/dataset.ts: simulates the runs it is sent and posts their rows back. */
import { parentPort, workerData } from 'node:worker_threads';
import type { RunSpec } from './run-plan.js';
import { simulateRun } from './simulate-run.js';

parentPort!.on('message', (spec: RunSpec) => {
  const r = simulateRun(spec, { heatSource: (workerData as { heatSource?: boolean } | null)?.heatSource === true });
  // Transfer, not copy: a run is up to ~100 MB of features.
  const buffers = [
    r.features,
    r.cell,
    r.tS,
    r.label,
    r.preTrigger,
    r.timeToOnsetS,
    r.ruleClass,
    r.ruleCodes,
    r.cap,
    r.sensorFault,
    r.outsideEnvelope,
  ].map((a) => a.buffer as ArrayBuffer);
  parentPort!.postMessage(r, buffers);
});
