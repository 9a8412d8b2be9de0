/**
 * The commands a streaming rig (real or simulated) takes from its row: identify, ping, read config,
 * set the sample period, open the relay at once, and close it only after a confirmation, because
 * closing re-energises the charger or heater.
 */
import { useState } from 'react';
import type { DeviceCommand, DeviceLinkInfo } from '../../../native-bridge/contract/device-methods.js';
import { errorText } from '../format/error-text.js';
import { useStationView } from '../station/StationContext.js';
import { ActionNoteLine } from './ActionNoteLine.js';
import { commandNote } from './action-note.js';
import { deviceTitle } from './device-format.js';
import { useDeviceAction } from './useDeviceAction.js';

/** The firmware's accepted sample periods (deviceCommandSchema's RATE). */
const PERIOD_MIN_MS = 10;
const PERIOD_MAX_MS = 60000;

export function DeviceCommands({ l }: { l: DeviceLinkInfo }) {
  const { station } = useStationView();
  const [rate, setRate] = useState(String(l.periodMs ?? 1000));
  const { busy, note, run } = useDeviceAction();
  const send = (what: string, command: DeviceCommand) =>
    void run(() =>
      station.sendDeviceCommand({ spec: l.spec, command }).then(
        (r) => commandNote(what, r),
        (e: unknown) => commandNote(what, { ok: false, detail: errorText(e), error: 'failed', rttMs: null }),
      ),
    );
  const periodMs = Number(rate);
  const rateOk = Number.isInteger(periodMs) && periodMs >= PERIOD_MIN_MS && periodMs <= PERIOD_MAX_MS;
  return (
    <div className="device-commands" data-testid="device-commands">
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => send('Identify', { name: 'IDENT', seconds: 10 })}
      >
        Identify (blink 10 s)
      </button>
      <button type="button" className="button" disabled={busy} onClick={() => send('Ping', { name: 'PING' })}>
        Ping
      </button>
      <button type="button" className="button" disabled={busy} onClick={() => send('Config', { name: 'CONFIG' })}>
        Read config
      </button>
      <span className="device-commands__rate">
        <input
          className="text-input text-input--short"
          value={rate}
          onChange={(e) => setRate(e.target.value)}
          aria-label="Sample period in milliseconds"
          inputMode="numeric"
        />
        <button
          type="button"
          className="button"
          disabled={busy || !rateOk}
          onClick={() => send(`Rate ${periodMs} ms`, { name: 'RATE', periodMs })}
          title={`Sample period, ${PERIOD_MIN_MS}–${PERIOD_MAX_MS} ms`}
        >
          Set period (ms)
        </button>
      </span>
      <button
        type="button"
        className="button button--danger"
        disabled={busy}
        onClick={() => send('Relay open', { name: 'RELAY', state: 'OPEN' })}
        data-testid="relay-open"
      >
        Open relay
      </button>
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => {
          if (window.confirm(`Close the relay of ${deviceTitle(l)}? This re-energises the rig's charger/heater.`))
            send('Relay close', { name: 'RELAY', state: 'CLOSE' });
        }}
      >
        Close relay…
      </button>
      <ActionNoteLine note={note} testId="command-result" />
    </div>
  );
}
