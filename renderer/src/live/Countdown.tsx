/** The refresh indicator: a dot with a ring that fills towards the next pull, and the words for it. */
import { useNow } from '../hooks/useNow.js';
import { countdownProgress, countdownText } from './polling-schedule.js';

export interface CountdownProps {
  paused: boolean;
  inFlight: boolean;
  nextDueMs: number | null;
  intervalMs: number;
  failing: boolean;
}

const R = 8;
const CIRC = 2 * Math.PI * R;

export function Countdown({ paused, inFlight, nextDueMs, intervalMs, failing }: CountdownProps) {
  const now = useNow(250);
  const text = countdownText({ paused, inFlight, nextDueMs, nowMs: now, intervalMs });
  const progress = paused ? 0 : countdownProgress(nextDueMs, intervalMs, now);
  const state = paused ? 'paused' : failing ? 'failing' : 'running';
  return (
    <div className={`poll-indicator poll-indicator--${state}`} data-testid="poll-indicator" data-state={state}>
      <svg className="poll-indicator__ring" viewBox="0 0 20 20" aria-hidden="true">
        <circle cx="10" cy="10" r={R} className="poll-indicator__track" />
        <circle
          cx="10"
          cy="10"
          r={R}
          className="poll-indicator__fill"
          strokeDasharray={CIRC}
          strokeDashoffset={CIRC * (1 - progress)}
          transform="rotate(-90 10 10)"
        />
        <circle cx="10" cy="10" r="3.2" className="poll-indicator__dot" />
      </svg>
      <span className="poll-indicator__label">{paused ? 'Auto-refresh paused' : 'Auto-refresh'}</span>
      <span
        className="poll-indicator__countdown"
        role="timer"
        aria-label={`Auto-refresh: ${text}`}
        data-testid="countdown"
      >
        {text}
      </span>
    </div>
  );
}
