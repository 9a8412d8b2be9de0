/** The session on screen: the one the operator picked, else the newest, and its recorded span. */
import { useMemo, useState } from 'react';
import type { Session } from '../../../native-bridge/contract/index.js';
import { sessionSpan } from './time-window.js';

export function useChosenSession(sessions: Session[] | null) {
  const [chosenId, choose] = useState<number | null>(null);
  const selectedId = chosenId ?? sessions?.[0]?.id ?? null;
  const session = useMemo(() => sessions?.find((s) => s.id === selectedId) ?? null, [sessions, selectedId]);
  const span = useMemo(() => (session ? sessionSpan(session) : null), [session]);
  return { selectedId, session, span, choose };
}
