/**
 * CSV import, for replay on another machine or of data from other rigs. Two formats are read:
 *
 * 1. The station's own export (csv-export.ts): recognised by its header (`t_host_ms`, `seq`, `cell`, …);
 *    device, boot ids, sequence numbers and device times are kept, and the `#` line's session details
 *    (rig, chemistry, capacity, notes) are carried over.
 * 2. A minimal format, one row per cell reading, header required, columns in any order:
 *      time         ISO 8601 (`2024-05-01T10:00:00.250Z`), Unix ms (≥ 1e11), Unix s (≥ 1e8), or
 *                   seconds since the start of the run (smaller numbers; anchored at the import time)
 *      cell         1–32
 *      temperature  °C                 (also: temp, temp_c, temperature_c)
 *      voltage      V, optional        (also: voltage_v, v)
 *      current      A, optional        (also: current_a, i; pack current, positive = discharge)
 *    Optional too: device_id, ambient_c, humidity_pct, soc_pct. Rows must be in time order; rows
 *    with the same time form one frame.
 *
 * Fields are split by csv-parse (RFC 4180: quoted commas, doubled quotes and line breaks inside quotes),
 * streaming, so a file of any size is read in chunks cut anywhere; this module turns its records into
 * whole frames. Bad rows are skipped and counted, with the first few reasons kept as warnings. The
 * export's `#` details line comes before the CSV proper and is taken off before the CSV parser sees it:
 * its JSON is not CSV.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { parse, type Options as CsvOptions } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import type { ReplayFrame, ReplayReader } from '../devices/replay-source.js';
import { EXPORT_MAGIC } from './csv-export.js';

export type CsvFormat = 'station' | 'minimal';

const MAX_WARNINGS = 20;
const MINIMAL_BOOT_ID = 0x1a1a0001;
/** A record longer than this is not a row of readings (a file of another kind, or one with no line breaks). */
const MAX_RECORD_CHARS = 64 * 1024;

const ALIASES: Record<string, string[]> = {
  time: ['time', 'timestamp', 'time_iso', 'datetime', 'date_time'],
  cell: ['cell', 'cell_id', 'cell_no', 'cell_number'],
  temperature: ['temperature', 'temp', 'temp_c', 'temperature_c'],
  voltage: ['voltage', 'voltage_v', 'v'],
  current: ['current', 'current_a', 'i'],
  device_id: ['device_id', 'device'],
  ambient: ['ambient_c', 'ambient'],
  humidity: ['humidity_pct', 'humidity'],
  soc: ['soc_pct', 'soc'],
};

/** How csv-parse reads an import: ragged rows kept (checked here), later `#` lines skipped, bad records counted. */
export const CSV_OPTIONS: CsvOptions = {
  bom: true,
  info: true,
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: true,
  skip_records_with_error: true,
  comment: '#',
  comment_no_infix: true,
  max_record_size: MAX_RECORD_CHARS,
  // Files stitched together from several tools mix Windows and Unix line ends.
  record_delimiter: ['\r\n', '\n'],
};

/** One record as csv-parse hands it over with `info: true`. */
export interface CsvRecord {
  record: string[];
  info: { lines: number };
}

/** A few column names, clipped: a header line can be a whole file with no line break in it. */
function describeColumns(names: string[]): string {
  const shown = names.slice(0, 12).map((n) => (n.length > 40 ? `${n.slice(0, 40)}…` : n));
  return `${shown.join(', ')}${names.length > 12 ? `, … (${names.length} columns)` : ''}`;
}

export class CsvImportError extends Error {
  override name = 'CsvImportError';
}

interface Pending {
  key: string;
  frame: ReplayFrame;
}

const RANGE = {
  mv: [0, 65535],
  cc: [-5500, 150000],
  ma: [-2000000, 2000000],
  amb: [-5500, 15000],
  hum: [0, 10000],
  soc: [0, 1000],
} as const;

export class CsvFrameParser {
  format: CsvFormat | null = null;
  /** Session details from a station export's `#` line. */
  meta: Record<string, unknown> | null = null;
  deviceId: string | null = null;
  rows = 0;
  frames = 0;
  skipped = 0;
  readonly warnings: string[] = [];
  private lineNo = 0;
  private col: Record<string, number> = {};
  private pending: Pending | null = null;
  private lastT = -Infinity;
  private seq = 0;
  private t0: number | null = null;

  constructor(private readonly anchorMs = Date.now()) {}

  /** The `#` line before the CSV: a station export's session details (other comments are ignored). */
  comment(line: string): void {
    if (!line.startsWith(EXPORT_MAGIC)) return;
    try {
      this.meta = JSON.parse(line.slice(EXPORT_MAGIC.length)) as Record<string, unknown>;
    } catch {
      this.warn('unreadable export details');
    }
  }

  /** One CSV record (the header first); finished frames go to `out`. */
  record(fields: string[], lineNo: number, out: ReplayFrame[]): void {
    this.lineNo = lineNo;
    if (fields.length === 1 && fields[0]!.trim() === '') return;
    if (this.format === null) {
      this.header(fields);
      return;
    }
    if (this.format === 'station') this.stationRow(fields, out);
    else this.minimalRow(fields, out);
  }

  /** A record csv-parse could not read (an unclosed quote, an oversize record). */
  unreadable(lineNo: number, why: string): void {
    this.lineNo = lineNo;
    this.warn(why);
  }

  end(): ReplayFrame[] {
    const out: ReplayFrame[] = [];
    if (this.format === null) throw new CsvImportError('The file has no header line: nothing to import.');
    if (this.pending) {
      out.push(this.pending.frame);
      this.frames++;
      this.pending = null;
    }
    return out;
  }

  private warn(msg: string): void {
    this.skipped++;
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(`line ${this.lineNo}: ${msg}`);
  }

  private header(fields: string[]): void {
    const names = fields.map((h) => h.trim().toLowerCase());
    const find = (key: string) => names.findIndex((n) => (ALIASES[key] ?? [key]).includes(n));
    if (names.includes('t_host_ms') && names.includes('seq') && names.includes('cell')) {
      this.format = 'station';
      names.forEach((n, i) => (this.col[n] = i));
      return;
    }
    const time = find('time');
    const cell = find('cell');
    const temp = find('temperature');
    if (time < 0 || cell < 0 || temp < 0)
      throw new CsvImportError(
        `Line ${this.lineNo}: not a station export and not the minimal format (needs time, cell and temperature columns; found ${describeColumns(names)}).`,
      );
    this.format = 'minimal';
    for (const key of Object.keys(ALIASES)) this.col[key] = find(key);
  }

  private num(f: string[], key: string): number | null {
    const i = this.col[key];
    if (i === undefined || i < 0) return null;
    const s = f[i]?.trim() ?? '';
    // Numerical tools write a missing value as "nan" (numpy, pandas, MATLAB exports): an empty cell.
    if (s === '' || /^[-+]?nan$/i.test(s)) return null;
    const v = Number(s);
    return Number.isFinite(v) ? v : Number.NaN;
  }

  /** Engineering value → wire integer, null when absent; NaN (a bad field) when unreadable or out of range. */
  private wire(v: number | null, scale: number, range: readonly [number, number]): number | null {
    if (v === null) return null;
    if (Number.isNaN(v)) return Number.NaN;
    const w = Math.round(v * scale);
    return w < range[0] || w > range[1] ? Number.NaN : w;
  }

  private stationRow(f: string[], out: ReplayFrame[]): void {
    const c = this.col;
    const t = Number(f[c.t_host_ms!]);
    const seq = Number(f[c.seq!]);
    const cell = Number(f[c.cell!]);
    const boot = parseInt(f[c.boot_id!] ?? '', 16);
    if (!Number.isSafeInteger(t) || !Number.isSafeInteger(seq) || !Number.isInteger(cell) || cell < 1 || cell > 32)
      return this.warn('bad t_host_ms, seq or cell');
    const dev = f[c.device_id!]?.trim() ?? '';
    if (dev && /^[A-Za-z0-9_-]{1,32}$/.test(dev)) this.deviceId ??= dev;
    const vals = {
      mv: this.wire(this.num(f, 'voltage_v'), 1000, RANGE.mv),
      cc: this.wire(this.num(f, 'temp_c'), 100, RANGE.cc),
      ma: this.wire(this.num(f, 'current_a'), 1000, RANGE.ma),
      amb: this.wire(this.num(f, 'ambient_c'), 100, RANGE.amb),
      hum: this.wire(this.num(f, 'humidity_pct'), 100, RANGE.hum),
      soc: this.wire(this.num(f, 'soc_pct'), 10, RANGE.soc),
    };
    if (Object.values(vals).some((v) => Number.isNaN(v))) return this.warn('a value is not a number or out of range');
    const tDev = Number(f[c.t_dev_ms!]);
    const status = Number(f[c.status!] ?? 0);
    this.place(
      `${boot}:${seq}:${t}`,
      t,
      {
        bootId: Number.isFinite(boot) ? boot : MINIMAL_BOOT_ID,
        seq,
        tDevMs: Number.isSafeInteger(tDev) && tDev >= 0 ? tDev : 0,
        tHostMs: t,
        packMa: vals.ma,
        ambientCc: vals.amb,
        humidityCpct: vals.hum,
        status: Number.isInteger(status) && status >= 0 ? status : 0,
        cells: [],
      },
      cell,
      { mv: vals.mv, tempCc: vals.cc, socPermille: vals.soc, socEstimated: f[c.soc_estimated!]?.trim() === '1' },
      out,
    );
  }

  private minimalRow(f: string[], out: ReplayFrame[]): void {
    const rawT = f[this.col.time!]?.trim() ?? '';
    const t = this.parseTime(rawT);
    if (t === null) return this.warn(`time "${rawT.slice(0, 40)}" is not ISO 8601 or a number`);
    const cell = Number(f[this.col.cell!]);
    if (!Number.isInteger(cell) || cell < 1 || cell > 32) return this.warn('cell must be 1–32');
    const dev = this.col.device_id! >= 0 ? (f[this.col.device_id!]?.trim() ?? '') : '';
    if (dev && /^[A-Za-z0-9_-]{1,32}$/.test(dev)) this.deviceId ??= dev;
    const vals = {
      cc: this.wire(this.num(f, 'temperature'), 100, RANGE.cc),
      mv: this.wire(this.num(f, 'voltage'), 1000, RANGE.mv),
      ma: this.wire(this.num(f, 'current'), 1000, RANGE.ma),
      amb: this.wire(this.num(f, 'ambient'), 100, RANGE.amb),
      hum: this.wire(this.num(f, 'humidity'), 100, RANGE.hum),
      soc: this.wire(this.num(f, 'soc'), 10, RANGE.soc),
    };
    if (Object.values(vals).some((v) => Number.isNaN(v))) return this.warn('a value is not a number or out of range');
    this.t0 ??= t;
    this.place(
      String(t),
      t,
      {
        bootId: MINIMAL_BOOT_ID,
        seq: 0,
        tDevMs: t - this.t0,
        tHostMs: t,
        packMa: vals.ma,
        ambientCc: vals.amb,
        humidityCpct: vals.hum,
        status: 0,
        cells: [],
      },
      cell,
      { mv: vals.mv, tempCc: vals.cc, socPermille: vals.soc, socEstimated: false },
      out,
    );
  }

  private parseTime(s: string): number | null {
    if (s === '') return null;
    const n = Number(s);
    if (Number.isFinite(n)) {
      if (n >= 1e11) return Math.round(n);
      if (n >= 1e8) return Math.round(n * 1000);
      if (n >= 0) return this.anchorMs + Math.round(n * 1000);
      return null;
    }
    const t = Date.parse(s);
    return Number.isFinite(t) ? t : null;
  }

  private place(
    key: string,
    t: number,
    frame: ReplayFrame,
    cell: number,
    values: ReplayFrame['cells'][number],
    out: ReplayFrame[],
  ): void {
    if (this.pending && this.pending.key !== key) {
      out.push(this.pending.frame);
      this.frames++;
      this.pending = null;
    }
    if (!this.pending) {
      if (t < this.lastT) return this.warn('time goes backwards (rows must be in time order)');
      this.lastT = t;
      if (this.format === 'minimal') frame.seq = this.seq++;
      this.pending = { key, frame };
    }
    const cells = this.pending.frame.cells;
    while (cells.length < cell) cells.push({ mv: null, tempCc: null, socPermille: null, socEstimated: false });
    cells[cell - 1] = values;
    this.rows++;
  }
}

/**
 * Takes the `#` lines off the start of a text stream (the export's details line, whose JSON is not
 * CSV) and hands them to `onComment`; everything from the first other line on passes through.
 */
async function* withoutPreamble(
  chunks: AsyncIterable<string>,
  onComment: (line: string) => void,
): AsyncGenerator<string> {
  let head = '';
  let inPreamble = true;
  for await (const chunk of chunks) {
    if (!inPreamble) {
      yield chunk;
      continue;
    }
    head += chunk;
    for (;;) {
      const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
      if (!text.startsWith('#')) {
        inPreamble = text.length === 0;
        break;
      }
      const nl = text.indexOf('\n');
      if (nl < 0) break;
      onComment(text.slice(0, nl).replace(/\r$/, ''));
      head = text.slice(nl + 1);
    }
    if (head.length > MAX_RECORD_CHARS) inPreamble = false;
    if (!inPreamble && head) {
      yield head;
      head = '';
    }
  }
  if (head) {
    const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
    if (text.startsWith('#') && !text.includes('\n')) onComment(text.replace(/\r$/, ''));
    else yield head;
  }
}

/**
 * Streams CSV text (chunks cut anywhere) through csv-parse into frames, handed to `onFrames` a batch
 * at a time (which may wait: the next chunk is read once it has).
 */
export async function readCsvFrames(
  chunks: AsyncIterable<string>,
  parser: CsvFrameParser,
  onFrames: (frames: ReplayFrame[]) => Promise<void> | void,
): Promise<void> {
  const csv = parse({
    ...CSV_OPTIONS,
    on_skip: skipInto(parser),
  });
  const source = Readable.from(withoutPreamble(chunks, (l) => parser.comment(l)));
  source.on('error', (e) => csv.destroy(e));
  source.pipe(csv);
  let out: ReplayFrame[] = [];
  for await (const r of csv as AsyncIterable<CsvRecord>) {
    parser.record(r.record, r.info.lines, out);
    if (out.length >= 256) {
      await onFrames(out);
      out = [];
    }
  }
  out.push(...parser.end());
  if (out.length) await onFrames(out);
}

/** csv-parse's callback for a record it skipped: counted with a reason, like any bad row. */
function skipInto(parser: CsvFrameParser) {
  return (err: { code?: string; lines?: number } | undefined): undefined => {
    parser.unreadable(err?.lines ?? 0, csvErrorReason(err?.code));
    return undefined;
  };
}

function csvErrorReason(code: string | undefined): string {
  if (code === 'CSV_QUOTE_NOT_CLOSED') return 'a quoted field is never closed';
  if (code === 'CSV_MAX_RECORD_SIZE') return `a record longer than ${MAX_RECORD_CHARS} characters`;
  return `unreadable CSV (${code ?? 'error'})`;
}

/** Parses a whole CSV file into frames for a replay that needs no import first (`replay:<file.csv>`). */
export function csvFileReplayReader(path: string): ReplayReader & { parser: CsvFrameParser } {
  const parser = new CsvFrameParser();
  const frames = parseCsvText(readFileSync(path, 'utf8'), parser);
  let pos = 0;
  return {
    parser,
    total: frames.length,
    next: (limit) => {
      const page = frames.slice(pos, pos + limit);
      pos += page.length;
      return page;
    },
  };
}

/** A whole CSV text at once (a replayed file, tests): the same parsing as the streamed import. */
export function parseCsvText(text: string, parser: CsvFrameParser): ReplayFrame[] {
  let body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  while (body.startsWith('#')) {
    const nl = body.indexOf('\n');
    parser.comment((nl < 0 ? body : body.slice(0, nl)).replace(/\r$/, ''));
    body = nl < 0 ? '' : body.slice(nl + 1);
  }
  const out: ReplayFrame[] = [];
  const records = parseSync(body, {
    ...CSV_OPTIONS,
    on_skip: skipInto(parser),
  }) as unknown as CsvRecord[];
  for (const r of records) parser.record(r.record, r.info.lines, out);
  out.push(...parser.end());
  return out;
}

/** Reads a file as text chunks. */
export function fileChunks(path: string): AsyncIterable<string> {
  return createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 }) as AsyncIterable<string>;
}
