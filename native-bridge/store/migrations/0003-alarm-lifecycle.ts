/**
 * The alarm lifecycle's acknowledgement and escalation, kept with each alarm so they survive a restart:
 * who acknowledged and when, with an optional comment, and when the severity last rose. `alarm_changes`
 * now holds transitions only (raised, escalated, acknowledged, cleared, closed-by-restart); the
 * `updated` rows earlier stations wrote for every new message are left where they are and skipped by
 * the report, because a migration should not delete a user's data.
 */
import type { Migration } from './migration.js';

export const migration0003: Migration = {
  version: 3,
  name: 'alarm-lifecycle',
  up: `
    ALTER TABLE alarms ADD COLUMN escalated_ms INTEGER;
    ALTER TABLE alarms ADD COLUMN acknowledged_by TEXT;
    ALTER TABLE alarms ADD COLUMN ack_comment TEXT;
    CREATE INDEX alarms_standing ON alarms(cleared_ms, acknowledged_ms);
  `,
};
