/**
 * Five kills of a real station process under heavy ingest (the full 50 are `kill-test.ts` run directly):
 * the file stays intact, sequence numbers stay contiguous, and a kill loses at most one batch window.
 */
import { describe, expect, it } from 'vitest';
import { runKillTest } from './kill-test.js';

describe('crash safety', () => {
  it('survives kill -9 during heavy ingest: integrity ok, contiguous seqs, at most a batch window lost', async () => {
    // The writer commits every 250 ms or sooner, and `npm run kill-test` reports the lost window
    // against that. On a loaded machine the commit timer itself fires late, and the suite never fails
    // on a timing: here the bound is four commit periods, which a writer that commits only at exit or once a second crosses.
    // Each kill comes 1.2–2 s into ingest, past that bound, so a run that stored nothing fails on its lost window too.
    const r = await runKillTest({ kills: 5, seed: 7, maxLossMs: 1_000, minRunMs: 1_200, maxRunMs: 2_000 });
    expect(r.failures).toEqual([]);
    expect(r.records).toHaveLength(5);
    expect(r.allIntegrityOk).toBe(true);
    expect(r.allContiguous).toBe(true);
    expect(r.maxLostWindowMs).toBeLessThanOrEqual(1_000);
    // Every run stored data, and the restarts continued one session.
    expect(r.records.every((x) => x.framesStored > 0)).toBe(true);
  }, 240_000);
});
