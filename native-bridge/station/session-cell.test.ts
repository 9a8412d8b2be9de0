import { describe, expect, it } from 'vitest';
import type { Session } from '../contract/index.js';
import type { HistoryService } from '../history/history-service.js';
import { limitsForCell } from '../safety/safety-limits.js';
import { cellWindow } from '../features/cell-chemistry.js';
import { sessionCell } from './session-cell.js';

/** Only what sessionCell reads of the history: the device's session and its details. */
function historyWith(s: Partial<Session> | null): HistoryService {
  return {
    sessions: {
      sessionOfDevice: () => (s === null ? null : 7),
      get: () => ({ chemistry: '', capacityAh: null, vMinV: null, vMaxV: null, ...s }) as Session,
    },
  } as unknown as HistoryService;
}

describe("the safety layer's cell for a device", () => {
  it("is the session's own window where it has one, its chemistry's elsewhere", () => {
    const own = limitsForCell(cellWindow(sessionCell(historyWith({ chemistry: 'NMC 811', vMaxV: 4.35 }), 'R')));
    expect(own).toMatchObject({ voltMinV: 2.5, voltMaxV: 4.35 });
    const lfp = limitsForCell(cellWindow(sessionCell(historyWith({ chemistry: 'LiFePO4', vMinV: 2.0 }), 'R')));
    expect(lfp).toMatchObject({ voltMinV: 2.0, voltMaxV: 3.65 });
  });

  it('is the default cell without a store or a session', () => {
    expect(sessionCell(null, 'R')).toMatchObject({ family: 'NMC', vMinV: 2.5, vMaxV: 4.2 });
    expect(sessionCell(historyWith(null), 'R')).toMatchObject({ family: 'NMC', vMaxV: 4.2 });
  });
});
