/**
 * Acknowledging one alarm: the operator's name (remembered for the next one) and an optional comment.
 * The station records who and when; the form says so if it could not.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { type Alarm, alarmName } from '../../../native-bridge/contract/index.js';
import { useAlarmsView } from './AlarmsContext.js';
import { alarmWhere } from './alarm-words.js';

export function AckForm({ alarm, onDone }: { alarm: Alarm; onDone: () => void }) {
  const { feed, operatorName, setOperatorName } = useAlarmsView();
  const [name, setName] = useState(operatorName);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const by = name.trim();
    if (!by) return setError('Type your name: the log records who acknowledged.');
    setBusy(true);
    setOperatorName(by);
    feed
      .acknowledge(alarm.id, by, comment)
      .then(onDone, (err: Error) => setError(`Not acknowledged: ${err.message}`))
      .finally(() => setBusy(false));
  };

  const label = `${alarmName(alarm)}, ${alarmWhere(alarm)}`;
  return (
    <form className="ack-form" onSubmit={submit} aria-label={`Acknowledge ${label}`} data-testid="ack-form">
      <label>
        Your name
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={60}
          required
          autoFocus
          data-testid="ack-name"
        />
      </label>
      <label>
        Comment (optional)
        <input value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} data-testid="ack-comment" />
      </label>
      <button type="submit" className="button button--primary" disabled={busy} data-testid="ack-submit">
        Acknowledge
      </button>
      <button type="button" className="button button--quiet" onClick={onDone}>
        Cancel
      </button>
      {error ? (
        <span className="ack-form__error" role="alert">
          {error}
        </span>
      ) : null}
    </form>
  );
}

/** "Acknowledge…" that opens the form in place; `beside` (e.g. Silence) shows while it is closed. */
export function AcknowledgeControl({ alarm, testId, beside }: { alarm: Alarm; testId: string; beside?: ReactNode }) {
  const [open, setOpen] = useState(false);
  if (open) return <AckForm alarm={alarm} onDone={() => setOpen(false)} />;
  return (
    <span className="alarm-actions">
      <button type="button" className="button button--primary" onClick={() => setOpen(true)} data-testid={testId}>
        Acknowledge…
      </button>
      {beside}
    </span>
  );
}
