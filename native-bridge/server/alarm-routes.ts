/**
 * Alarms over plain HTTP for `serve` (scripts, a second PC on the LAN):
 *   GET /api/alarms[?device&severity&source&limit]   active (standing) alarms and the log, newest first
 *   GET /api/alarms/active[?device&severity&source]  the standing ones alone
 * `severity` is the lowest severity shown (`alarm` gives alarm and critical). Parameters go through the
 * contract's call adapter, so they are checked by the same schemas as over the WebSocket.
 */
import type { ServerResponse } from 'node:http';
import type { CallAdapter } from '../contract/index.js';
import { sendEnvelope } from './rest-answers.js';

function filterOf(q: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const take = (name: string, param: string) => {
    const v = q.get(name);
    if (v !== null && v !== '') out[param] = v;
  };
  take('device', 'deviceId');
  take('severity', 'minSeverity');
  take('source', 'source');
  return out;
}

/** Answers an alarm request; false when the path is not one of ours. */
export async function handleAlarmRoute(call: CallAdapter, res: ServerResponse, url: URL): Promise<boolean> {
  const p = url.pathname.replace(/\/$/, '');
  if (p !== '/api/alarms' && p !== '/api/alarms/active') return false;
  const params = filterOf(url.searchParams);
  const limit = url.searchParams.get('limit');
  if (p === '/api/alarms' && limit !== null && limit !== '') params.limit = Number(limit);
  sendEnvelope(res, await call(p === '/api/alarms' ? 'getAlarms' : 'getActiveAlarms', params));
  return true;
}
