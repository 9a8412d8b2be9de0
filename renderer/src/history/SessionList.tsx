/** The recorded sessions, newest first: recording ones marked, replays and imports badged, alarms counted. */
import type { Session } from '../../../native-bridge/contract/index.js';
import { formatCount } from '../format/units.js';
import { formatDateTime, formatSpan } from './history-format.js';

const KIND_LABEL: Record<Session['kind'], string> = { live: 'Live', replay: 'Replay', import: 'Import' };

export function SessionList({
  sessions,
  selected,
  onSelect,
  error,
}: {
  sessions: Session[] | null;
  selected: number | null;
  onSelect: (id: number) => void;
  error: string | null;
}) {
  return (
    <nav className="history-sessions panel" aria-label="Sessions">
      <header className="panel__header">
        <h2>Sessions</h2>
        <span className="panel__meta">{sessions ? formatCount(sessions.length) : ''}</span>
      </header>
      {error ? <p className="history-error">{error}</p> : null}
      {sessions && sessions.length === 0 ? (
        <p className="history-empty">No sessions yet: one starts when a device connects.</p>
      ) : null}
      <ul className="history-sessions__list" data-testid="session-list">
        {(sessions ?? []).map((s) => {
          const span = s.firstDataMs !== null && s.lastDataMs !== null ? s.lastDataMs - s.firstDataMs : null;
          return (
            <li key={s.id}>
              <button
                type="button"
                className={`history-session${s.id === selected ? ' history-session--selected' : ''}`}
                aria-current={s.id === selected ? 'true' : undefined}
                data-testid={`session-${s.id}`}
                onClick={() => onSelect(s.id)}
              >
                <span className="history-session__title">
                  #{s.id} {s.rig || s.deviceId}
                  {s.active ? <span className="badge badge--live">recording</span> : null}
                  {s.kind !== 'live' ? <span className="badge">{KIND_LABEL[s.kind]}</span> : null}
                  {s.alarmCount > 0 ? (
                    <span className="badge badge--alarm" title="Alarms in this session">
                      {s.alarmCount} alarm{s.alarmCount === 1 ? '' : 's'}
                    </span>
                  ) : null}
                </span>
                <span className="history-session__sub">
                  {formatDateTime(s.firstDataMs ?? s.startedMs)}
                  {span !== null ? ` · ${formatSpan(span)}` : ''} · {formatCount(s.readingCount)} readings
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
