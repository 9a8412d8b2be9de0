/** Serves the built renderer (out/renderer) with an SPA fallback; refuses paths outside the root. */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  const base = resolve(root);
  const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  let file = normalize(join(base, urlPath));
  if (file !== base && !file.startsWith(base + sep)) {
    res.writeHead(403).end('Forbidden');
    return;
  }
  let st = safeStat(file);
  if (!st || st.isDirectory()) {
    file = join(base, 'index.html');
    st = safeStat(file);
  }
  if (!st) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`The station UI is not built (no ${join(base, 'index.html')}). Run "npm run build" first.`);
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': st.size,
    'cache-control': extname(file) === '.html' ? 'no-cache' : 'max-age=3600',
  });
  createReadStream(file).pipe(res);
}

function safeStat(p: string) {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}
