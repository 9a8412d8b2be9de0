/**
 * One table of REST routes: what the router matches and what the OpenAPI document describes, so the
 * two cannot drift. A route names its query, body and response schemas (zod, the same as the
 * contract's where it mirrors a method) and its handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { CallAdapter } from '../contract/index.js';
import type { StationCore } from '../station/station.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT';

export interface RouteContext {
  core: StationCore;
  /** The contract's call adapter: params checked by the method's schema, errors as data. */
  call: CallAdapter;
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  /** Path parameters by name (`{id}` in the path), percent-decoded. */
  params: Record<string, string>;
  /** The client's address, for rate limits. */
  client: string;
  limits: ServerLimits;
}

export interface ServerLimits {
  importMaxBytes: number;
}

export interface RouteSpec {
  method: HttpMethod;
  /** OpenAPI form: `/api/sessions/{id}/series`. */
  path: string;
  summary: string;
  /** Query parameters (an object schema; its properties are the parameters). */
  query?: z.ZodObject;
  /** A JSON body, or another content type by name. */
  body?: z.ZodType | { contentType: string; description: string };
  /** A JSON body, or another content type by name. */
  response: z.ZodType | { contentType: string; description: string };
  /** Status codes the route answers besides 200 and the ones every route has (400, 401, 403, 429, 500). */
  errors?: number[];
  /** Network ingest needs the token even where nothing else does. */
  alwaysNeedsToken?: boolean;
  handle(ctx: RouteContext): Promise<void> | void;
}

export interface CompiledRoute {
  spec: RouteSpec;
  regex: RegExp;
  names: string[];
}

export function compileRoutes(routes: RouteSpec[]): CompiledRoute[] {
  return routes.map((spec) => {
    const names: string[] = [];
    const pattern = spec.path
      .split('/')
      .map((seg) => {
        const m = /^\{(\w+)\}$/.exec(seg);
        if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(m[1]!);
        return '([^/]+)';
      })
      .join('/');
    return { spec, regex: new RegExp(`^${pattern}/?$`), names };
  });
}

export type RouteMatch =
  | { kind: 'found'; route: CompiledRoute; params: Record<string, string> }
  | { kind: 'wrong-method'; allow: HttpMethod[] }
  | { kind: 'none' };

export function matchRoute(
  routes: CompiledRoute[],
  method: string,
  pathname: string,
  decode: (s: string) => string | null,
): RouteMatch {
  const allow: HttpMethod[] = [];
  for (const r of routes) {
    const m = r.regex.exec(pathname);
    if (!m) continue;
    const wanted = method === 'HEAD' ? 'GET' : method;
    if (r.spec.method !== wanted) {
      allow.push(r.spec.method);
      continue;
    }
    const params: Record<string, string> = {};
    for (let i = 0; i < r.names.length; i++) {
      const v = decode(m[i + 1]!);
      if (v === null) return { kind: 'none' };
      params[r.names[i]!] = v;
    }
    return { kind: 'found', route: r, params };
  }
  return allow.length ? { kind: 'wrong-method', allow } : { kind: 'none' };
}
