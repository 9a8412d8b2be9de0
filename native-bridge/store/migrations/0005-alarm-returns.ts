/**
 * An alarm cleared before anyone acknowledged it and raised again goes on as the same alarm
 * (safety/alarm-book.ts): it keeps how often it came back and when it last did, so the count survives a
 * restart and reaches the log, the report and the sync. Earlier rows returned never: 0 and NULL.
 */
import type { Migration } from './migration.js';

export const migration0005: Migration = {
  version: 5,
  name: 'alarm-returns',
  up: `
    ALTER TABLE alarms ADD COLUMN return_count INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE alarms ADD COLUMN returned_ms INTEGER;
  `,
};
