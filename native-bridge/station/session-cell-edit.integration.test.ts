/**
 * A session edited while its rig streams: the engineer finds the bench holds LTO cells, not the NMC the
 * rig's last session said, and corrects the session panel. The model's windows must read the new cell at
 * once — an LTO's 2.8 V V_max puts these 3.9 V readings outside the training range, so the model steps
 * aside ("not applicable") — instead of at the next reconnect, while it would go on judging them as NMC.
 */
import { describe, expect, it } from 'vitest';
import type { Prediction } from '../contract/index.js';
import { callStation } from '../../testing/station-calls.js';
import { StationCore } from './station.js';
import { SimpleRigModel } from '../../testing/simple-rig-model.js';
import { SimulatorSource } from '../devices/simulator-source.js';
import { defaultModelPath } from '../ml/model-files.js';
import { requireShippedModel } from '../../testing/shipped-model.js';
import { testCleanups } from '../../testing/test-cleanups.js';

const cleanups = testCleanups();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function predictions(core: StationCore): Promise<Prediction[]> {
  const r = await callStation(core, 'getPredictions', {});
  expect(r.ok).toBe(true);
  return (r as { result: { predictions: Prediction[] } }).result.predictions;
}

async function until(what: string, timeoutMs: number, probe: () => Promise<boolean>): Promise<void> {
  const t0 = Date.now();
  while (!(await probe())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

describe('a session edited while its rig streams', () => {
  it('gives the model the new cell at once: LTO makes 3.9 V readings "not applicable"', async (ctx) => {
    requireShippedModel(ctx, [defaultModelPath()]);
    const core = new StationCore({
      dataDir: cleanups.tempDir('session-cell-edit-'),
      logger: () => undefined,
      flushIntervalMs: 50,
      model: { tickMs: 100 },
    });
    cleanups.defer(() => core.close());
    await core.ml.ready;
    const src = new SimulatorSource({ spec: 'sim', label: 'sim', model: new SimpleRigModel(4, 5), periodMs: 100 });
    cleanups.defer(() => src.stop());
    await core.addSource(src);

    await until('a prediction for every cell', 10_000, async () => (await predictions(core)).length === 4);
    const before = await predictions(core);
    expect(before.every((p) => p.reliability !== 'not-applicable')).toBe(true);

    const sessions = await callStation(core, 'listSessions', { deviceId: before[0]!.deviceId });
    expect(sessions.ok).toBe(true);
    const session = (sessions as { result: { id: number; chemistry: string | null }[] }).result[0]!;
    expect(session.chemistry ?? 'NMC').not.toBe('LTO');
    const edited = await callStation(core, 'updateSession', { id: session.id, chemistry: 'LTO' });
    expect(edited.ok).toBe(true);

    // A few model runs (one a second), bounded: before the fix the class stayed applicable until a reconnect.
    await until('every cell "not applicable" on the LTO window', 5_000, async () =>
      (await predictions(core)).every((p) => p.reliability === 'not-applicable' && p.timeToRunaway === null),
    );
    await src.stop();
  }, 30_000);
});
