/**
 * The OpenAPI 3.1 document of the REST API (`GET /api/openapi.json`), made from the route table and
 * its zod schemas — the contract's own where a route mirrors a method — so the document and what the
 * server checks and answers cannot drift apart.
 */
import { z } from 'zod';
import { STATION_VERSION } from '../station/station.js';
import type { RouteSpec } from './route-table.js';

type Json = Record<string, unknown>;

const errorSchema = z.object({ error: z.string(), code: z.string() });

const COMMON_ERRORS: Record<number, string> = {
  400: 'The request is malformed (its target, parameters or body).',
  401: 'The station token is required.',
  403: 'The Host or Origin may not use this station.',
  429: 'Too many requests; see Retry-After.',
  500: 'The station could not handle the request.',
};
const MORE_ERRORS: Record<number, string> = {
  404: 'Nothing of that name.',
  413: 'The body is larger than the limit.',
  503: 'The database is not open.',
};

const toJson = (schema: z.ZodType, io: 'input' | 'output'): Json =>
  z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Json;

function content(body: NonNullable<RouteSpec['body']> | RouteSpec['response'], io: 'input' | 'output'): Json {
  if ('contentType' in body && typeof body.contentType === 'string')
    return { [body.contentType]: { schema: { type: 'string', description: body.description } } };
  return { 'application/json': { schema: toJson(body as z.ZodType, io) } };
}

function parameters(route: RouteSpec): Json[] {
  const out: Json[] = [];
  for (const m of route.path.matchAll(/\{(\w+)\}/g))
    out.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
  if (route.query) {
    const js = toJson(route.query, 'input') as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, schema] of Object.entries(js.properties ?? {})) {
      const array = schema.type === 'array';
      out.push({
        name,
        in: 'query',
        required: js.required?.includes(name) ?? false,
        schema,
        ...(array ? { style: 'form', explode: false } : {}),
      });
    }
  }
  return out;
}

export function buildOpenApi(routes: RouteSpec[]): Json {
  const paths: Record<string, Json> = {};
  const errorContent = { 'application/json': { schema: toJson(errorSchema, 'output') } };
  for (const r of routes) {
    const responses: Record<string, Json> = { '200': { description: 'OK', content: content(r.response, 'output') } };
    for (const [code, description] of Object.entries(COMMON_ERRORS))
      responses[code] = { description, content: errorContent };
    for (const code of r.errors ?? [])
      responses[String(code)] = { description: MORE_ERRORS[code] ?? 'Error', content: errorContent };
    if (r.method !== 'GET') responses['405'] = { description: 'Wrong method', content: errorContent };
    const op: Json = {
      summary: r.summary,
      operationId: `${r.method.toLowerCase()}${r.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      parameters: parameters(r),
      responses,
      ...(r.alwaysNeedsToken ? { security: [{ bearer: [] }] } : {}),
    };
    if (r.body) op.requestBody = { required: true, content: content(r.body, 'input') };
    (paths[r.path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'EV Battery Station API',
      version: STATION_VERSION,
      description:
        'The headless station (`npm run serve`). On loopback no token is needed except for ingest; on any other address every request needs the token (Settings → Server access) as a Bearer header, `?token=`, or the login cookie. State-changing requests from a browser must come from the station page or an origin listed in Settings.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        query: { type: 'apiKey', in: 'query', name: 'token' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'station_session' },
      },
    },
    security: [{}, { bearer: [] }, { query: [] }, { cookie: [] }],
    paths,
  };
}
