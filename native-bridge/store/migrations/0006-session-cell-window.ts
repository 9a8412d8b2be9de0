import type { Migration } from './migration.js';

/**
 * A session's own voltage window (V_min, V_max). NULL means the chemistry's (features/cell-chemistry.ts):
 * a rig often tests a cell whose datasheet window is not its family's (an NMC cell charged to 4.35 V,
 * an LFP cell cut off at 2.0 V), and the safety rules and the SOC estimate must judge it by its own.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'session-cell-window',
  up: `
    ALTER TABLE sessions ADD COLUMN v_min_v REAL;
    ALTER TABLE sessions ADD COLUMN v_max_v REAL;
  `,
};
