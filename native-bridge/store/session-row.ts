/** A `sessions` row as SQLite returns it (migration 0002): what history and the sync both read. */
import type { Session } from '../contract/index.js';

export interface SessionRow {
  id: number;
  kind: Session['kind'];
  device_id: string;
  source_spec: string;
  started_by: string;
  rig: string;
  chemistry: string;
  capacity_ah: number | null;
  /** Migration 0006: the session's own window; null = the chemistry's. */
  v_min_v: number | null;
  v_max_v: number | null;
  notes: string;
  started_ms: number;
  ended_ms: number | null;
  first_data_ms: number | null;
  last_data_ms: number | null;
  cell_count: number | null;
  period_ms: number | null;
  fw_version: string | null;
  model_version: string;
  replay_of: number | null;
  replay_speed: number | null;
  created_ms: number;
  frame_count: number;
  reading_count: number;
  alarm_count?: number;
}
