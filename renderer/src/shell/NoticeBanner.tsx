/**
 * Standing problems the station reported (getStatus().notices and onNotice): one line each, a
 * headline saying what it means for the data, the station's own message, and a Hide button. Errors
 * are announced assertively; the storage chip in the header keeps the fact visible after hiding.
 */
import type { Notice } from '../../../native-bridge/contract/index.js';
import { formatClockTime } from '../format/units.js';
import { noticeHeadline } from './notice-rules.js';

const MAX_SHOWN = 4;

export function NoticeBanner({ problems, onDismiss }: { problems: Notice[]; onDismiss: (id: number) => void }) {
  if (problems.length === 0) return null;
  const shown = problems.slice(0, MAX_SHOWN);
  return (
    <section className="notices" aria-label="Station notices" data-testid="notices">
      {shown.map((n) => (
        <div
          key={n.id}
          className={`notice notice--${n.level}`}
          role={n.level === 'error' ? 'alert' : 'status'}
          data-testid="notice"
          data-code={n.code}
        >
          <svg className="notice__icon" viewBox="0 0 20 20" aria-hidden="true">
            <path d="M10 2 1.5 17h17z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
            <path d="M10 8v4.5M10 14.5v.5" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
          <div className="notice__body">
            <strong className="notice__headline">{noticeHeadline(n)}</strong>
            <span className="notice__message">{n.message}</span>
          </div>
          <time className="notice__time" dateTime={new Date(n.tMs).toISOString()}>
            {formatClockTime(n.tMs, false)}
          </time>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => onDismiss(n.id)}
            aria-label={`Hide notice: ${noticeHeadline(n)}`}
          >
            Hide
          </button>
        </div>
      ))}
      {problems.length > MAX_SHOWN ? (
        <p className="notices__more">and {problems.length - MAX_SHOWN} more (see the station log)</p>
      ) : null}
    </section>
  );
}
