/**
 * History over plain HTTP for `serve` (and for scripts and a second PC on the LAN):
 *   GET  /api/sessions[?limit&device&kind]      the session list (JSON, newest first)
 *   GET  /api/sessions/:id                      one session
 *   GET  /api/sessions/:id/series?from&to&maxPoints
 *   GET  /api/sessions/:id/alarms[?from&to]
 *   GET  /api/sessions/:id/report.html          the printable report
 *   GET  /api/sessions/:id/export.csv[?from&to&cells=1,2]   streamed CSV (closing the request cancels)
 *   GET  /api/exports/:file                     a finished export job's file
 *   POST /api/import?name=<file>[&rig&chemistry&capacityAh&notes]   CSV body → a new session
 * Requests that take parameters go through the contract's dispatch, so they are validated the same way
 * as over the WebSocket.
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dispatch } from '../station/dispatch.js';
import type { StationCore } from '../station/station.js';

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const num = (v: string | null) => (v === null || v === '' ? undefined : Number(v));

async function call(core: StationCore, res: ServerResponse, method: string, params: Record<string, unknown>) {
  const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  const r = await dispatch(core, method, clean);
  if (r.ok) return json(res, 200, r.result);
  const status =
    r.error.code === 'bad-params' || r.error.code === 'history.bad-window'
      ? 400
      : r.error.code.endsWith('not-found')
        ? 404
        : r.error.code === 'store.unavailable'
          ? 503
          : 500;
  return json(res, status, { error: r.error.message, code: r.error.code });
}

/** Answers a history request; false when the path is not one of ours. */
export async function handleHistoryRoute(
  core: StationCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const p = url.pathname;
  const q = url.searchParams;
  if (p === '/api/import') {
    if (req.method === 'POST') await importBody(core, req, res, q);
    else json(res, 405, { error: 'POST a CSV body' });
    return true;
  }
  if (!p.startsWith('/api/sessions') && !p.startsWith('/api/exports/')) return false;
  if (req.method !== 'GET') {
    json(res, 405, { error: 'method not allowed' });
    return true;
  }
  if (p === '/api/sessions' || p === '/api/sessions/') {
    await call(core, res, 'listSessions', {
      limit: num(q.get('limit')),
      deviceId: q.get('device') ?? undefined,
      kind: q.get('kind') ?? undefined,
    });
    return true;
  }
  const exp = /^\/api\/exports\/([^/]+)$/.exec(p);
  if (exp) {
    const file = core.historyService?.exportFile(decodeURIComponent(exp[1]!));
    if (!file) {
      json(res, 404, { error: 'no such export' });
      return true;
    }
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-length': statSync(file).size,
      'content-disposition': `attachment; filename="${exp[1]}"`,
    });
    createReadStream(file).pipe(res);
    return true;
  }
  const m = /^\/api\/sessions\/(\d+)(?:\/(series|alarms|report\.html|export\.csv))?$/.exec(p);
  if (!m) {
    json(res, 404, { error: `no such endpoint ${p}` });
    return true;
  }
  const id = Number(m[1]);
  const from = num(q.get('from'));
  const to = num(q.get('to'));
  switch (m[2]) {
    case undefined:
      await call(core, res, 'getSession', { id });
      return true;
    case 'series':
      await call(core, res, 'getHistorySeries', {
        sessionId: id,
        fromMs: from,
        toMs: to,
        maxPoints: num(q.get('maxPoints')),
      });
      return true;
    case 'alarms':
      await call(core, res, 'getSessionAlarms', { sessionId: id, fromMs: from, toMs: to });
      return true;
    case 'report.html': {
      const r = await dispatch(core, 'getSessionReport', { sessionId: id });
      if (!r.ok) {
        json(res, r.error.code.endsWith('not-found') ? 404 : 500, { error: r.error.message });
        return true;
      }
      const { html, fileName } = r.result as { html: string; fileName: string };
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-disposition': `inline; filename="${fileName}"`,
        'cache-control': 'no-store',
      });
      res.end(html);
      return true;
    }
    case 'export.csv':
      await exportCsv(core, res, req, id, from, to, q.get('cells'));
      return true;
  }
  return false;
}

async function exportCsv(
  core: StationCore,
  res: ServerResponse,
  req: IncomingMessage,
  id: number,
  from: number | undefined,
  to: number | undefined,
  cellsRaw: string | null,
): Promise<void> {
  const h = core.historyService;
  if (!h) return json(res, 503, { error: 'History is not available: the database is not open.' });
  let w;
  try {
    w = h.window(id, from, to);
  } catch (e) {
    return json(res, 404, { error: (e as Error).message });
  }
  const cells = cellsRaw
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

async function importBody(core: StationCore, req: IncomingMessage, res: ServerResponse, q: URLSearchParams) {
  const h = core.historyService;
  if (!h) return json(res, 503, { error: 'History is not available: the database is not open.' });
  const begun = await dispatch(core, 'beginImport', {
    fileName: q.get('name') ?? 'upload.csv',
    ...(q.get('rig') !== null ? { rig: q.get('rig') } : {}),
    ...(q.get('chemistry') !== null ? { chemistry: q.get('chemistry') } : {}),
    ...(q.get('capacityAh') !== null ? { capacityAh: Number(q.get('capacityAh')) } : {}),
    ...(q.get('notes') !== null ? { notes: q.get('notes') } : {}),
  });
  if (!begun.ok) return json(res, 400, { error: begun.error.message, code: begun.error.code });
  const { importId } = begun.result as { importId: number };
  try {
    req.setEncoding('utf8');
    for await (const chunk of req) h.imports.append(importId, chunk as string);
    json(res, 200, h.imports.finish(importId));
  } catch (e) {
    h.imports.cancel(importId);
    json(res, 400, { error: (e as Error).message });
  }
}
