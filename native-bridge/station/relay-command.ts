/**
 * The record of the last relay command a device was sent — by the interlock or by the operator — and
 * whether the device acknowledged it, kept on the device's entry for Settings → Rig interlock. An
 * operator must see not only that the station asked for the relay to open but that the rig said so.
 */
import type { CommandResult, RelayCommandInfo } from '../contract/device-methods.js';
import type { DeviceEntry } from './device-entry.js';

export async function recordRelayCommand(
  e: DeviceEntry,
  cmd: Pick<RelayCommandInfo, 'state' | 'by' | 'reason'>,
  send: () => Promise<CommandResult> | CommandResult,
  now: () => number = Date.now,
): Promise<CommandResult> {
  const sent: RelayCommandInfo = {
    ...cmd,
    atMs: now(),
    acknowledged: null,
    detail: 'waiting for the device',
    rttMs: null,
  };
  e.relayCommand = sent;
  const r = await send();
  // A later command may have replaced this one while it waited: the newest stays on show.
  if (e.relayCommand === sent) e.relayCommand = { ...sent, acknowledged: r.ok, detail: r.detail, rttMs: r.rttMs };
  return r;
}
