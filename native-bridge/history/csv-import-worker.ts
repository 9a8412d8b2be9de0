/**
 * The CSV import's thread: text arrives in chunks from the station (or is read from a file here),
 * csv-parse splits it and the frame parser builds frames, which go back to the station packed in a
 * transferred buffer — the parsing, the costly part, never runs on the station's thread. Flow control
 * both ways: chunks are asked for one at a time (`more`), and a new batch of frames is sent only once
 * the station has stored the one before (`stored`), so neither side holds more than a few batches.
 *
 * Messages in: `chunk`, `end`, `cancel`, `stored`. Out: `more`, `frames`, `done`, `failed`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ReplayFrame } from '../devices/replay-source.js';
import { CsvFrameParser, CsvImportError, fileChunks, readCsvFrames } from './csv-import.js';
import { packFrames } from './frame-batch.js';
import type { FromImportWorker, ImportWorkerData, ToImportWorker } from './import-messages.js';

const data = workerData as ImportWorkerData;
const port = parentPort!;
const post = (m: FromImportWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

/** Batches sent and not yet stored by the station. */
const MAX_IN_FLIGHT = 2;

const queue: string[] = [];
let ended = false;
let cancelled = false;
let inFlight = 0;
/** Both the chunk reader and the batch sender may be waiting (csv-parse reads ahead): wake them all. */
const waiters = new Set<() => void>();

class Cancelled extends Error {}

port.on('message', (m: ToImportWorker) => {
  if (m.type === 'chunk') queue.push(m.text);
  else if (m.type === 'end') ended = true;
  else if (m.type === 'cancel') cancelled = true;
  else if (m.type === 'stored') inFlight--;
  for (const w of [...waiters]) w();
});

const waitForMessage = () =>
  new Promise<void>((r) => {
    const w = () => {
      waiters.delete(w);
      r();
    };
    waiters.add(w);
  });

const parser = new CsvFrameParser(data.anchorMs);

async function* messageChunks(): AsyncGenerator<string> {
  for (;;) {
    if (cancelled) throw new Cancelled();
    const next = queue.shift();
    if (next !== undefined) {
      yield next;
      continue;
    }
    if (ended) return;
    post({ type: 'more', rows: parser.rows, frames: parser.frames });
    await waitForMessage();
  }
}

async function* fileWithCancel(path: string): AsyncGenerator<string> {
  for await (const chunk of fileChunks(path)) {
    if (cancelled) throw new Cancelled();
    yield chunk;
  }
}

async function send(frames: ReplayFrame[]): Promise<void> {
  while (inFlight >= MAX_IN_FLIGHT && !cancelled) await waitForMessage();
  if (cancelled) throw new Cancelled();
  const packed = packFrames(frames);
  inFlight++;
  post({ type: 'frames', packed, deviceId: parser.deviceId, meta: parser.meta }, [packed.buffer as ArrayBuffer]);
}

async function run(): Promise<void> {
  try {
    const input = data.filePath ? fileWithCancel(data.filePath) : messageChunks();
    await readCsvFrames(input, parser, send);
    // The station answers the last batches before it hears that the file is done.
    while (inFlight > 0 && !cancelled) await waitForMessage();
    if (cancelled) throw new Cancelled();
    post({
      type: 'done',
      format: parser.format!,
      rows: parser.rows,
      frames: parser.frames,
      skipped: parser.skipped,
      warnings: [...parser.warnings],
    });
  } catch (e) {
    const message =
      e instanceof Cancelled
        ? 'The import was cancelled.'
        : e instanceof CsvImportError
          ? e.message
          : data.filePath
            ? `Cannot import ${data.filePath}: ${(e as Error).message}`
            : `The import failed: ${(e as Error).message}`;
    post({ type: 'failed', cancelled: e instanceof Cancelled, message });
  } finally {
    // Nothing more will come: let the thread end once the last message is on its way.
    port.unref();
  }
}

void run();
