/**
 * Settings → Devices: pick a port (recognised rigs first) or type one (pseudo-terminals and
 * unusual names are never listed), choose the baud rate, connect — beside what already runs, for
 * several rigs at once — disconnect, run one of the simulator's scenarios (speed-up, seed, cells) or
 * switch back to the default one, and send the rig (real or simulated) its commands.
 * Every action answers in words; the choice is remembered by the station for the next start.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  BAUD_RATES,
  DEFAULT_BAUD_RATE,
  type CommandResult,
  type DeviceCommand,
  type DeviceLinkInfo,
  type SerialPortInfo,
  type SimScenarioInfo,
  SIM_SPEED_MAX,
} from '../../../native-bridge/contract/device-methods.js';
import type { MethodResult } from '../../../native-bridge/contract/index.js';
import { StatusDot } from '../components/StatusDot.js';
import { useNow } from '../hooks/useNow.js';
import { useStationView } from '../station/StationContext.js';
import {
  deviceSubtitle,
  deviceTitle,
  healthFigures,
  linkStateText,
  linkTone,
  portFieldAfterListing,
  portLabel,
  simSummary,
} from './device-format.js';
import './devices.css';

type PortList = MethodResult<'listSerialPorts'>;

const CONNECT_STATE: Partial<Record<string, string>> = {
  streaming: 'streaming',
  'waiting-hello': 'port open, waiting for the device’s hello',
  starting: 'opening the port',
  disconnected: 'waiting for the port to appear',
};

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

function PortPicker({ onConnected }: { onConnected(): void }) {
  const { station } = useStationView();
  const [list, setList] = useState<PortList | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [path, setPathState] = useState('');
  // Set once the operator types or picks a port (see portFieldAfterListing).
  const chosen = useRef(false);
  const setPath = (p: string) => {
    chosen.current = true;
    setPathState(p);
  };
  const [baud, setBaud] = useState<number>(DEFAULT_BAUD_RATE);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  const refresh = useCallback(() => {
    station.listSerialPorts().then(
      (l) => {
        setListError(null);
        setList(l);
        setPathState((p) => portFieldAfterListing({ path: p, chosen: chosen.current }, l.ports));
      },
      (e: unknown) => setListError(errorText(e)),
    );
  }, [station]);
  useEffect(refresh, [refresh]);

  const connect = async () => {
    const p = path.trim();
    if (!p) return;
    setBusy(true);
    setResult(null);
    try {
      const r = await station.connectSerialDevice({ path: p, baud });
      setResult(
        r.error && r.state !== 'streaming'
          ? { tone: 'error', text: r.error }
          : { tone: 'ok', text: `Connecting to ${p} @ ${baud}: ${CONNECT_STATE[r.state] ?? r.state}.` },
      );
      onConnected();
      refresh();
    } catch (e) {
      setResult({ tone: 'error', text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  const ports: SerialPortInfo[] = list?.ports ?? [];
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
        <ul className="port-list" aria-label="Serial ports" data-testid="port-list">
          {list && ports.length === 0 ? (
            <li className="port-list__empty">No serial ports found. Plug the rig in, or type its path below.</li>
          ) : null}
          {ports.map((p) => (
            <li key={p.path}>
              <label className={`port${p.rig ? ' port--rig' : ''}${p.inUseBy ? ' port--used' : ''}`}>
                <input
                  type="radio"
                  name="port"
                  value={p.path}
                  checked={path === p.path}
                  onChange={() => setPath(p.path)}
                  disabled={p.inUseBy !== null}
                />
                <span className="port__label">{portLabel(p)}</span>
                {p.rig ? <span className="badge badge--rig">likely rig</span> : null}
                {p.inUseBy ? <span className="badge">in use</span> : null}
              </label>
            </li>
          ))}
        </ul>
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
            onClick={() => void connect()}
            data-testid="connect-device"
          >
            {busy ? 'Connecting…' : 'Connect'}
          </button>
        </div>
        {result ? (
          <p className={`devices-note devices-note--${result.tone}`} role="status" data-testid="connect-result">
            {result.text}
          </p>
        ) : null}
        <p className="devices-hint">
          Pseudo-terminals and unusual port names never appear in the list: type the path. Opening the port does not
          reset the ESP32. Several rigs can run side by side; the choice is remembered for the next start.
        </p>
      </div>
    </section>
  );
}

const EVENT_TEXT: Record<SimScenarioInfo['thermalEvent'], string> = {
  none: 'no thermal event',
  possible: 'runaway in some seeds',
  expected: 'runaway expected',
};

const durationText = (s: number) => (s >= 3600 ? `${+(s / 3600).toFixed(1)} h` : `${Math.round(s / 60)} min`);

/** A whole number the operator typed, or null when the field is blank or not a whole number in range. */
function intField(text: string, lo: number, hi: number): number | null | 'bad' {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isInteger(n) && n >= lo && n <= hi ? n : 'bad';
}

function SimulatorPicker({ links, onChanged }: { links: DeviceLinkInfo[] | null; onChanged(): void }) {
  const { station } = useStationView();
  const [scenarios, setScenarios] = useState<SimScenarioInfo[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const running = links?.find((l) => l.sim)?.sim ?? null;
  // Untouched fields show what runs now; once typed in, they belong to the operator.
  const [nameTyped, setName] = useState<string | null>(null);
  const [speedTyped, setSpeed] = useState<string | null>(null);
  const [seedTyped, setSeed] = useState<string | null>(null);
  const [cells, setCells] = useState('');
  const name = nameTyped ?? running?.scenario ?? null;
  const speed = speedTyped ?? String(running?.speed ?? 1);
  const seed = seedTyped ?? String(running?.seed ?? 1);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  useEffect(() => {
    station.listSimScenarios().then(
      (list) => setScenarios(list),
      (e: unknown) => setListError(errorText(e)),
    );
  }, [station]);
  const chosen = scenarios?.find((s) => s.name === (name ?? 'normal-cycling')) ?? null;
  const speedN = Number(speed);
  const speedOk = speed.trim() !== '' && Number.isFinite(speedN) && speedN > 0 && speedN <= SIM_SPEED_MAX;
  const seedN = intField(seed, -2147483648, 4294967295);
  const cellsN = intField(cells, 1, 32);
  const formOk = chosen !== null && speedOk && seedN !== 'bad' && cellsN !== 'bad';
  const serialCount = (links ?? []).filter((l) => l.kind === 'serial').length;

  const run = async () => {
    if (!formOk || !chosen) return;
    if (serialCount > 0 && !window.confirm(`Disconnect every serial rig and run the "${chosen.title}" scenario?`))
      return;
    setBusy(true);
    setResult(null);
    try {
      const r = await station.connectSim({
        scenario: chosen.name,
        speed: speedN,
        ...(typeof seedN === 'number' ? { seed: seedN } : {}),
        ...(typeof cellsN === 'number' ? { cells: cellsN } : {}),
      });
      setResult({ tone: 'ok', text: `Running ${chosen.title} (${r.spec}).` });
      onChanged();
    } catch (e) {
      setResult({ tone: 'error', text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel sim-picker" aria-labelledby="sim-title" data-testid="sim-picker">
      <header className="panel__header">
        <h2 id="sim-title">Simulated rig</h2>
      </header>
      <div className="devices-connect__body">
        {listError ? <p className="devices-note devices-note--error">Could not list scenarios: {listError}</p> : null}
        <ul className="sim-scenarios" aria-label="Scenarios" data-testid="sim-scenarios">
          {scenarios === null && !listError ? <li className="port-list__empty">Asking the station…</li> : null}
          {scenarios?.map((s) => (
            <li key={s.name}>
              <label className={`sim-scenario${chosen?.name === s.name ? ' sim-scenario--chosen' : ''}`}>
                <input
                  type="radio"
                  name="sim-scenario"
                  value={s.name}
                  checked={chosen?.name === s.name}
                  onChange={() => setName(s.name)}
                  data-testid={`scenario-${s.name}`}
                />
                <span className="sim-scenario__title">{s.title}</span>
                <code className="sim-scenario__name">{s.name}</code>
                <span className={`badge${s.thermalEvent === 'none' ? '' : ' badge--warn'}`}>
                  {EVENT_TEXT[s.thermalEvent]}
                </span>
                {running?.scenario === s.name ? <span className="badge badge--rig">running</span> : null}
              </label>
            </li>
          ))}
        </ul>
        {chosen ? (
          <p className="sim-scenario__about" data-testid="scenario-description">
            {chosen.description}{' '}
            <span className="devices-hint">
              {chosen.defaultCellCount} {chosen.defaultCellCount === 1 ? 'cell' : 'cells'}, {chosen.defaultChemistry},{' '}
              {chosen.tempProbe === 'ntc' ? 'NTC probes' : 'thermocouples'}; the whole story takes about{' '}
              {durationText(chosen.suggestedDurationS)} of simulated time.
            </span>
          </p>
        ) : null}
        <div className="devices-connect__form">
          <label className="field">
            <span className="field__label">Speed-up (×)</span>
            <input
              className={`text-input text-input--short${speedOk ? '' : ' text-input--bad'}`}
              value={speed}
              onChange={(e) => setSpeed(e.target.value)}
              inputMode="decimal"
              aria-label="Speed-up, simulated seconds per second"
              title={`Simulated seconds per second, above 0 and up to ${SIM_SPEED_MAX}`}
              data-testid="sim-speed"
            />
          </label>
          <label className="field">
            <span className="field__label">Seed</span>
            <input
              className={`text-input text-input--short${seedN === 'bad' ? ' text-input--bad' : ''}`}
              value={seed}
              onChange={(e) => setSeed(e.target.value)}
              inputMode="numeric"
              aria-label="Seed"
              title="The same seed replays the same run; another draws other parameters"
              data-testid="sim-seed"
            />
          </label>
          <label className="field">
            <span className="field__label">Cells</span>
            <input
              className={`text-input text-input--short${cellsN === 'bad' ? ' text-input--bad' : ''}`}
              value={cells}
              onChange={(e) => setCells(e.target.value)}
              inputMode="numeric"
              placeholder={chosen ? String(chosen.defaultCellCount) : ''}
              aria-label="Cells (blank: the scenario's own)"
              title="1–32; leave blank for the scenario's own module"
              data-testid="sim-cells"
            />
          </label>
          <button
            type="button"
            className="button button--primary"
            disabled={busy || !formOk}
            onClick={() => void run()}
            data-testid="run-scenario"
          >
            {busy ? 'Starting…' : 'Run scenario'}
          </button>
        </div>
        {result ? (
          <p className={`devices-note devices-note--${result.tone}`} role="status" data-testid="sim-result">
            {result.text}
          </p>
        ) : null}
        <p className="devices-hint">
          Runs the physics model of the cells as the station&apos;s device, through the same protocol, store and safety
          rules as a real rig. A speed-up of 60 runs an hour in a minute. The choice is remembered for the next start.
        </p>
      </div>
    </section>
  );
}

function CommandBar({ l }: { l: DeviceLinkInfo }) {
  const { station } = useStationView();
  const [rate, setRate] = useState(String(l.periodMs ?? 1000));
  const [last, setLast] = useState<{ what: string; r: CommandResult } | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (what: string, command: DeviceCommand) => {
    setBusy(true);
    try {
      setLast({ what, r: await station.sendDeviceCommand({ spec: l.spec, command }) });
    } catch (e) {
      setLast({ what, r: { ok: false, detail: errorText(e), error: 'failed', rttMs: null } });
    } finally {
      setBusy(false);
    }
  };
  const periodMs = Number(rate);
  const rateOk = Number.isInteger(periodMs) && periodMs >= 10 && periodMs <= 60000;
  return (
    <div className="device-commands" data-testid="device-commands">
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => void send('Identify', { name: 'IDENT', seconds: 10 })}
      >
        Identify (blink 10 s)
      </button>
      <button type="button" className="button" disabled={busy} onClick={() => void send('Ping', { name: 'PING' })}>
        Ping
      </button>
      <button type="button" className="button" disabled={busy} onClick={() => void send('Config', { name: 'CONFIG' })}>
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
          onClick={() => void send(`Rate ${periodMs} ms`, { name: 'RATE', periodMs })}
          title="Sample period, 10–60000 ms"
        >
          Set period (ms)
        </button>
      </span>
      <button
        type="button"
        className="button button--danger"
        disabled={busy}
        onClick={() => void send('Relay open', { name: 'RELAY', state: 'OPEN' })}
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
            void send('Relay close', { name: 'RELAY', state: 'CLOSE' });
        }}
      >
        Close relay…
      </button>
      {last ? (
        <p
          className={`devices-note devices-note--${last.r.ok ? 'ok' : 'error'}`}
          role="status"
          data-testid="command-result"
        >
          {last.what}: {last.r.ok ? 'OK' : `failed (${last.r.error})`}
          {last.r.detail && last.r.detail !== '-' ? ` — ${last.r.detail}` : ''}
          {last.r.rttMs !== null ? ` · ${Math.round(last.r.rttMs)} ms` : ''}
        </p>
      ) : null}
    </div>
  );
}

function DeviceRow({ l, receivedAtMs, onChanged }: { l: DeviceLinkInfo; receivedAtMs: number; onChanged(): void }) {
  const { station } = useStationView();
  const now = useNow(1000);
  const [error, setError] = useState<string | null>(null);
  const disconnect = async () => {
    try {
      await station.disconnectDevice({ spec: l.spec });
      onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <li className="device-row" data-testid="device-row" data-spec={l.spec}>
      <div className="device-row__head">
        <StatusDot tone={linkTone(l)} />
        <strong>{deviceTitle(l)}</strong>
        <span className="device-row__state">{linkStateText(l)}</span>
        <span className="device-row__sub">{deviceSubtitle(l)}</span>
        {l.sim ? (
          <span className="device-row__sub" data-testid="device-row-scenario">
            {simSummary(l)}
          </span>
        ) : null}
        {l.remembered ? (
          <span className="badge" title="Reconnected when the station starts">
            remembered
          </span>
        ) : null}
        <button
          type="button"
          className="button device-row__disconnect"
          onClick={() => void disconnect()}
          data-testid="disconnect-device"
        >
          Disconnect
        </button>
      </div>
      {l.diagnosis || (l.lastError && l.state !== 'streaming') ? (
        <p className="devices-note devices-note--error">{l.diagnosis ?? l.lastError}</p>
      ) : null}
      {error ? <p className="devices-note devices-note--error">{error}</p> : null}
      <dl className="device-card__figures device-card__figures--wide">
        {healthFigures(l, now, receivedAtMs).map((f) => (
          <div key={f.key} className={f.tone ? `fig fig--${f.tone}` : 'fig'} title={f.title || undefined}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
        <div className="fig">
          <dt>Noise lines</dt>
          <dd>{l.health.noiseLines}</dd>
        </div>
        <div className="fig">
          <dt>Commands</dt>
          <dd>
            {l.health.commandsSent} sent · {l.health.commandTimeouts} timed out
          </dd>
        </div>
        {l.usb ? (
          <div className="fig fig--wide">
            <dt>USB</dt>
            <dd>
              {[l.usb.manufacturer, l.usb.product, l.usb.serialNumber && `SN ${l.usb.serialNumber}`, l.usb.byIdPath]
                .filter(Boolean)
                .join(' · ')}
            </dd>
          </div>
        ) : null}
      </dl>
      {(l.kind === 'serial' || l.kind === 'sim') && l.state === 'streaming' ? <CommandBar l={l} /> : null}
    </li>
  );
}

export function DevicesPanel({
  links,
  receivedAtMs,
  onChanged,
}: {
  links: DeviceLinkInfo[] | null;
  receivedAtMs: number;
  onChanged(): void;
}) {
  const { station } = useStationView();
  const [error, setError] = useState<string | null>(null);
  const serialCount = (links ?? []).filter((l) => l.kind === 'serial').length;
  const toSimulator = async () => {
    if (serialCount > 0 && !window.confirm('Disconnect every serial rig and run the built-in simulator instead?'))
      return;
    try {
      await station.useSimulator();
      onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div className="devices-panel" data-testid="devices-panel">
      <PortPicker onConnected={onChanged} />
      <SimulatorPicker links={links} onChanged={onChanged} />
      <section className="panel" aria-labelledby="devices-title">
        <header className="panel__header">
          <h2 id="devices-title">Connected devices</h2>
          <button type="button" className="button" onClick={() => void toSimulator()} data-testid="use-simulator">
            Switch to the simulator
          </button>
        </header>
        {error ? <p className="devices-note devices-note--error">{error}</p> : null}
        <ul className="device-rows">
          {links === null ? <li className="port-list__empty">Asking the station…</li> : null}
          {links?.length === 0 ? (
            <li className="port-list__empty">
              No device is connected. Connect a rig above, or switch to the simulator.
            </li>
          ) : null}
          {links?.map((l) => (
            <DeviceRow key={l.spec} l={l} receivedAtMs={receivedAtMs} onChanged={onChanged} />
          ))}
        </ul>
      </section>
    </div>
  );
}
