/**
 * Settings' check before devices are disconnected or replaced: one confirmation that names their
 * active alarms (leaving-alarms.ts) and whatever else the action already asked about.
 */
import { useCallback } from 'react';
import type { DeviceLinkInfo } from '../../../native-bridge/contract/device-methods.js';
import { useAlarmsView } from './AlarmsContext.js';
import { leavingAlarmsQuestion } from './leaving-alarms.js';

/**
 * Returns `ok(leaving, action, otherQuestion)`: true when nothing needs asking or the operator said go
 * ahead. `otherQuestion` (e.g. "Disconnect every serial rig…?") is asked with it, or alone.
 */
export function useLeavingAlarmsCheck(): (
  leaving: readonly DeviceLinkInfo[],
  action: string,
  otherQuestion?: string | null,
) => boolean {
  const { feed } = useAlarmsView();
  return useCallback(
    (leaving, action, otherQuestion = null) => {
      const question = leavingAlarmsQuestion(leaving, feed.active, action);
      const asked = [otherQuestion, question].filter((q): q is string => q !== null);
      return asked.length === 0 || window.confirm(asked.join('\n\n'));
    },
    [feed.active],
  );
}
