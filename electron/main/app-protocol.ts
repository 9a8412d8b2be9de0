/**
 * The `app://station/` protocol the packaged window loads its page from, instead of file://: a page on
 * a file:// URL may read any other file:// URL, and file:// responses carry no headers, so no CSP
 * header. Each response carries the CSP; a path that leaves the renderer folder is refused.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, normalize, relative } from 'node:path';
import { APP_CSP } from './content-security-policy.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'station';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * Registered before `ready` (protocol.registerSchemesAsPrivileged). `standard` gives the page an origin
 * of its own so relative URLs and 'self' work; `secure` makes it a secure context; module scripts are
 * fetched in CORS mode even from their own origin, hence `corsEnabled`. No `bypassCSP`.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
} as const;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': APP_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

function refused(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' } });
}

/** The file under `rootDir` an app:// URL names, or null when it names none (or something outside it). */
export function appFilePath(url: string, rootDir: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const file = normalize(join(rootDir, path === '/' ? 'index.html' : path));
  const rel = relative(rootDir, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? null : file;
}

/** The protocol handler (protocol.handle's callback), over web-standard Request/Response. */
export async function appFileResponse(request: Pick<Request, 'url' | 'method'>, rootDir: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refused(405, 'Method not allowed');
  const file = appFilePath(request.url, rootDir);
  if (file === null) return refused(404, 'Not found');
  try {
    if (!(await stat(file)).isFile()) return refused(404, 'Not found');
    const body = request.method === 'HEAD' ? null : await readFile(file);
    const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
    return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': type } });
  } catch {
    return refused(404, 'Not found');
  }
}
