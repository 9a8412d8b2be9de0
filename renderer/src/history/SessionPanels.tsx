/**
 * Choosing a session and describing it: the list of recorded runs (newest first, recording ones
 * marked), and the chosen run's details — rig, chemistry, capacity, operator notes — with starting a
 * new run on the same device and ending this one.
 */
import { useState } from 'react';
import type { Session, StationApi } from '../../../native-bridge/contract/index.js';
import { formatCount } from '../format/units.js';
import { formatDateTime, formatSpan } from './history-model.js';

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

/** Keyed by the session and its details in the parent: a new session or a pushed edit resets the form. */
export function SessionDetails({ station, session }: { station: StationApi; session: Session }) {
  const [rig, setRig] = useState(session.rig);
  const [chemistry, setChemistry] = useState(session.chemistry);
  const [capacity, setCapacity] = useState(session.capacityAh === null ? '' : String(session.capacityAh));
  const [notes, setNotes] = useState(session.notes);
  const [message, setMessage] = useState<string | null>(null);

  const capacityAh = capacity.trim() === '' ? null : Number(capacity);
  const capacityOk = capacityAh === null || (Number.isFinite(capacityAh) && capacityAh >= 0);
  const meta = { rig, chemistry, capacityAh: capacityOk ? capacityAh : null, notes };
  const run = async (what: string, f: () => Promise<unknown>) => {
    try {
      await f();
      setMessage(what);
    } catch (e) {
      setMessage(`Failed: ${(e as Error).message}`);
    }
  };

  return (
    <form
      className="history-details"
      data-testid="session-details"
      onSubmit={(e) => {
        e.preventDefault();
        void run('Saved.', () => station.updateSession({ id: session.id, ...meta }));
      }}
    >
      <label className="field">
        <span className="field__label">Rig</span>
        <input value={rig} maxLength={200} onChange={(e) => setRig(e.target.value)} placeholder={session.deviceId} />
      </label>
      <label className="field">
        <span className="field__label">Chemistry</span>
        <input
          value={chemistry}
          maxLength={100}
          onChange={(e) => setChemistry(e.target.value)}
          placeholder="e.g. NMC 811"
        />
      </label>
      <label className="field">
        <span className="field__label">Capacity (Ah)</span>
        <input
          value={capacity}
          inputMode="decimal"
          size={6}
          aria-invalid={!capacityOk}
          onChange={(e) => setCapacity(e.target.value)}
        />
      </label>
      <label className="field history-details__notes">
        <span className="field__label">Notes</span>
        <input
          value={notes}
          maxLength={10000}
          onChange={(e) => setNotes(e.target.value)}
          placeholder="Operator notes"
        />
      </label>
      <button type="submit" className="button" disabled={!capacityOk}>
        Save details
      </button>
      {session.active && session.kind === 'live' ? (
        <>
          <button
            type="button"
            className="button"
            title="End this run and start a new session on the same device with these details"
            onClick={() =>
              void run('New session started.', () => station.startSession({ deviceId: session.deviceId, ...meta }))
            }
          >
            New session
          </button>
          <button
            type="button"
            className="button"
            onClick={() => void run('Session ended.', () => station.endSession({ id: session.id }))}
          >
            End session
          </button>
        </>
      ) : null}
      <span className="history-details__info">
        {session.deviceId} · model {session.modelVersion}
        {session.replayOf !== null ? ` · replay of #${session.replayOf} at ${session.replaySpeed}×` : ''}
        {session.endedMs !== null ? ` · ended ${formatDateTime(session.endedMs)}` : ''}
      </span>
      {message ? (
        <span className="history-details__message" role="status">
          {message}
        </span>
      ) : null}
    </form>
  );
}
