/**
 * Request bodies, bounded before they are read: a declared length over the limit is refused at once
 * (413) and a body that grows past it while streaming stops there, so no request can make the station
 * hold more than its limit in memory. Large bodies (a CSV import) are streamed chunk by chunk, the
 * next chunk read only once the consumer has taken the previous one.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-response.js';

export const JSON_BODY_MAX_BYTES = 1 << 20;

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, 'body-too-large', `The request body is larger than ${maxBytes} bytes.`, {
    connection: 'close',
  });
}

function checkDeclared(req: IncomingMessage, maxBytes: number): void {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) throw tooLarge(maxBytes);
}

/** Streams the body to `onChunk`, waiting for it before reading on; throws 413 past `maxBytes`. */
export async function streamBody(
  req: IncomingMessage,
  maxBytes: number,
  onChunk: (chunk: Buffer) => Promise<void> | void,
): Promise<number> {
  checkDeclared(req, maxBytes);
  let total = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    total += b.length;
    if (total > maxBytes) throw tooLarge(maxBytes);
    await onChunk(b);
  }
  return total;
}

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  await streamBody(req, maxBytes, (b) => void parts.push(b));
  return Buffer.concat(parts);
}

/** A JSON body (at most `maxBytes`); 400 when it does not parse — without quoting it. */
export async function readJsonBody(req: IncomingMessage, maxBytes = JSON_BODY_MAX_BYTES): Promise<unknown> {
  const text = (await readBody(req, maxBytes)).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'bad-json', 'The request body is not valid JSON.');
  }
}
