import type { Db } from '../database.js';

/**
 * A numbered schema step. Applied in order, each in its own transaction, recorded in user_version.
 * `up` is the DDL; `migrate`, when present, then moves data in JavaScript (in the same transaction)
 * where SQL alone cannot, such as packing rows into the frame blob.
 */
export interface Migration {
  version: number;
  name: string;
  up: string;
  migrate?: (db: Db) => void;
}
