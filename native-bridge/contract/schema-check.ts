/**
 * Checks a value the core sends (a result, an event payload) against its contract schema. Beyond what
 * zod checks, a field the schema does not know counts as drift too: zod would strip it silently, and
 * the UI's types would never mention it. Used by the call adapter when results are validated and by the
 * tests that hold every event to its schema.
 */
import type { z } from 'zod';
import { EVENTS, type EventName } from './events.js';

const MAX_ISSUES = 5;

/** Issues as `path: message`, at most a few; the path is the schema's own field names and indexes. */
export function describeIssues(issues: z.ZodError['issues'], root: string): string {
  const shown = issues.slice(0, MAX_ISSUES).map((i) => {
    const path = i.path.map(String).join('.') || root;
    // zod's message for unknown keys lists them: they are the caller's words, not the schema's.
    const what = i.code === 'unrecognized_keys' ? `${i.keys.length} field(s) not in the contract` : i.message;
    return `${path}: ${what}`;
  });
  const more = issues.length > MAX_ISSUES ? ` (and ${issues.length - MAX_ISSUES} more)` : '';
  return shown.join('; ') + more;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** The first field of `sent` that parsing dropped (so the schema does not know it), or null. */
function droppedField(sent: unknown, parsed: unknown, path: string): string | null {
  if (Array.isArray(sent) && Array.isArray(parsed)) {
    for (let i = 0; i < sent.length; i++) {
      // Series are long arrays of numbers: no call per element where there is nothing to look into.
      const v: unknown = sent[i];
      if (typeof v !== 'object' || v === null) continue;
      const d = droppedField(v, parsed[i], `${path}.${i}`);
      if (d) return d;
    }
    return null;
  }
  if (!isPlainObject(sent) || !isPlainObject(parsed) || sent === parsed) return null;
  for (const key of Object.keys(sent)) {
    if (sent[key] === undefined) continue;
    if (!Object.prototype.hasOwnProperty.call(parsed, key)) return `${path}.${key}`;
    const d = droppedField(sent[key], parsed[key], `${path}.${key}`);
    if (d) return d;
  }
  return null;
}

/** Why `value` does not match `schema`, or null when it does (fields the schema lacks included). */
export function schemaProblem(schema: z.ZodType, value: unknown, root = 'result'): string | null {
  const r = schema.safeParse(value);
  if (!r.success) return describeIssues(r.error.issues, root);
  const dropped = droppedField(value, r.data, root);
  return dropped ? `${dropped}: not in the schema` : null;
}

/** Why an event's payload does not match the event's schema, or null when it does. */
export function eventProblem(event: string, payload: unknown): string | null {
  if (!Object.prototype.hasOwnProperty.call(EVENTS, event)) return `${event}: not an event of the contract`;
  return schemaProblem(EVENTS[event as EventName], payload, event);
}
