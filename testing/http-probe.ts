/**
 * Raw HTTP for the server's tests: any method, any target (`/%zz`, absolute forms), any headers and a
 * body, without fetch's URL normalisation or its refusal of odd headers. Always resolves, with the
 * status (0 when the connection failed) and the body as text.
 */
import { request } from 'node:http';

export interface ProbeResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  error?: string;
}

export interface ProbeOptions {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
}

export function probe(baseUrl: string, o: ProbeOptions): Promise<ProbeResult> {
  const u = new URL(baseUrl);
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: ProbeResult) => {
      if (!done) {
        done = true;
        resolve(r);
      }
    };
    const req = request(
      { host: u.hostname, port: u.port, method: o.method ?? 'GET', path: o.path, headers: o.headers ?? {} },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () =>
          finish({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }),
        );
        res.on('error', (e) =>
          finish({ status: res.statusCode ?? 0, headers: res.headers, body: '', error: e.message }),
        );
      },
    );
    req.setTimeout(o.timeoutMs ?? 10_000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => finish({ status: 0, headers: {}, body: '', error: e.message }));
    // A CONNECT or upgrade the server refuses by closing may end with neither a response nor an error.
    req.on('close', () => finish({ status: 0, headers: {}, body: '', error: 'closed without an answer' }));
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}
