/** Refresh controls of the Live tab: interval, Pause/Resume, Refresh Now, and what was last fetched. */
import { formatAge, formatClockTime } from '../format/units.js';
import { useNow } from '../hooks/useNow.js';
import { POLL_INTERVALS_S, parsePollInterval, type PollIntervalS } from './polling-schedule.js';
import { RefreshControls } from './RefreshControls.js';

/** Newer than this and the newest reading counts as current; older is called out (cf. link health). */
const OLD_READING_MS = 5_000;

export interface LiveToolbarProps {
  intervalS: PollIntervalS;
  onIntervalChange: (s: PollIntervalS) => void;
  paused: boolean;
  onTogglePause: () => void;
  onRefreshNow: () => void;
  inFlight: boolean;
  nextDueMs: number | null;
  lastOkMs: number | null;
  error: string | null;
  /** Age of the newest reading when it was fetched (station clock), and the local time of that fetch. */
  newestAgeAtFetchMs: number | null;
}

export function LiveToolbar(p: LiveToolbarProps) {
  const now = useNow(1000);
  const newestAge =
    p.newestAgeAtFetchMs === null || p.lastOkMs === null ? null : p.newestAgeAtFetchMs + (now - p.lastOkMs);
  const old = newestAge !== null && newestAge > OLD_READING_MS + p.intervalS * 1000;
  return (
    <div className="live-toolbar" role="toolbar" aria-label="Live data refresh">
      <RefreshControls
        intervalS={p.intervalS}
        intervals={POLL_INTERVALS_S}
        onIntervalChange={p.onIntervalChange}
        parseInterval={parsePollInterval}
        paused={p.paused}
        onTogglePause={p.onTogglePause}
        onRefreshNow={p.onRefreshNow}
        inFlight={p.inFlight}
        nextDueMs={p.nextDueMs}
        failing={p.error !== null}
      />
      <div className="live-toolbar__meta">
        {p.error ? (
          <span className="live-toolbar__error" role="alert" data-testid="refresh-error">
            Update failed: {p.error}
          </span>
        ) : null}
        <span data-testid="last-updated">Updated {p.lastOkMs === null ? '—' : formatClockTime(p.lastOkMs, false)}</span>
        <span className={old ? 'live-toolbar__old' : undefined} data-testid="newest-age">
          Newest reading {newestAge === null ? '—' : `${formatAge(newestAge)} old`}
          {old ? ' — no new data' : ''}
        </span>
      </div>
    </div>
  );
}
