/**
 * What the header's live indicator says, from the transport state, the devices' states and how long
 * ago new readings last arrived. Unknown is never shown as live: no data yet, stale data and a lost
 * connection each have their own state.
 */
import type { DeviceStatus } from '../../../native-bridge/contract/index.js';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

/**
 * The WebSocket transport reports its state; the desktop IPC never does (it cannot drop), so there
 * a successful call is the evidence of a connection.
 */
export function connectionState(reported: boolean | null, anyCallSucceeded: boolean): ConnectionState {
  if (reported === false) return 'disconnected';
  if (reported === true) return 'connected';
  return anyCallSucceeded ? 'connected' : 'connecting';
}

export type Liveness = 'live' | 'stale' | 'waiting' | 'offline';

export interface LivenessInput {
  connection: ConnectionState;
  /** Local time when the newest reading count last advanced, or null before any reading. */
  lastAdvanceMs: number | null;
  nowMs: number;
  /** The slowest device's sample period, to scale the stale threshold; null if unknown. */
  periodMs: number | null;
}

/** Data is stale after three missed samples, and never sooner than 3 s (UI batching, jitter). */
export function staleAfterMs(periodMs: number | null): number {
  return Math.max(3000, 3 * (periodMs ?? 1000));
}

export function liveness({ connection, lastAdvanceMs, nowMs, periodMs }: LivenessInput): Liveness {
  if (connection !== 'connected') return 'offline';
  if (lastAdvanceMs === null) return 'waiting';
  return nowMs - lastAdvanceMs > staleAfterMs(periodMs) ? 'stale' : 'live';
}

export const LIVENESS_LABEL: Record<Liveness, string> = {
  live: 'Live',
  stale: 'No new data',
  waiting: 'Waiting for data',
  offline: 'Offline',
};

export function slowestPeriodMs(devices: readonly Pick<DeviceStatus, 'periodMs'>[]): number | null {
  const periods = devices.flatMap((d) => (d.periodMs === null ? [] : [d.periodMs]));
  return periods.length ? Math.max(...periods) : null;
}

const SOURCE_STATE_LABEL: Record<DeviceStatus['state'], string> = {
  starting: 'Starting',
  'waiting-hello': 'Waiting for hello',
  streaming: 'Streaming',
  stale: 'Stale',
  disconnected: 'Disconnected',
  stopped: 'Stopped',
  error: 'Error',
};

export function deviceStateLabel(state: DeviceStatus['state']): string {
  return SOURCE_STATE_LABEL[state];
}

export function deviceStateTone(state: DeviceStatus['state']): 'ok' | 'warn' | 'error' | 'idle' {
  if (state === 'streaming') return 'ok';
  if (state === 'stale' || state === 'waiting-hello' || state === 'starting') return 'warn';
  if (state === 'error' || state === 'disconnected') return 'error';
  return 'idle';
}

/** "4 cells · 5 Hz" style summary of a device, from what its hello frame said. */
export function deviceSummary(d: Pick<DeviceStatus, 'cellCount' | 'periodMs'>): string {
  const parts: string[] = [];
  if (d.cellCount !== null) parts.push(`${d.cellCount} ${d.cellCount === 1 ? 'cell' : 'cells'}`);
  if (d.periodMs !== null && d.periodMs > 0) {
    const hz = 1000 / d.periodMs;
    parts.push(hz >= 1 ? `${Number(hz.toFixed(1))} Hz` : `every ${Number((d.periodMs / 1000).toFixed(1))} s`);
  }
  return parts.join(' · ');
}
