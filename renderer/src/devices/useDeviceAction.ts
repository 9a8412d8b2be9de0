/**
 * One device action at a time, with its answer: `busy` while it runs (its buttons are disabled), then
 * the note it answered or, when it threw, the error in words. A new run clears the last answer, so a
 * stale "OK" never stands beside a command still in flight.
 */
import { useCallback, useState } from 'react';
import { errorText } from '../format/error-text.js';
import type { ActionNote } from './action-note.js';

export function useDeviceAction() {
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<ActionNote | null>(null);
  const run = useCallback(async (act: () => Promise<ActionNote | null>) => {
    setBusy(true);
    setNote(null);
    try {
      setNote(await act());
    } catch (e) {
      setNote({ tone: 'error', text: errorText(e) });
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, note, run };
}
