/** Lead time: from the first rule or model warning to the runaway onset. */
import { describe, expect, it } from 'vitest';
import { leadTime } from './lead-time.js';

describe('lead time', () => {
  it('runs from the first rule or model warning to the runaway onset', () => {
    const lt = leadTime(
      [
        { tMs: 1000, severity: 'warning', code: 'LINK_LOST', source: 'link', cell: null },
        { tMs: 5000, severity: 'warning', code: 'RISE', source: 'rule', cell: 3 },
        { tMs: 9000, severity: 'critical', code: 'RUNAWAY', source: 'rule', cell: 3 },
      ],
      [{ tMs: 4000, cls: 2, cell: 3 }],
    );
    expect(lt.onset).toMatchObject({ tMs: 9000, cell: 3 });
    expect(lt.firstWarning).toMatchObject({ tMs: 4000, by: 'risk model at Warning' });
    expect(lt.leadMs).toBe(5000);
    expect(lt.model).toEqual({ firstWarning: { tMs: 4000, by: 'risk model at Warning', cell: 3 }, leadMs: 5000 });
    expect(lt.rules).toEqual({ firstWarning: { tMs: 5000, by: 'rule RISE', cell: 3 }, leadMs: 4000 });
    expect(leadTime([{ tMs: 1, severity: 'alarm', code: 'T_ALARM', source: 'rule', cell: 1 }], []).onset).toBeNull();
  });

  it('takes the onset from the RUNAWAY rule only: a Runaway prediction is not an onset', () => {
    const lt = leadTime(
      [{ tMs: 9000, severity: 'critical', code: 'RUNAWAY', source: 'rule', cell: 1 }],
      [
        { tMs: 2000, cls: 4, cell: 1 },
        { tMs: 12_000, cls: 2, cell: 1 },
      ],
    );
    expect(lt.onset).toMatchObject({ tMs: 9000, by: 'rule RUNAWAY' });
    expect(lt.model.leadMs).toBe(7000);
    expect(lt.rules).toEqual({ firstWarning: null, leadMs: null });
    expect(leadTime([], [{ tMs: 2000, cls: 4, cell: 1 }]).onset).toBeNull();
  });
});
