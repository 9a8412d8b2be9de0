/**
 * Asks the station for the log under the Alarms tab's filter (filtered-log.ts says why), again when
 * the filter changes and shortly after the held log changes, so a filtered view follows new alarms.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Alarm, StationApi } from '../../../native-bridge/contract/index.js';
import type { LogFilter } from './alarm-filter.js';
import { filteredRows, logQuery, type FilteredLog } from './filtered-log.js';

/** A burst of alarm pushes asks once, not once a push. */
const REASK_AFTER_CHANGE_MS = 1_000;

export function useFilteredLog(station: StationApi, held: readonly Alarm[], filter: LogFilter): FilteredLog {
  const query = useMemo(() => logQuery(filter), [filter]);
  const [answer, setAnswer] = useState<{ for: LogFilter; rows: Alarm[] } | null>(null);

  useEffect(() => {
    if (query === null) return;
    let live = true;
    const ask = () =>
      station.getAlarmHistory(query).then(
        (rows) => live && setAnswer({ for: filter, rows }),
        // The held log still answers: a failed ask leaves the view as it was.
        () => undefined,
      );
    const t = setTimeout(ask, answer?.for === filter ? REASK_AFTER_CHANGE_MS : 0);
    return () => {
      live = false;
      clearTimeout(t);
    };
    // `held` is a dependency so a new alarm asks again; `answer` is read, not followed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [station, query, filter, held]);

  return useMemo(
    () => filteredRows(held, filter, query !== null && answer?.for === filter ? answer.rows : null),
    [held, filter, query, answer],
  );
}
