/**
 * The refresh controls every auto-refreshing view shares: the countdown, the interval, Pause/Resume and
 * Refresh now. The view owns the interval's choices and the poller.
 */
import { Countdown } from './Countdown.js';

export interface RefreshControlsProps<S extends number> {
  intervalS: S;
  intervals: readonly S[];
  onIntervalChange: (s: S) => void;
  parseInterval: (raw: unknown) => S;
  paused: boolean;
  onTogglePause: () => void;
  onRefreshNow: () => void;
  inFlight: boolean;
  nextDueMs: number | null;
  failing: boolean;
}

export function RefreshControls<S extends number>(p: RefreshControlsProps<S>) {
  return (
    <>
      <Countdown
        paused={p.paused}
        inFlight={p.inFlight}
        nextDueMs={p.nextDueMs}
        intervalMs={p.intervalS * 1000}
        failing={p.failing}
      />
      <label className="field">
        <span className="field__label">Refresh every</span>
        <select
          value={p.intervalS}
          onChange={(e) => p.onIntervalChange(p.parseInterval(e.target.value))}
          data-testid="interval-select"
          aria-label="Refresh interval"
        >
          {p.intervals.map((s) => (
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
    </>
  );
}
