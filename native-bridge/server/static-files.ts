/**
 * Serves the built renderer (out/renderer) through `send`, the static file streamer Express uses:
 * percent-decoding that answers 400 instead of throwing, refusal of `..` and dotfiles, ETag and
 * Last-Modified with conditional GET, HEAD and byte ranges. Paths that name no file are the single
 * page app's own routes and get index.html.
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve } from 'node:path';
import send from 'send';
import { sendError } from './http-response.js';

export function createStaticFiles(root: string) {
  const base = resolve(root);
  const index = join(base, 'index.html');

  const serveIndex = (req: IncomingMessage, res: ServerResponse) => {
    if (!existsSync(index)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`The station UI is not built (no ${index}). Run "npm run build" first.`);
      return;
    }
    pipe(req, res, '/index.html', () => sendError(res, 500, 'static.failed', 'The station UI could not be read.'));
  };

  const pipe = (req: IncomingMessage, res: ServerResponse, pathname: string, onMissing: () => void) => {
    send(req, pathname, { root: base, index: false, dotfiles: 'ignore', etag: true, lastModified: true })
      .on('headers', (r: ServerResponse, path: string) => {
        // The page must be re-checked so a new build is picked up; its hashed assets may be cached.
        r.setHeader('cache-control', extname(path) === '.html' ? 'no-cache' : 'public, max-age=3600');
        r.setHeader('x-content-type-options', 'nosniff');
      })
      .on('directory', onMissing)
      .on('error', (err: { status?: number }) => {
        const status = err.status ?? 500;
        if (status === 404) onMissing();
        else if (status === 400) sendError(res, 400, 'bad-target', 'The request path could not be decoded.');
        else if (status === 403) sendError(res, 403, 'forbidden', 'That path is outside the station UI.');
        else if (status === 416 || status === 412)
          sendError(res, status, 'bad-range', 'The requested range or precondition cannot be met.');
        else sendError(res, 500, 'static.failed', 'The file could not be read.');
      })
      .pipe(res);
  };

  return (req: IncomingMessage, res: ServerResponse, pathname: string): void => {
    // A path with an extension names a file: a missing one is a 404, not the page (a stale asset URL).
    pipe(req, res, pathname, () =>
      extname(pathname) === '' || extname(pathname) === '.html'
        ? serveIndex(req, res)
        : sendError(res, 404, 'not-found', 'No such file.'),
    );
  };
}
