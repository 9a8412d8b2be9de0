/**
 * Turns what the MongoDB driver throws into one short sentence an operator can act on, with a stable
 * code for the UI. Driver messages can echo the URI (and so the password): every message is scrubbed.
 */
import { scrub } from './uri-mask.js';

export interface SyncProblem {
  code:
    | 'sync.bad-uri'
    | 'sync.auth'
    | 'sync.unreachable'
    | 'sync.timeout'
    | 'sync.refused'
    | 'sync.store'
    | 'sync.not-configured'
    | 'sync.error';
  message: string;
  /** Worth retrying by itself (the network may come back); a bad URI or password needs the operator. */
  transient: boolean;
}

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string | number;
  codeName?: string;
  cause?: unknown;
  reason?: { servers?: Map<string, { error?: unknown }> };
}

/** The error itself, its causes and, for server selection, each server's own error. */
function chain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  const seen = new Set<unknown>();
  const walk = (e: unknown) => {
    if (!e || typeof e !== 'object' || seen.has(e) || out.length > 20) return;
    seen.add(e);
    const x = e as ErrorLike;
    out.push(x);
    walk(x.cause);
    if (x.reason?.servers instanceof Map) for (const s of x.reason.servers.values()) walk(s.error);
  };
  walk(err);
  return out;
}

/** `host:port` of the first host in the URI, for messages (never the user info). */
export function firstHost(uri: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?]*@)?([^/?,]+)/i.exec(uri);
  return m ? m[1]! : 'the server';
}

export function describeSyncError(err: unknown, uri: string | null): SyncProblem {
  const all = chain(err);
  const first = all[0] ?? {};
  const host = uri ? firstHost(uri) : 'the server';
  const has = (pred: (e: ErrorLike) => boolean) => all.some(pred);
  // Some driver errors carry the system error only in their text.
  const sysCode = (c: string) => has((e) => e.code === c || (e.message ?? '').includes(c));
  const say = (code: SyncProblem['code'], message: string, transient: boolean): SyncProblem => ({
    code,
    message: scrub(message, uri),
    transient,
  });

  if (has((e) => e.name === 'MongoParseError' || e.name === 'MongoInvalidArgumentError'))
    return say(
      'sync.bad-uri',
      `The MongoDB URI is not valid: ${first.message ?? 'it could not be read'}. It must look like mongodb://user:password@host:27017/ or mongodb+srv://user:password@cluster.example.net/.`,
      false,
    );
  if (
    has((e) => e.code === 18 || e.codeName === 'AuthenticationFailed' || /authentication failed/i.test(e.message ?? ''))
  )
    return say(
      'sync.auth',
      `${host} refused the user name or password (authentication failed). Check the user, the password and authSource in the URI.`,
      false,
    );
  if (has((e) => e.code === 13 || e.codeName === 'Unauthorized'))
    return say(
      'sync.refused',
      `${host} accepted the login but this user may not write to the database (not authorised).`,
      false,
    );
  if (sysCode('ENOTFOUND') || sysCode('EAI_AGAIN'))
    return say(
      'sync.unreachable',
      `The host name ${host} could not be resolved (no network, or a typing error in the URI). Retrying.`,
      true,
    );
  if (sysCode('ECONNREFUSED'))
    return say('sync.unreachable', `Cannot reach the MongoDB server at ${host}: connection refused. Retrying.`, true);
  if (sysCode('ECONNRESET') || sysCode('EPIPE') || has((e) => e.name === 'MongoNetworkError'))
    return say('sync.unreachable', `The connection to ${host} was lost. Retrying.`, true);
  if (
    has(
      (e) => e.name === 'MongoServerSelectionError' || e.name === 'MongoNetworkTimeoutError' || e.code === 'ETIMEDOUT',
    )
  )
    return say('sync.timeout', `No answer from ${host} in time (the server may be down or blocked). Retrying.`, true);
  if (has((e) => e.name === 'SqliteError'))
    return say(
      'sync.store',
      `Reading the station's database failed: ${first.message ?? 'unknown error'}. Retrying.`,
      true,
    );
  return say('sync.error', `Sync failed: ${first.message ?? String(err)}. Retrying.`, true);
}
