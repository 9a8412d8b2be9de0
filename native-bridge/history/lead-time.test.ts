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
    expect(lt.firstWarning).toMatchObject({ tMs: 4000, by: 'model class 2' });
    expect(lt.leadMs).toBe(5000);
    expect(leadTime([{ tMs: 1, severity: 'alarm', code: 'T_ALARM', source: 'rule', cell: 1 }], []).onset).toBeNull();
  });
});
