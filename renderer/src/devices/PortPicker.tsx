/**
 * Connect a serial rig: pick a port (recognised rigs first) or type one (pseudo-terminals and unusual
 * names are never listed), choose the baud rate, and connect beside the devices already running.
 */
import { useState } from 'react';
import { BAUD_RATES, DEFAULT_BAUD_RATE, type DeviceLinkInfo } from '../../../native-bridge/contract/device-methods.js';
import { useLeavingAlarmsCheck } from '../alarms/useLeavingAlarmsCheck.js';
import { useStationView } from '../station/StationContext.js';
import { ActionNoteLine } from './ActionNoteLine.js';
import { connectNote } from './action-note.js';
import { linksReplacedBySerial } from './device-format.js';
import { PortList } from './PortList.js';
import { useDeviceAction } from './useDeviceAction.js';
import { usePortList } from './usePortList.js';

export function PortPicker({ links, onConnected }: { links: DeviceLinkInfo[] | null; onConnected(): void }) {
  const { station } = useStationView();
  const { list, listError, path, setPath, refresh } = usePortList(station);
  const [baud, setBaud] = useState<number>(DEFAULT_BAUD_RATE);
  const { busy, note, run } = useDeviceAction();
  const leavingOk = useLeavingAlarmsCheck();

  const connect = () => {
    const p = path.trim();
    if (!p) return;
    if (!leavingOk(linksReplacedBySerial(links, p), `Connect ${p}`)) return;
    void run(async () => {
      const r = await station.connectSerialDevice({ path: p, baud });
      onConnected();
      refresh();
      return connectNote(p, baud, r);
    });
  };

  return (
    <section className="panel devices-connect" aria-labelledby="connect-title">
      <header className="panel__header">
        <h2 id="connect-title">Connect a serial rig</h2>
        <button type="button" className="button" onClick={refresh} data-testid="refresh-ports">
          Refresh ports
        </button>
      </header>
      <div className="devices-connect__body">
        {listError ? <p className="devices-note devices-note--error">Could not list ports: {listError}</p> : null}
        {list?.warnings.map((w) => (
          <p key={w} className="devices-note">
            {w}
          </p>
        ))}
        <PortList ports={list?.ports ?? null} path={path} onPick={setPath} />
        <div className="devices-connect__form">
          <label className="field">
            <span className="field__label">Port</span>
            <input
              className="text-input"
              value={path}
              onChange={(e) => setPath(e.target.value)}
              placeholder="/dev/ttyUSB0, COM3, /tmp/rig…"
              spellCheck={false}
              aria-label="Serial port path"
              data-testid="port-path"
            />
          </label>
          <label className="field">
            <span className="field__label">Baud</span>
            <select
              value={baud}
              onChange={(e) => setBaud(Number(e.target.value))}
              aria-label="Baud rate"
              data-testid="baud-select"
            >
              {BAUD_RATES.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="button button--primary"
            disabled={busy || !path.trim()}
            onClick={connect}
            data-testid="connect-device"
          >
            {busy ? 'Connecting…' : 'Connect'}
          </button>
        </div>
        <ActionNoteLine note={note} testId="connect-result" />
        <p className="devices-hint">
          Pseudo-terminals and unusual port names never appear in the list: type the path. Opening the port does not
          reset the ESP32. Several rigs can run side by side; the choice is remembered for the next start.
        </p>
      </div>
    </section>
  );
}
