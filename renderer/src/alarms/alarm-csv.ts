/**
 * The alarm log as CSV for a lab notebook or a spreadsheet: one row per alarm, ISO times, the same
 * words as the table. Fields are quoted per RFC 4180, and a field a spreadsheet would run as a formula
 * (=, +, -, @ first) is prefixed with an apostrophe: messages carry device ids an operator typed.
 */
import { type Alarm, alarmName } from '../../../native-bridge/contract/index.js';
import { SEVERITY_LABEL, SOURCE_LABEL } from './alarm-words.js';

const HEADER = [
  'id',
  'raised',
  'escalated',
  'returns',
  'last returned',
  'cleared',
  'device',
  'cell',
  'severity',
  'raised by',
  'rule or class',
  'message',
  'acknowledged by',
  'acknowledged',
  'comment',
];

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function alarmsCsv(alarms: readonly Alarm[]): string {
  const rows = alarms.map((a) =>
    [
      a.id,
      iso(a.raisedAtMs),
      iso(a.escalatedAtMs),
      a.returnCount,
      iso(a.returnedAtMs),
      iso(a.clearedAtMs),
      a.deviceId,
      a.cell,
      SEVERITY_LABEL[a.severity],
      SOURCE_LABEL[a.source],
      alarmName(a),
      a.message,
      a.acknowledgedBy,
      iso(a.acknowledgedAtMs),
      a.ackComment,
    ]
      .map(csvField)
      .join(','),
  );
  return [HEADER.join(','), ...rows].join('\r\n') + '\r\n';
}
