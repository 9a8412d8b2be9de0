import { migration0001 } from './0001-initial.js';
import { migration0002 } from './0002-sessions-frames-rollups.js';
import { migration0003 } from './0003-alarm-lifecycle.js';
import { migration0004 } from './0004-sync-outbox.js';
import { migration0005 } from './0005-alarm-returns.js';
import { migration0006 } from './0006-session-cell-window.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/** Every migration, oldest first. Append only: a shipped migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
];
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
