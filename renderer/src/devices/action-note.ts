/**
 * What a device action answers, in words: connecting a serial rig, starting a scenario, a command's
 * acknowledgement. Pure, so every answer's wording is tested without a browser.
 */
import type { CommandResult } from '../../../native-bridge/contract/device-methods.js';
import type { SourceState } from '../../../native-bridge/contract/index.js';

export interface ActionNote {
  tone: 'ok' | 'error';
  text: string;
}

const CONNECT_STATE: Partial<Record<SourceState, string>> = {
  streaming: 'streaming',
  'waiting-hello': 'port open, waiting for the device’s hello',
  starting: 'opening the port',
  disconnected: 'waiting for the port to appear',
};

/** A connect that reported an error is an error unless the device streams anyway. */
export function connectNote(path: string, baud: number, r: { state: SourceState; error: string | null }): ActionNote {
  return r.error && r.state !== 'streaming'
    ? { tone: 'error', text: r.error }
    : { tone: 'ok', text: `Connecting to ${path} @ ${baud}: ${CONNECT_STATE[r.state] ?? r.state}.` };
}

/** `Ping: OK · 12 ms`, `Rate 500 ms: OK — period_ms=500`, `Config: failed (timeout)`. */
export function commandNote(what: string, r: CommandResult): ActionNote {
  const detail = r.detail && r.detail !== '-' ? ` — ${r.detail}` : '';
  const rtt = r.rttMs !== null ? ` · ${Math.round(r.rttMs)} ms` : '';
  return { tone: r.ok ? 'ok' : 'error', text: `${what}: ${r.ok ? 'OK' : `failed (${r.error})`}${detail}${rtt}` };
}
