/**
 * Field forms and ranges of protocol v1, shared by the encoder (which refuses to emit a frame the
 * decoder would reject) and the decoder. Ranges are the tables in firmware/PROTOCOL.md.
 */

export interface IntRange {
  min: number;
  max: number;
}

export const RANGES = {
  cellCount: { min: 1, max: 32 },
  periodMs: { min: 10, max: 60000 },
  seq: { min: 0, max: 4294967295 },
  tDevMs: { min: 0, max: Number.MAX_SAFE_INTEGER },
  cellMv: { min: 0, max: 65535 },
  cellTempCc: { min: -5500, max: 150000 },
  packMa: { min: -2000000, max: 2000000 },
  ambientCc: { min: -5500, max: 15000 },
  humidityCpct: { min: 0, max: 10000 },
  socPermille: { min: 0, max: 1000 },
  cmdId: { min: 0, max: 65535 },
} satisfies Record<string, IntRange>;

export const PATTERNS = {
  deviceId: /^[A-Za-z0-9_-]{1,32}$/,
  bootId: /^[0-9A-F]{8}$/,
  fwVersion: /^[0-9A-Za-z.+-]{1,24}$/,
  channels: /^[A-Za-z0-9_:.=;-]{0,200}$/,
  code: /^[A-Z_]{1,24}$/,
  detail: /^[\x20-\x7e]{0,160}$/,
  status: /^[0-9A-Fa-f]{1,8}$/,
  commandName: /^[A-Z]{1,16}$/,
  commandArg: /^[A-Za-z0-9_.=;:-]{1,64}$/,
};

export type IntParse = { ok: true; value: number } | { ok: false; reason: 'bad_field' | 'out_of_range' };

/**
 * Decimal integer without sign tricks — `-?(0|[1-9][0-9]{0,15})`, not `-0` — read without a regex or
 * a result object, because the decoder reads about fifteen of them per data frame. Returns the value,
 * NaN when the text is not such an integer, or Infinity when it is one outside `range` (neither is
 * ever a valid value).
 */
export function scanInt10(s: string, range: IntRange): number {
  const n = s.length;
  const from = n > 0 && s.charCodeAt(0) === 45 /* '-' */ ? 1 : 0;
  const digits = n - from;
  if (digits < 1 || digits > 16) return NaN;
  const first = s.charCodeAt(from);
  if (first === 48 /* '0' */) {
    if (digits !== 1 || from === 1) return NaN;
  } else if (first < 49 || first > 57) return NaN;
  for (let i = from + 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return NaN;
  }
  const value = Number(s);
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) return Infinity;
  return value;
}

export function parseInt10(s: string, range: IntRange): IntParse {
  const value = scanInt10(s, range);
  if (Number.isNaN(value)) return { ok: false, reason: 'bad_field' };
  if (value === Infinity) return { ok: false, reason: 'out_of_range' };
  return { ok: true, value };
}

/** Detail text may hold any printable ASCII except the delimiters. */
export function isDetail(s: string): boolean {
  return PATTERNS.detail.test(s) && !/[$*,]/.test(s);
}
