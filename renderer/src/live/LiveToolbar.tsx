/** Refresh controls of the Live tab: interval, Pause/Resume, Refresh Now, and what was last fetched. */
import { formatAge, formatClockTime } from '../format/units.js';
import { useNow } from '../hooks/useNow.js';
import { Countdown } from './Countdown.js';
import { POLL_INTERVALS_S, parsePollInterval, type PollIntervalS } from './polling-schedule.js';

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
      <Countdown
        paused={p.paused}
        inFlight={p.inFlight}
        nextDueMs={p.nextDueMs}
        intervalMs={p.intervalS * 1000}
        failing={p.error !== null}
      />
      <label className="field">
        <span className="field__label">Refresh every</span>
        <select
          value={p.intervalS}
          onChange={(e) => p.onIntervalChange(parsePollInterval(e.target.value))}
          data-testid="interval-select"
          aria-label="Refresh interval"
        >
          {POLL_INTERVALS_S.map((s) => (
            <option key={s} value={s}>
              {s} s
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className={`button${p.paused ? ' button--primary' : ''}`}
        onClick={p.onTogglePause}
        data-testid="pause-resume"
        aria-pressed={p.paused}
      >
        {p.paused ? (
          <>
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <path d="M4 2.5v11l9-5.5z" fill="currentColor" />
            </svg>
            Resume
          </>
        ) : (
          <>
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <path d="M4 2.5h3v11H4zM9 2.5h3v11H9z" fill="currentColor" />
            </svg>
            Pause
          </>
        )}
      </button>
      <button type="button" className="button" onClick={p.onRefreshNow} data-testid="refresh-now">
        <svg viewBox="0 0 16 16" aria-hidden="true">
          <path
            d="M13 8a5 5 0 1 1-1.5-3.56M13 2.5v3h-3"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.6"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        Refresh now
      </button>
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
