/**
 * `POST /api/ingest`: a rig on the network posts protocol v1 lines — as text, one per line, or as JSON
 * (`{"lines": [...]}`, or `{"frames": [...]}` in the frames' JSON form, which the station encodes to
 * lines) — and they go through the same link and decoder as a serial line (devices/network-ingest.ts).
 * It always needs the token, even on loopback where nothing else does, and is rate-limited per client.
 * The answer says what became of every line; valid lines are kept whatever the others are.
 */
import { z } from 'zod';
import { frameToLine, MAX_INGEST_LINES, type NetworkIngest } from '../devices/network-ingest.js';
import type { Frame } from '../protocol/index.js';
import { HttpError, sendError, sendJson } from './http-response.js';
import type { RateLimiter } from './rate-limit.js';
import { readBody } from './request-body.js';
import type { RouteSpec } from './route-table.js';

export const INGEST_MAX_BYTES = 2 << 20;

const int = z.number().int();
const optInt = int.nullable();
const cells = z.array(optInt).max(32);

/** The JSON form of protocol v1 frames (firmware/PROTOCOL.md): wire units, `null` for the wire's `-`. */
const jsonFrameSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('hello'),
      deviceId: z.string(),
      bootId: z.string(),
      fwVersion: z.string(),
      cellCount: int,
      periodMs: int,
      channels: z.string(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('data'),
      deviceId: z.string(),
      bootId: z.string(),
      seq: int,
      tDevMs: int,
      cellMv: cells,
      cellTempCc: cells,
      packMa: optInt,
      ambientCc: optInt,
      humidityCpct: optInt,
      socPermille: optInt,
      status: int,
    })
    .strict(),
  z
    .object({
      kind: z.literal('event'),
      deviceId: z.string(),
      bootId: z.string(),
      eventSeq: int,
      tDevMs: int,
      code: z.string(),
      detail: z.string(),
    })
    .strict(),
  z.object({ kind: z.literal('ack'), deviceId: z.string(), cmdId: int, ok: z.boolean(), detail: z.string() }).strict(),
]);

export const ingestBodySchema = z.union([
  z.object({ lines: z.array(z.string().max(4096)).max(MAX_INGEST_LINES) }).strict(),
  z.object({ frames: z.array(z.unknown()).max(MAX_INGEST_LINES) }).strict(),
]);

export const ingestResultSchema = z.object({
  lines: z.number().int(),
  accepted: z.number().int(),
  held: z.number().int(),
  duplicates: z.number().int(),
  rejectedCount: z.number().int(),
  rejected: z.array(z.object({ index: z.number().int(), reason: z.string() })),
  devices: z.array(z.string()),
});

/** The request's entries: wire lines, or the reason an entry could not become one. */
function entriesOf(contentType: string, text: string): (string | { reason: string })[] {
  if (!contentType.startsWith('application/json')) {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    if (lines.length > MAX_INGEST_LINES)
      throw new HttpError(413, 'too-many-lines', `At most ${MAX_INGEST_LINES} lines per request.`);
    return lines;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'bad-json', 'The body is not valid JSON.');
  }
  const body = ingestBodySchema.safeParse(json);
  if (!body.success)
    throw new HttpError(
      400,
      'bad-params',
      `Expected {"lines": [...]} or {"frames": [...]}, at most ${MAX_INGEST_LINES}.`,
    );
  if ('lines' in body.data) return body.data.lines;
  return body.data.frames.map((f) => {
    const frame = jsonFrameSchema.safeParse(f);
    if (!frame.success)
      return { reason: `bad_frame: ${frame.error.issues[0]?.path.join('.') || 'kind'} is not of its form` };
    return ((r) => ('line' in r ? r.line : r))(frameToLine(frame.data as Frame));
  });
}

export function ingestRoute(ingest: NetworkIngest, limiter: RateLimiter): RouteSpec {
  return {
    method: 'POST',
    path: '/api/ingest',
    summary: `Protocol v1 lines from a network rig (text, or JSON lines or frames; up to ${MAX_INGEST_LINES} per request), each through the same decoder and link as serial; always needs the token`,
    alwaysNeedsToken: true,
    query: z.object({ device: z.string().max(32).optional() }),
    body: {
      contentType: 'text/plain',
      description: 'protocol v1 lines, LF-separated (or application/json: {"lines"} or {"frames"})',
    },
    response: ingestResultSchema,
    errors: [413],
    handle: async ({ req, res, query, client }) => {
      const wait = limiter.take(client);
      if (wait > 0)
        return sendError(res, 429, 'rate-limited', `Too many ingest requests; try again in ${wait} s.`, {
          'retry-after': String(wait),
        });
      const text = (await readBody(req, INGEST_MAX_BYTES)).toString('utf8');
      const entries = entriesOf(req.headers['content-type'] ?? 'text/plain', text);
      if (entries.length === 0) throw new HttpError(400, 'empty', 'The request holds no lines.');
      const device = query.get('device');
      sendJson(
        res,
        200,
        await ingest.ingest(entries, client, device && /^[A-Za-z0-9_-]{1,32}$/.test(device) ? device : null),
      );
    },
  };
}
