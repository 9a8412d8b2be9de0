import { describe, expect, it } from 'vitest';
import { alarm as alarmOf } from '../../../testing/electron/alarms.js';
import { alarmsCsv, csvField } from './alarm-csv.js';

/** A minimal RFC 4180 reader, to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\r' && text[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else field += c;
  }
  return rows;
}

describe('alarm CSV export', () => {
  it('quotes commas, quotes and line breaks, and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hot"')).toBe('"say ""hot"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
  });

  it('one row per alarm with ISO times and the table’s words, read back intact', () => {
    const a = alarmOf({
      id: 7,
      code: 'RUNAWAY',
      severity: 'critical',
      message: 'SIM-OVEN cell 1: THERMAL RUNAWAY (GB 38031: temperature ≥ 60 °C, "dT/dt")',
      raisedAtMs: Date.UTC(2026, 0, 2, 3, 4, 5),
      acknowledgedAtMs: Date.UTC(2026, 0, 2, 3, 5, 0),
      acknowledgedBy: 'Ana, shift B',
      ackComment: 'relay open,\nfire blanket on',
      returnCount: 2,
      returnedAtMs: Date.UTC(2026, 0, 2, 3, 4, 50),
    });
    const m = alarmOf({ id: 8, source: 'model', code: 'Alarm', cell: 2, deviceId: null });
    const rows = parseCsv(alarmsCsv([a, m]));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('acknowledged by');
    const head = rows[0]!;
    const col = (r: string[], name: string) => r[head.indexOf(name)];
    expect(col(rows[1]!, 'raised')).toBe('2026-01-02T03:04:05.000Z');
    expect(col(rows[1]!, 'severity')).toBe('Critical');
    expect(col(rows[1]!, 'rule or class')).toBe('Thermal runaway (GB 38031)');
    expect(col(rows[1]!, 'message')).toBe(a.message);
    expect(col(rows[1]!, 'acknowledged by')).toBe('Ana, shift B');
    expect(col(rows[1]!, 'comment')).toBe('relay open,\nfire blanket on');
    expect(col(rows[1]!, 'returns')).toBe('2');
    expect(col(rows[1]!, 'last returned')).toBe('2026-01-02T03:04:50.000Z');
    expect(col(rows[2]!, 'returns')).toBe('0');
    expect(col(rows[2]!, 'last returned')).toBe('');
    expect(col(rows[2]!, 'raised by')).toBe('Risk model');
    expect(col(rows[2]!, 'rule or class')).toBe('Risk model: Alarm');
    expect(col(rows[2]!, 'device')).toBe('');
    expect(col(rows[2]!, 'acknowledged')).toBe('');
  });
});
