/** An `alarms` row as SQLite returns it (migrations 0002, 0003 and 0005): what history and the sync both read. */
import type { AlarmSeverity } from '../contract/index.js';

export interface AlarmRow {
  id: number;
  session_id: number | null;
  key: string;
  code: string;
  severity: AlarmSeverity;
  peak_severity: AlarmSeverity;
  source: string;
  device_id: string | null;
  cell: number | null;
  message: string;
  raised_ms: number;
  cleared_ms: number | null;
  acknowledged_ms: number | null;
  acknowledged_by: string | null;
  ack_comment: string | null;
  escalated_ms: number | null;
  return_count: number;
  returned_ms: number | null;
  closed_by: string | null;
  model_version: string;
}
