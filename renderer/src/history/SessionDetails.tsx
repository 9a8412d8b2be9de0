/**
 * The chosen session's details — rig, chemistry, capacity, operator notes — saved on submit, and for
 * a live session that still records: end it, or start a new one on the same device with these details.
 */
import { useState } from 'react';
import type { Session, StationApi } from '../../../native-bridge/contract/index.js';
import { formatDateTime } from './history-format.js';

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
