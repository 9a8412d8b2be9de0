/** React binding of Poller: the Live tab's pull loop with Pause/Resume, Refresh Now and a countdown. */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { Poller, type PollState } from '../live/poller.js';

export interface Polling<T> extends PollState<T> {
  refreshNow(): void;
}

export function usePolling<T>(fetcher: () => Promise<T>, opts: { intervalMs: number; paused: boolean }): Polling<T> {
  const { intervalMs, paused } = opts;
  const [poller] = useState(() => new Poller(fetcher, { intervalMs, paused }));
  useEffect(() => poller.setFetcher(fetcher), [poller, fetcher]);
  useEffect(() => poller.setIntervalMs(intervalMs), [poller, intervalMs]);
  useEffect(() => poller.setPaused(paused), [poller, paused]);
  useEffect(() => {
    poller.start();
    return () => poller.stop();
  }, [poller]);
  const state = useSyncExternalStore(poller.subscribe, poller.getState);
  const refreshNow = useCallback(() => poller.refreshNow(), [poller]);
  return { ...state, refreshNow };
}
