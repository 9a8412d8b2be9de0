import { describe, expect, it } from 'vitest';
import { renderBenchReport, type BenchFigure } from './bench-report.js';

const record = (figures: BenchFigure[], failures = [] as { suite: string; message: string }[]) => ({
  date: '2026-01-01T00:00:00Z',
  host: { cpus: 2, node: 'v22' },
  figures,
  failures,
});

describe('bench report', () => {
  it('shows every figure with its baseline, its target and whether it was met', () => {
    const html = renderBenchReport(
      record([
        {
          suite: 'serial',
          label: 'full path',
          value: 100_000,
          unit: 'readings/s',
          baseline: { label: 'bare <parser>', value: 400_000 },
          target: '≥ 25 % of the bare parser',
          ok: true,
        },
        { suite: 'size', label: 'bytes per reading', value: 41.5, unit: 'B', target: '≤ 40 B', ok: false },
        { suite: 'fuzz', label: 'cases', value: 90_000, unit: 'cases/s' },
      ]),
    );
    expect(html).toContain('3 figures: 1 met their target, 1 missed');
    expect(html).toContain('Target: ≥ 25 % of the bare parser');
    expect(html).toContain('✓ met');
    expect(html).toContain('✗ missed');
    expect(html).toContain('no target');
    expect(html).toContain('25 %');
    expect(html).toContain('bare &lt;parser&gt;');
    expect(html).not.toContain('<parser>');
  });

  it('lists suites that failed to run', () => {
    const html = renderBenchReport(record([], [{ suite: 'chart', message: 'disk full' }]));
    expect(html).toContain('1 suite(s) failed');
    expect(html).toContain('<b>chart</b>: disk full');
  });
});
