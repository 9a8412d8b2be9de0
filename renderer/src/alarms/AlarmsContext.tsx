/**
 * The alarms as every part of the UI sees them: the feed (useAlarms), the ones waiting for the
 * operator, the tone's state and the name acknowledgements are signed with (remembered). The shell
 * provides it once, so the banner, the Alarms tab and Settings read the same list.
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { Alarm, StationApi } from '../../../native-bridge/contract/index.js';
import { useStoredChoice } from '../hooks/useStoredChoice.js';
import { attentionAlarms } from './attention.js';
import { useAlarmTone, type ToneView } from './useAlarmTone.js';
import { useAlarms, type AlarmsFeed } from './useAlarms.js';
import { useAttentionSignals } from './useAttentionSignals.js';

export interface AlarmsView {
  feed: AlarmsFeed;
  /** Alarms that demand attention now (attention.ts), worst first. */
  waiting: Alarm[];
  tone: ToneView;
  operatorName: string;
  setOperatorName(name: string): void;
}

const ACK_NAME_KEY = 'station.alarms.operatorName';
const parseName = (raw: unknown) => (typeof raw === 'string' ? raw.slice(0, 60) : '');

const AlarmsContext = createContext<AlarmsView | null>(null);

export function AlarmsProvider({ station, children }: { station: StationApi; children: ReactNode }) {
  const feed = useAlarms(station);
  const waiting = useMemo(() => attentionAlarms(feed.active), [feed.active]);
  const tone = useAlarmTone(waiting);
  useAttentionSignals(waiting);
  const [operatorName, setOperatorName] = useStoredChoice<string>(ACK_NAME_KEY, parseName);
  const view = useMemo(
    () => ({ feed, waiting, tone, operatorName, setOperatorName }),
    [feed, waiting, tone, operatorName, setOperatorName],
  );
  return <AlarmsContext.Provider value={view}>{children}</AlarmsContext.Provider>;
}

export function useAlarmsView(): AlarmsView {
  const v = useContext(AlarmsContext);
  if (!v) throw new Error('useAlarmsView outside AlarmsProvider');
  return v;
}
