/**
 * The served false-alarm tool end to end on a real `serve` (the sources under tsx, as `npm test` has no
 * build before the unit project): one normal-cycling run of a couple of simulated minutes, its JSON and
 * chart, and the report section and card figure written into copies of the model's files, twice, to see
 * the second replace the first.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SECTION_START } from './fa-report.js';
import { CHART_FILE, JSON_FILE, measure, parseArgs, writeOutputs } from './station-fa.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe('npm run eval:station (one short run)', () => {
  const out = mkdtempSync(join(tmpdir(), 'station-fa-smoke-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('counts a served rig’s cell-hours and episodes and writes them where the model’s figures are', async () => {
    for (const f of ['eval-report.md', 'eval-report.json', 'risk-model.card.json'])
      copyFileSync(join(ROOT, 'models', f), join(out, f));
    const o = parseArgs(['--seeds', '72001', '--scenario', 'normal-cycling', '--runs-per-scenario', '1']);
    Object.assign(o, { maxSimS: 120, speed: 30, built: false, out });
    const m = await measure(o);
    expect(m.runs).toHaveLength(1);
    const run = m.runs[0]!;
    expect(run.scenario).toBe('normal-cycling');
    expect(run.runawayCells).toEqual([]);
    expect(run.simS).toBeGreaterThan(0);
    expect(run.cellHours).toBeGreaterThan(0);
    expect(run.cellHours).toBeLessThanOrEqual((run.cells * 120) / 3600 + 1e-9);
    expect(run.droppedRows).toBe(0);
    expect(m.all.shown.cellHours).toBe(run.cellHours);
    expect(m.all.book.episodes).toBeLessThanOrEqual(m.all.shown.episodes);

    writeOutputs(m, o);
    writeOutputs(m, o);
    const json = JSON.parse(readFileSync(join(out, JSON_FILE), 'utf8'));
    expect(json.all.cellHours).toBe(run.cellHours);
    expect(readFileSync(join(out, CHART_FILE), 'utf8')).toMatch(/^<svg[\s\S]*normal-cycling[\s\S]*<\/svg>\n$/);
    const report = readFileSync(join(out, 'eval-report.md'), 'utf8');
    expect(report.split(SECTION_START)).toHaveLength(2);
    expect(report.indexOf(SECTION_START)).toBeLessThan(report.indexOf('## Measured traces'));
    expect(report).toMatch(/\| \*\*all\*\* \| 1 \|.* \| \d+, [\d.]+ \([\d.]+–[\d.]+\) \|\n/);
    const card = JSON.parse(readFileSync(join(out, 'risk-model.card.json'), 'utf8'));
    expect(card.metrics.servedStation.cellHours).toBe(run.cellHours);
    expect(card.metrics.test).toEqual(
      JSON.parse(readFileSync(join(ROOT, 'models/risk-model.card.json'), 'utf8')).metrics.test,
    );
  }, 60_000);
});
