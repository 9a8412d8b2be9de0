/**
 * REST routes that mirror a contract method: the query (or JSON body) becomes the method's params,
 * checked by the method's own schema through the same call adapter as a WebSocket call, and the answer is
 * the method's result. Query strings carry text, so each value is first read as the type the param's
 * JSON Schema names (integer, number, boolean, a comma-separated array); a value that is not of that
 * type is left as text for the schema to refuse with a 400.
 */
import { z } from 'zod';
import { METHODS, type MethodName } from '../contract/index.js';
import { sendEnvelope, sendError } from './http-response.js';
import { readJsonBody } from './request-body.js';
import type { HttpMethod, RouteContext, RouteSpec } from './route-table.js';

type JsonType = 'integer' | 'number' | 'boolean' | 'string' | 'array' | 'other';

function jsonTypeOf(schema: z.ZodType): { type: JsonType; items: JsonType } {
  const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    type?: string;
    items?: { type?: string };
    anyOf?: { type?: string }[];
  };
  const t = js.type ?? js.anyOf?.find((s) => s.type !== 'null')?.type;
  const known = (x: string | undefined): JsonType =>
    x === 'integer' || x === 'number' || x === 'boolean' || x === 'string' || x === 'array' ? x : 'other';
  return { type: known(t), items: known(js.items?.type) };
}

function coerce(raw: string, t: { type: JsonType; items: JsonType }): unknown {
  const scalar = (v: string, type: JsonType): unknown => {
    if (type === 'integer' || type === 'number') {
      const n = Number(v);
      return v.trim() === '' || !Number.isFinite(n) ? v : n;
    }
    if (type === 'boolean') return v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v;
    return v;
  };
  if (t.type === 'array') return raw.split(',').map((v) => scalar(v, t.items));
  return scalar(raw, t.type);
}

/** The params without those the path carries. */
const bodySchema = (shape: Record<string, z.ZodType>, inPath: Set<string>) =>
  z.object(Object.fromEntries(Object.entries(shape).filter(([k]) => !inPath.has(k)))).strict();

export interface MirrorOptions<M extends MethodName> {
  summary: string;
  /** Query parameter name → param name (`device` → `deviceId`). */
  query?: Record<string, keyof z.input<(typeof METHODS)[M]['params']> & string>;
  /** Path parameter name → param name, for `{id}` in the path. */
  path?: Record<string, keyof z.input<(typeof METHODS)[M]['params']> & string>;
  /** POST/PUT: the JSON body is the params (path parameters added). */
  jsonBody?: boolean;
  /** The body's bound (default JSON_BODY_MAX_BYTES). */
  bodyMaxBytes?: number;
  errors?: number[];
}

/** Answers a contract call on a REST route: the result, or the error with its status. */
export async function answerCall(ctx: RouteContext, method: MethodName, params: unknown): Promise<void> {
  sendEnvelope(ctx.res, await ctx.call(method, params));
}

export function mirror<M extends MethodName>(
  httpMethod: HttpMethod,
  path: string,
  method: M,
  o: MirrorOptions<M>,
): RouteSpec {
  const def = METHODS[method];
  const shape = (def.params as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
  const queryMap = Object.entries(o.query ?? {}) as [string, string][];
  const pathMap = Object.entries(o.path ?? {}) as [string, string][];
  const types = new Map([...queryMap, ...pathMap].map(([, key]) => [key, jsonTypeOf(shape[key]!)]));
  const query = queryMap.length
    ? z.object(Object.fromEntries(queryMap.map(([name, key]) => [name, shape[key]!])))
    : undefined;
  return {
    method: httpMethod,
    path,
    summary: `${o.summary} (the contract's \`${method}\`)`,
    ...(query ? { query } : {}),
    ...(o.jsonBody ? { body: bodySchema(shape, new Set(pathMap.map(([, k]) => k))) } : {}),
    response: def.result,
    errors: [...(o.errors ?? []), 404, ...(o.jsonBody ? [413] : [])],
    handle: async (ctx) => {
      const params: Record<string, unknown> = {};
      if (o.jsonBody) {
        const body = await readJsonBody(ctx.req, o.bodyMaxBytes);
        if (body === null || typeof body !== 'object' || Array.isArray(body))
          return sendError(ctx.res, 400, 'bad-params', 'The body must be a JSON object of the parameters.');
        Object.assign(params, body);
      }
      for (const [name, key] of queryMap) {
        const v = ctx.query.get(name);
        if (v !== null && v !== '') params[key] = coerce(v, types.get(key)!);
      }
      for (const [name, key] of pathMap) params[key] = coerce(ctx.params[name]!, types.get(key)!);
      await answerCall(ctx, method, params);
    },
  };
}
