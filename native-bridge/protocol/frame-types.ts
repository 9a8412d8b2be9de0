/**
 * Typed frames of protocol v1 (firmware/PROTOCOL.md). Values stay in wire units (mV, 0.01 °C, mA,
 * 0.01 %RH, 0.1 % SOC) so that encode(decode(line)) is byte-identical; the station converts to
 * engineering units in one place (readings.ts). `null` is the wire's `-` (unknown or faulted).
 */

export const PROTOCOL_VERSION = 1;
export const PROTOCOL_TAG = 'EVB1';
export const MAX_LINE_BYTES = 1024;
export const MAX_CELLS = 32;

export const STATUS_BITS = {
  RELAY_OPEN: 1 << 0,
  LATCHED: 1 << 1,
  HOST_LOST: 1 << 2,
  LIMIT_TRIP: 1 << 3,
  SENSOR_FAULT: 1 << 4,
  IDENTIFY: 1 << 5,
} as const;

export interface HelloFrame {
  kind: 'hello';
  deviceId: string;
  bootId: string;
  fwVersion: string;
  cellCount: number;
  periodMs: number;
  channels: string;
}

export interface DataFrame {
  kind: 'data';
  deviceId: string;
  bootId: string;
  seq: number;
  tDevMs: number;
  cellMv: (number | null)[];
  cellTempCc: (number | null)[];
  packMa: number | null;
  ambientCc: number | null;
  humidityCpct: number | null;
  socPermille: number | null;
  status: number;
}

export interface EventFrame {
  kind: 'event';
  deviceId: string;
  bootId: string;
  eventSeq: number;
  tDevMs: number;
  code: string;
  detail: string;
}

export interface AckFrame {
  kind: 'ack';
  deviceId: string;
  cmdId: number;
  ok: boolean;
  detail: string;
}

export const COMMAND_NAMES = ['PING', 'HELLO', 'RATE', 'IDENT', 'RELAY', 'CONFIG'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export interface CommandFrame {
  kind: 'command';
  cmdId: number;
  name: string;
  /** `null` is the wire's `-` (no argument). */
  arg: string | null;
}

export type Frame = HelloFrame | DataFrame | EventFrame | AckFrame | CommandFrame;

export const REJECT_REASONS = [
  'noise',
  'too_long',
  'bad_charset',
  'no_checksum',
  'bad_checksum_format',
  'checksum_mismatch',
  'unknown_version',
  'unknown_kind',
  'field_count',
  'bad_field',
  'out_of_range',
  'count_mismatch',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export type DecodeResult = { ok: true; frame: Frame } | { ok: false; reason: RejectReason; field?: string };
