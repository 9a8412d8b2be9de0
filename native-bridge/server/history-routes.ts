/**
 * History over plain HTTP (for `serve`, scripts and a second PC on the LAN): the session list, one
 * session, its series, alarms, printable report and streamed CSV export, finished export files, and
 * CSV import. Requests that take parameters mirror the contract's methods, so they are validated the
 * same way as over the WebSocket.
 */
import { createReadStream, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { z } from 'zod';
import { importResultSchema } from '../contract/index.js';
import { mirror } from './contract-routes.js';
import { HttpError, sendError, sendJson } from './http-response.js';
import { streamBody } from './request-body.js';
import type { RouteContext, RouteSpec } from './route-table.js';

/** An import body may be large (a long run at 10 Hz) but not unbounded. */
export const DEFAULT_IMPORT_MAX_BYTES = 1 << 30;

const num = (v: string | null) => (v === null || v === '' ? undefined : Number(v));

function history(ctx: RouteContext) {
  const h = ctx.core.historyService;
  if (!h) throw new HttpError(503, 'store.unavailable', 'History is not available: the database is not open.');
  return h;
}

async function report(ctx: RouteContext): Promise<void> {
  const r = await ctx.call('getSessionReport', { sessionId: Number(ctx.params.id) });
  if (!r.ok) return sendError(ctx.res, r.error.code.endsWith('not-found') ? 404 : 400, r.error.code, r.error.message);
  const { html, fileName } = r.result as { html: string; fileName: string };
  ctx.res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-disposition': `inline; filename="${fileName}"`,
    'cache-control': 'no-store',
  });
  ctx.res.end(html);
}

async function exportCsv(ctx: RouteContext): Promise<void> {
  const { req, res, query: q } = ctx;
  const h = history(ctx);
  const id = Number(ctx.params.id);
  let w;
  try {
    w = h.window(id, num(q.get('from')), num(q.get('to')));
  } catch (e) {
    return sendError(res, 404, 'session.not-found', (e as Error).message);
  }
  const cells = q
    .get('cells')
    ?.split(',')
    .map(Number)
    .filter((c) => Number.isInteger(c) && c >= 1 && c <= 32);
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="session-${id}.csv"`,
    'cache-control': 'no-store',
  });
  let closed = false;
  req.on('close', () => (closed = true));
  res.on('close', () => (closed = true));
  await h.streamCsv(
    { ...w, cells },
    (text) =>
      new Promise<void>((resolve) => {
        if (closed || res.write(text)) resolve();
        else res.once('drain', resolve);
      }),
    () => closed,
  );
  res.end();
}

function exportFile(ctx: RouteContext): void {
  const file = history(ctx).exportFile(ctx.params.file!);
  if (!file) return sendError(ctx.res, 404, 'export.not-found', 'No such export.');
  ctx.res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-length': statSync(file).size,
    'content-disposition': `attachment; filename="${ctx.params.file!.replace(/[^\w.-]/g, '_')}"`,
  });
  createReadStream(file).pipe(ctx.res);
}

const importQuery = z.object({
  name: z.string().min(1).max(255).optional(),
  rig: z.string().max(200).optional(),
  chemistry: z.string().max(100).optional(),
  capacityAh: z.number().min(0).max(100_000).optional(),
  notes: z.string().max(10_000).optional(),
});

async function importBody(ctx: RouteContext): Promise<void> {
  const { req, res, query: q } = ctx;
  const h = history(ctx);
  const begun = await ctx.call('beginImport', {
    fileName: q.get('name') ?? 'upload.csv',
    ...(q.get('rig') !== null ? { rig: q.get('rig') } : {}),
    ...(q.get('chemistry') !== null ? { chemistry: q.get('chemistry') } : {}),
    ...(q.get('capacityAh') !== null ? { capacityAh: Number(q.get('capacityAh')) } : {}),
    ...(q.get('notes') !== null ? { notes: q.get('notes') } : {}),
  });
  if (!begun.ok) return sendError(res, 400, begun.error.code, begun.error.message);
  const { importId } = begun.result as { importId: number };
  const text = new StringDecoder('utf8');
  try {
    await streamBody(req, ctx.limits.importMaxBytes, async (chunk) => {
      await h.imports.append(importId, text.write(chunk));
    });
    await h.imports.append(importId, text.end());
    sendJson(res, 200, await h.imports.finish(importId));
  } catch (e) {
    h.imports.cancel(importId);
    if (e instanceof HttpError) throw e;
    sendError(res, 400, 'import.bad-csv', (e as Error).message);
  }
}

const text = (contentType: string, description: string) => ({ contentType, description });

export const HISTORY_ROUTES: RouteSpec[] = [
  mirror('GET', '/api/sessions', 'listSessions', {
    summary: 'The session list, newest first',
    query: { limit: 'limit', device: 'deviceId', kind: 'kind' },
  }),
  mirror('GET', '/api/sessions/{id}', 'getSession', { summary: 'One session', path: { id: 'id' } }),
  mirror('GET', '/api/sessions/{id}/series', 'getHistorySeries', {
    summary: "A session's thinned temperature and voltage series",
    path: { id: 'sessionId' },
    query: { from: 'fromMs', to: 'toMs', maxPoints: 'maxPoints', cells: 'cells' },
  }),
  mirror('GET', '/api/sessions/{id}/alarms', 'getSessionAlarms', {
    summary: "A session's alarms",
    path: { id: 'sessionId' },
    query: { from: 'fromMs', to: 'toMs' },
  }),
  {
    method: 'GET',
    path: '/api/sessions/{id}/report.html',
    summary: "A session's printable report",
    response: text('text/html', 'the report page'),
    errors: [404],
    handle: report,
  },
  {
    method: 'GET',
    path: '/api/sessions/{id}/export.csv',
    summary: "A session's frames as CSV, streamed (closing the request cancels)",
    query: z.object({
      from: z.number().optional(),
      to: z.number().optional(),
      cells: z.array(z.number().int().min(1).max(32)).optional(),
    }),
    response: text('text/csv', 'the station export format (history/csv-export.ts)'),
    errors: [404, 503],
    handle: exportCsv,
  },
  {
    method: 'GET',
    path: '/api/exports/{file}',
    summary: "A finished export job's file",
    response: text('text/csv', 'the exported file'),
    errors: [404, 503],
    handle: exportFile,
  },
  {
    method: 'POST',
    path: '/api/import',
    summary: `A CSV body (the station's export or the minimal format, by default up to ${DEFAULT_IMPORT_MAX_BYTES} bytes) → a new session`,
    query: importQuery,
    body: text('text/csv', 'the file, streamed'),
    response: importResultSchema,
    errors: [413, 503],
    handle: importBody,
  },
];
