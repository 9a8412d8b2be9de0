/** A device action's answer under its form, announced to screen readers as a status. */
import type { ActionNote } from './action-note.js';

export function ActionNoteLine({ note, testId }: { note: ActionNote | null; testId: string }) {
  if (!note) return null;
  return (
    <p className={`devices-note devices-note--${note.tone}`} role="status" data-testid={testId}>
      {note.text}
    </p>
  );
}
