/** The messages between the station and its CSV import thread (csv-import-worker.ts). */
import type { CsvFormat } from './csv-import.js';

export interface ImportWorkerData {
  fileName: string;
  /** Read this file instead of waiting for chunks. */
  filePath?: string | undefined;
  /** Where "seconds since the start" times are anchored. */
  anchorMs: number;
}

export type ToImportWorker =
  | { type: 'chunk'; text: string }
  | { type: 'end' }
  | { type: 'cancel' }
  /** A batch of frames is stored: the thread may send another. */
  | { type: 'stored' };

export type FromImportWorker =
  | { type: 'more'; rows: number; frames: number }
  | {
      type: 'frames';
      /** packFrames' buffer, transferred. */
      packed: Float64Array;
      /** What the file said about its device (known by the first batch). */
      deviceId: string | null;
      meta: Record<string, unknown> | null;
    }
  | {
      type: 'done';
      format: CsvFormat;
      rows: number;
      frames: number;
      skipped: number;
      warnings: string[];
    }
  | { type: 'failed'; cancelled: boolean; message: string };
