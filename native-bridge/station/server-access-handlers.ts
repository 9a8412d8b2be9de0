/**
 * The Settings → Server access requests. The HTTP server that serves this core plugs its access
 * settings in (server/server-access.ts); without one the answer says nothing is served.
 */
import type { ServerAccessInfo } from '../contract/index.js';

export interface ServerAccessProvider {
  info(): ServerAccessInfo;
  rotateToken(): ServerAccessInfo;
  setAllowedOrigins(origins: string[]): ServerAccessInfo;
}

const NOT_SERVING: ServerAccessInfo = {
  serving: false,
  url: null,
  host: null,
  port: null,
  loopbackOnly: true,
  tokenRequired: false,
  token: null,
  tokenSource: null,
  tokenCreatedAtMs: null,
  allowedOrigins: [],
  ingestUrl: null,
};

class NotServingError extends Error {
  readonly code = 'server.not-serving';
}

export function serverAccessHandlers(current: () => ServerAccessProvider | null) {
  const need = () => {
    const p = current();
    if (!p) throw new NotServingError('The station API is not being served, so it has no access settings.');
    return p;
  };
  return {
    getServerAccess: () => current()?.info() ?? NOT_SERVING,
    rotateServerToken: () => need().rotateToken(),
    setAllowedOrigins: ({ origins }: { origins: string[] }) => need().setAllowedOrigins(origins),
  };
}
