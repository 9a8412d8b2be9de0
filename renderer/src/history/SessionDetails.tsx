/**
 * The chosen session's details — rig, chemistry, capacity, voltage window, operator notes — saved on
 * submit (the window empty is the chemistry's, shown as the placeholder), and for
 * a live session that still records: end it, or start a new one on the same device with these details.
 */
import { useState } from 'react';
import type { Session, StationApi } from '../../../native-bridge/contract/index.js';
import { cellWindowOf } from '../../../native-bridge/contract/index.js';
import { formatDateTime } from './history-format.js';

/** An optional volts field: '' is null (the chemistry's), else a number in any cell's range. */
function volts(text: string): { v: number | null; ok: boolean } {
  if (text.trim() === '') return { v: null, ok: true };
  const v = Number(text);
  return { v, ok: Number.isFinite(v) && v >= 0.5 && v <= 5 };
}
const voltsText = (v: number | null) => (v === null ? '' : String(v));

/** One end of the session's window: empty stands for the chemistry's value, shown as the placeholder. */
function VoltsField(p: {
  label: string;
  what: string;
  text: string;
  onChange(text: string): void;
  invalid: boolean;
  family: string;
  defaultV: number;
  testId: string;
}) {
  return (
    <label className="field">
      <span className="field__label">{p.label}</span>
      <input
        value={p.text}
        inputMode="decimal"
        size={5}
        aria-invalid={p.invalid}
        onChange={(e) => p.onChange(e.target.value)}
        placeholder={p.defaultV.toFixed(2)}
        title={`${p.what}, V; empty: the ${p.family} default (${p.defaultV} V)`}
        data-testid={p.testId}
      />
    </label>
  );
}

/** Keyed by the session and its details in the parent: a new session or a pushed edit resets the form. */
export function SessionDetails({ station, session }: { station: StationApi; session: Session }) {
  const [rig, setRig] = useState(session.rig);
  const [chemistry, setChemistry] = useState(session.chemistry);
  const [capacity, setCapacity] = useState(session.capacityAh === null ? '' : String(session.capacityAh));
  const [vMin, setVMin] = useState(voltsText(session.vMinV));
  const [vMax, setVMax] = useState(voltsText(session.vMaxV));
  const [notes, setNotes] = useState(session.notes);
  const [message, setMessage] = useState<string | null>(null);

  const capacityAh = capacity.trim() === '' ? null : Number(capacity);
  const capacityOk = capacityAh === null || (Number.isFinite(capacityAh) && capacityAh >= 0);
  const lo = volts(vMin);
  const hi = volts(vMax);
  // The chemistry's window stands in for an empty field, as the station reads it.
  const effective = cellWindowOf({ chemistry, vMinV: lo.v, vMaxV: hi.v });
  const windowOk = lo.ok && hi.ok && effective.vMinV < effective.vMaxV;
  const defaults = cellWindowOf({ chemistry });
  const meta = { rig, chemistry, capacityAh: capacityOk ? capacityAh : null, vMinV: lo.v, vMaxV: hi.v, notes };
  const valid = capacityOk && windowOk;
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
      <VoltsField
        label="V min"
        what="Discharge cut-off"
        text={vMin}
        onChange={setVMin}
        invalid={!lo.ok || !windowOk}
        family={defaults.family}
        defaultV={defaults.vMinV}
        testId="session-vmin"
      />
      <VoltsField
        label="V max"
        what="Charge end voltage"
        text={vMax}
        onChange={setVMax}
        invalid={!hi.ok || !windowOk}
        family={defaults.family}
        defaultV={defaults.vMaxV}
        testId="session-vmax"
      />
      <label className="field history-details__notes">
        <span className="field__label">Notes</span>
        <input
          value={notes}
          maxLength={10000}
          onChange={(e) => setNotes(e.target.value)}
          placeholder="Operator notes"
        />
      </label>
      <button type="submit" className="button" disabled={!valid}>
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
            disabled={!valid}
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
      {!windowOk && lo.ok && hi.ok ? (
        <span className="history-details__message" role="alert" data-testid="session-window-error">
          V min ({effective.vMinV} V) must be below V max ({effective.vMaxV} V).
        </span>
      ) : null}
      {message ? (
        <span className="history-details__message" role="status">
          {message}
        </span>
      ) : null}
    </form>
  );
}
