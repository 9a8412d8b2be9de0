/**
 * What the header's core chip says about the core's pulse (contract/core-pulse.ts). Ages are measured
 * on the core's own clock and then advanced by the time since the pulse arrived, so a renderer whose
 * clock differs from the core's still shows the right "last frame … ago".
 */
import { CORE_PULSE_INTERVAL_MS, type CorePulse } from '../../../native-bridge/contract/index.js';
import { formatAge } from '../format/units.js';

export type PulseState = 'waiting' | 'alive' | 'busy' | 'silent';

/** Three pulses missed: the core is gone or stuck (one late pulse is only a busy moment). */
export const SILENT_AFTER_MS = 3.5 * CORE_PULSE_INTERVAL_MS;
/** A loop this late at its 99th percentile makes the core visibly slow to the UI and the rig. */
export const BUSY_P99_MS = 100;

export interface PulseView {
  state: PulseState;
  label: string;
  detail: string;
}

const ms = (v: number) => (v < 10 ? v.toFixed(1) : Math.round(v).toString());

export function corePulseView(pulse: CorePulse | null, receivedAtMs: number | null, nowMs: number): PulseView {
  if (pulse === null || receivedAtMs === null)
    return { state: 'waiting', label: 'Core', detail: 'waiting for its pulse' };
  const sinceArrival = Math.max(0, nowMs - receivedAtMs);
  if (sinceArrival > SILENT_AFTER_MS)
    return { state: 'silent', label: 'Core silent', detail: `no pulse for ${formatAge(sinceArrival)}` };
  const frame =
    pulse.lastFrameAtMs === null
      ? 'no frame yet'
      : `last frame ${formatAge(pulse.atMs - pulse.lastFrameAtMs + sinceArrival)} ago`;
  const loop = `loop ${ms(pulse.eventLoopDelayMs.mean)} ms (p99 ${ms(pulse.eventLoopDelayMs.p99)} ms)`;
  const busy = pulse.eventLoopDelayMs.p99 >= BUSY_P99_MS;
  return { state: busy ? 'busy' : 'alive', label: busy ? 'Core busy' : 'Core', detail: `${frame} · ${loop}` };
}
