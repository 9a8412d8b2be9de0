/**
 * What Settings → Rig interlock says about each device's relay: its state as the rig reports it in
 * every data frame (open or closed, never left blank), and the last relay command with the device's
 * acknowledgement — or its absence, which is what the operator most needs to see.
 */
import type { DeviceLinkInfo } from '../../../native-bridge/contract/device-methods.js';
import type { Tone } from '../components/StatusDot.js';
import { formatClockTime } from '../format/units.js';

export function relayStateText(l: Pick<DeviceLinkInfo, 'relayOpen' | 'state'>): { text: string; tone: Tone } {
  if (l.relayOpen === null) return { text: 'Relay state not reported yet (no data frame)', tone: 'idle' };
  const stale = l.state !== 'streaming' ? ' (last reported; the device is not streaming)' : '';
  return l.relayOpen
    ? { text: `Relay OPEN — the rig's charger/heater is disconnected${stale}`, tone: 'warn' }
    : { text: `Relay closed — the rig is powered${stale}`, tone: 'ok' };
}

export function relayCommandText(l: Pick<DeviceLinkInfo, 'relayCommand' | 'relayOpen' | 'kind'>): {
  text: string;
  tone: Tone;
} {
  const c = l.relayCommand;
  if (!c)
    return l.kind === 'replay'
      ? { text: 'A replay takes no commands.', tone: 'idle' }
      : { text: 'No relay command sent since the station started.', tone: 'idle' };
  const who = c.by === 'interlock' ? 'the interlock' : 'the operator';
  const sent = `RELAY ${c.state} sent by ${who} at ${formatClockTime(c.atMs, false)}`;
  const why = c.reason ? ` (${c.reason})` : '';
  if (c.acknowledged === null) return { text: `${sent}${why} — waiting for the device's answer…`, tone: 'warn' };
  if (!c.acknowledged)
    return {
      text: `${sent}${why} — NOT acknowledged by the device: ${c.detail}. The firmware opens the relay on its own limits and when it loses the station's heartbeat; check the rig.`,
      tone: 'error',
    };
  const rtt = c.rttMs === null ? '' : `, ${Math.round(c.rttMs)} ms`;
  const agrees = l.relayOpen === null || l.relayOpen === (c.state === 'OPEN');
  return {
    text: `${sent}${why} — acknowledged by the device (${c.detail}${rtt})${agrees ? '' : ', but its data frames report the relay the other way'}.`,
    tone: agrees ? 'ok' : 'error',
  };
}
