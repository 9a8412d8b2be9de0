/**
 * `npm run serve` runs the bundle in out/main with plain node, not the sources under tsx (it starts
 * in a third of the time: docs/PERFORMANCE.md). What the bundle must still find on its own: the built
 * UI, the model in models/, and the CSV import's and history queries' worker modules beside its chunks.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_INDEX, SERVE_BUNDLE, assertBuilt } from './support/repo-paths.js';
import { startServe, type ServeHandle } from './support/serve-process.js';
import { makeTempDir, removeDir } from './support/temp-dirs.js';

describe('serve, the bundle under plain node', () => {
  let dataRoot: string | undefined;
  let serve: ServeHandle | undefined;

  beforeAll(async () => {
    assertBuilt(SERVE_BUNDLE);
    assertBuilt(RENDERER_INDEX);
    dataRoot = makeTempDir('station-e2e-serve-bundle');
    serve = await startServe({
      built: true,
      env: { STATION_DEVICE: 'sim', STATION_SIM_PERIOD_MS: '100', STATION_SIM_CELLS: '4', STATION_DATA_DIR: dataRoot },
    });
  });

  afterAll(async () => {
    await serve?.stop();
    removeDir(dataRoot);
  });

  it('serves the built UI', async () => {
    const res = await fetch(serve!.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(readFileSync(RENDERER_INDEX, 'utf8'));
  });

  it('streams the simulator with the model loaded', async () => {
    await expect
      .poll(
        async () =>
          ((await (await fetch(new URL('api/status', serve!.url))).json()) as { stats: { totalRecords: number } }).stats
            .totalRecords,
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);
    expect(serve!.output()).toMatch(/Risk model \S+ loaded from/);
  });

  it('imports a CSV and charts it', async () => {
    const csv = 'time,cell,temperature\n0,1,25\n1,1,25.5\n2,1,26\n';
    const res = await fetch(new URL('api/import?name=bundle.csv&rig=Bench', serve!.url), { method: 'POST', body: csv });
    expect(res.status).toBe(200);
    const { sessionId, rows } = (await res.json()) as { sessionId: number; rows: number };
    expect(rows).toBe(3);
    const series = await fetch(new URL(`api/sessions/${sessionId}/series`, serve!.url));
    expect(series.status).toBe(200);
    expect(JSON.stringify(await series.json())).toContain('25.5');
  });
});
