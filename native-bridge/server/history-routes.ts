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
 * Requests that take parameters go through the contract's call adapter, so they are validated the same
 * way as over the WebSocket.
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallAdapter } from '../contract/index.js';
import type { StationCore } from '../station/station.js';
import { sendEnvelope, sendJson } from './rest-answers.js';

const num = (v: string | null) => (v === null || v === '' ? undefined : Number(v));

/** Query parameters left out of the URL are left out of the call, so the method's defaults apply. */
async function answer(call: CallAdapter, res: ServerResponse, method: string, params: Record<string, unknown>) {
  const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  sendEnvelope(res, await call(method, clean));
}

/** Answers a history request; false when the path is not one of ours. */
export async function handleHistoryRoute(
  core: StationCore,
  call: CallAdapter,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const p = url.pathname;
  const q = url.searchParams;
  if (p === '/api/import') {
    if (req.method === 'POST') await importBody(core, call, req, res, q);
    else sendJson(res, 405, { error: 'POST a CSV body' });
    return true;
  }
  if (!p.startsWith('/api/sessions') && !p.startsWith('/api/exports/')) return false;
  if (req.method !== 'GET') {
    sendJson(res, 405, { error: 'method not allowed' });
    return true;
  }
  if (p === '/api/sessions' || p === '/api/sessions/') {
    await answer(call, res, 'listSessions', {
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
      sendJson(res, 404, { error: 'no such export' });
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
    sendJson(res, 404, { error: `no such endpoint ${p}` });
    return true;
  }
  const id = Number(m[1]);
  const from = num(q.get('from'));
  const to = num(q.get('to'));
  switch (m[2]) {
    case undefined:
      await answer(call, res, 'getSession', { id });
      return true;
    case 'series':
      await answer(call, res, 'getHistorySeries', {
        sessionId: id,
        fromMs: from,
        toMs: to,
        maxPoints: num(q.get('maxPoints')),
      });
      return true;
    case 'alarms':
      await answer(call, res, 'getSessionAlarms', { sessionId: id, fromMs: from, toMs: to });
      return true;
    case 'report.html': {
      const r = await call('getSessionReport', { sessionId: id });
      if (!r.ok) {
        sendEnvelope(res, r);
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
  if (!h) return sendJson(res, 503, { error: 'History is not available: the database is not open.' });
  let w;
  try {
    w = h.window(id, from, to);
  } catch (e) {
    return sendJson(res, 404, { error: (e as Error).message });
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

async function importBody(
  core: StationCore,
  call: CallAdapter,
  req: IncomingMessage,
  res: ServerResponse,
  q: URLSearchParams,
) {
  const h = core.historyService;
  if (!h) return sendJson(res, 503, { error: 'History is not available: the database is not open.' });
  const begun = await call('beginImport', {
    fileName: q.get('name') ?? 'upload.csv',
    ...(q.get('rig') !== null ? { rig: q.get('rig') } : {}),
    ...(q.get('chemistry') !== null ? { chemistry: q.get('chemistry') } : {}),
    ...(q.get('capacityAh') !== null ? { capacityAh: Number(q.get('capacityAh')) } : {}),
    ...(q.get('notes') !== null ? { notes: q.get('notes') } : {}),
  });
  if (!begun.ok) return sendJson(res, 400, { error: begun.error.message, code: begun.error.code });
  const { importId } = begun.result as { importId: number };
  try {
    req.setEncoding('utf8');
    for await (const chunk of req) h.imports.append(importId, chunk as string);
    sendJson(res, 200, h.imports.finish(importId));
  } catch (e) {
    h.imports.cancel(importId);
    sendJson(res, 400, { error: (e as Error).message });
  }
}
