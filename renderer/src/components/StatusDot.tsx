/** A small coloured status dot; the text beside it always says the same thing in words. */
export type Tone = 'ok' | 'warn' | 'error' | 'idle' | 'info';

export function StatusDot({ tone, pulse = false }: { tone: Tone; pulse?: boolean }) {
  return <span className={`status-dot status-dot--${tone}${pulse ? ' status-dot--pulse' : ''}`} aria-hidden="true" />;
}
