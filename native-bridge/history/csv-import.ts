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
 * The parser takes the file in chunks of any size (lines may be split anywhere) and hands back whole
 * frames; bad rows are skipped and counted, with the first few reasons kept as warnings.
 */
import { createReadStream, readFileSync } from 'node:fs';
import type { ReplayFrame, ReplayReader } from '../devices/replay-source.js';
import { EXPORT_MAGIC } from './csv-export.js';

export type CsvFormat = 'station' | 'minimal';

const MAX_WARNINGS = 20;
const MINIMAL_BOOT_ID = 0x1a1a0001;

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

/** Splits one CSV line (RFC 4180 quoting). */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
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
  private rest = '';
  private lineNo = 0;
  private col: Record<string, number> = {};
  private pending: Pending | null = null;
  private lastT = -Infinity;
  private seq = 0;
  private t0: number | null = null;

  constructor(private readonly anchorMs = Date.now()) {}

  push(chunk: string): ReplayFrame[] {
    const text = this.rest + chunk;
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    const out: ReplayFrame[] = [];
    for (const l of lines) this.line(l, out);
    return out;
  }

  end(): ReplayFrame[] {
    const out: ReplayFrame[] = [];
    if (this.rest) this.line(this.rest, out);
    this.rest = '';
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

  private line(raw: string, out: ReplayFrame[]): void {
    this.lineNo++;
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      if (line.startsWith(EXPORT_MAGIC)) {
        try {
          this.meta = JSON.parse(line.slice(EXPORT_MAGIC.length)) as Record<string, unknown>;
        } catch {
          this.warn('unreadable export details');
        }
      }
      return;
    }
    if (this.format === null) {
      this.header(line);
      return;
    }
    const f = splitCsvLine(line);
    if (this.format === 'station') this.stationRow(f, out);
    else this.minimalRow(f, out);
  }

  private header(line: string): void {
    const names = splitCsvLine(line).map((h) => h.trim().toLowerCase());
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
        `Line ${this.lineNo}: not a station export and not the minimal format (needs time, cell and temperature columns; found ${names.join(', ')}).`,
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

/** Parses a whole CSV file into frames for a replay that needs no import first (`replay:<file.csv>`). */
export function csvFileReplayReader(path: string): ReplayReader & { parser: CsvFrameParser } {
  const parser = new CsvFrameParser();
  const frames = [...parser.push(readFileSync(path, 'utf8')), ...parser.end()];
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

/** Reads a file in chunks, handing each to `onChunk` (which may wait). */
export async function readFileChunks(path: string, onChunk: (text: string) => Promise<void> | void): Promise<void> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  for await (const chunk of stream) await onChunk(chunk as string);
}
