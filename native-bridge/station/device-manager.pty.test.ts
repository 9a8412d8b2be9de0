/**
 * The device layer through the contract, over real pseudo-terminals: connect, link health, every
 * command with its ack or timeout, the heartbeat, stale data and the "communication lost" alarm, the
 * remembered choice across a restart, STATION_DEVICE (a path and `serial:auto`), several rigs side by
 * side, a refused impostor, and the interlock opening the relay on a critical finding.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { openPtyPair, type PtyPair } from '../../testing/serial/socat-pair.js';
import { describeWithSocat } from '../../testing/serial/pty-suite.js';
import { TestRig, type TestRigOptions } from '../../testing/serial/test-rig.js';
import { waitFor } from '../../testing/serial/wait-for.js';
import type { DiscoveredPort } from '../devices/serial/port-types.js';
import { callStation } from '../../testing/station-calls.js';
import { startStation, type StartOptions } from './start-station.js';
import { loadStationConfig } from './station-config.js';
import { StationCore, type StationOptions } from './station.js';
import { testCleanups } from '../../testing/test-cleanups.js';

const quiet = () => undefined;
const cleanups = testCleanups();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const tempDir = () => cleanups.tempDir('devmgr-');
async function pair(dir: string, names?: { device?: string; station?: string }): Promise<PtyPair> {
  const p = await openPtyPair(dir, names);
  cleanups.defer(() => p.close());
  return p;
}
async function rig(path: string, opts: TestRigOptions = {}): Promise<TestRig> {
  const r = await TestRig.open(path, opts);
  cleanups.defer(() => r.close());
  return r;
}
const timings: StationOptions['devices'] = {
  serialRetry: { minMs: 50, maxMs: 500, operatorMs: 300 },
  rigControl: { helloRetryMs: 300, commandTimeoutMs: 1000 },
  pushIntervalMs: 200,
};
function station(dir: string | null, extra: Partial<StationOptions> = {}): StationCore {
  const core = new StationCore({ dataDir: dir, logger: quiet, flushIntervalMs: 50, devices: timings, ...extra });
  cleanups.defer(() => core.close());
  return core;
}
async function start(env: NodeJS.ProcessEnv, opts: StartOptions = {}): Promise<StationCore> {
  const core = await startStation(loadStationConfig(env), { env, logger: quiet, devices: timings, ...opts });
  cleanups.defer(() => core.close());
  return core;
}
/** The rig streams a frame every `everyMs` until stopped. */
function stream(r: TestRig, everyMs = 20): () => Promise<void> {
  let on = true;
  const done = (async () => {
    while (on && r.isOpen) {
      await r.write(r.dataLine()).catch(() => undefined);
      await sleep(everyMs);
    }
  })();
  cleanups.defer(async () => {
    on = false;
    await done;
  });
  return async () => {
    on = false;
    await done;
  };
}
const links = (core: StationCore) => core.devices.linkInfos();
const only = (core: StationCore) => links(core)[0]!;
async function call<T>(core: StationCore, method: string, params: unknown = {}): Promise<T> {
  const r = await callStation(core, method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.result as T;
}

describeWithSocat('device manager over socat ptys', () => {
  it('connects through the contract, shows link health, and acks every command', async () => {
    const dir = tempDir();
    const p = await pair(dir);
    const r = await rig(p.devicePath, { deviceId: 'RIG0001', cells: 4 });
    const core = station(dir);
    const res = await call<{ spec: string; state: string }>(core, 'connectSerialDevice', { path: p.stationPath });
    expect(res.spec).toBe(`serial:${p.stationPath}@115200`);
    await waitFor(() => only(core).state === 'streaming', 'streaming');
    stream(r);
    await waitFor(() => only(core).health.dataFrames >= 30, '30 frames');
    const [l] = await call<ReturnType<typeof links>>(core, 'getDeviceLinks');
    expect(l).toMatchObject({
      kind: 'serial',
      path: p.stationPath,
      baud: 115200,
      deviceId: 'RIG0001',
      fwVersion: 'test-rig-1.0.0',
      cellCount: 4,
      stale: false,
      remembered: true,
      usb: null,
      relayOpen: false,
    });
    expect(l!.health.bytesPerS).toBeGreaterThan(0);
    expect(l!.health.lastDataAgeMs).not.toBeNull();

    const cmd = (command: object) =>
      call<{ ok: boolean; detail: string; error: string | null; rttMs: number | null }>(core, 'sendDeviceCommand', {
        spec: res.spec,
        command,
      });
    expect(await cmd({ name: 'RATE', periodMs: 250 })).toMatchObject({ ok: true, detail: 'period_ms=250' });
    expect(await cmd({ name: 'IDENT', seconds: 5 })).toMatchObject({ ok: true, detail: 'seconds=5' });
    expect(await cmd({ name: 'RELAY', state: 'OPEN' })).toMatchObject({ ok: true, detail: 'relay=open' });
    expect(await cmd({ name: 'CONFIG' })).toMatchObject({ ok: true, detail: expect.stringContaining('cells=4') });
    const ping = await cmd({ name: 'PING' });
    expect(ping.ok).toBe(true);
    expect(typeof ping.rttMs).toBe('number');
    await waitFor(() => only(core).relayOpen === true, 'relay bit in the data');
    const bad = await callStation(core, 'sendDeviceCommand', {
      spec: res.spec,
      command: { name: 'RATE', periodMs: 5 },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-params' } });
    expect(await cmd({ name: 'RELAY', state: 'CLOSE' })).toMatchObject({ ok: true });
    // Settings → Rig interlock shows the last relay command with the device's acknowledgement.
    expect(only(core).relayCommand).toMatchObject({ state: 'CLOSE', by: 'operator', acknowledged: true, reason: null });

    r.answerCommands = false;
    expect(await cmd({ name: 'CONFIG' })).toMatchObject({ ok: false, error: 'timeout' });
    expect(
      await call(core, 'sendDeviceCommand', { spec: 'serial:/nope@115200', command: { name: 'PING' } }),
    ).toMatchObject({ ok: false, error: 'no-such-device' });
  });

  it('sends the PING heartbeat about once a second while connected', async () => {
    const dir = tempDir();
    const p = await pair(dir);
    const r = await rig(p.devicePath);
    const core = station(null);
    await core.devices.connectSerial(p.stationPath, 115200, { remember: false });
    await waitFor(() => only(core).state === 'streaming', 'streaming');
    const from = r.commands.length;
    await sleep(3500);
    const pings = r.commands.slice(from).filter((c) => c.name === 'PING').length;
    expect(pings).toBeGreaterThanOrEqual(2);
    expect(only(core).health.pingRttMs).not.toBeNull();
  });

  it('marks values stale and raises "communication lost" until data returns', async () => {
    const dir = tempDir();
    const p = await pair(dir);
    const r = await rig(p.devicePath);
    const core = station(dir, { staleAfterMs: 800 });
    await core.devices.connectSerial(p.stationPath, 115200, { remember: false });
    await waitFor(() => only(core).state === 'streaming', 'streaming');
    let stop = stream(r);
    await waitFor(() => only(core).health.dataFrames > 5, 'data');
    await stop();
    await waitFor(() => core.alarms.activeAlarms().find((a) => a.code === 'link.lost'), 'the alarm');
    const alarm = core.alarms.activeAlarms().find((a) => a.code === 'link.lost')!;
    expect(alarm).toMatchObject({ severity: 'alarm', source: 'link', deviceId: r.deviceId });
    expect(alarm.message).toMatch(/Communication lost .*no data for over 1 s .*Live values are stale/);
    await waitFor(() => only(core).stale && core.status().devices[0]!.state === 'stale', 'stale state');
    // The watchdog reopened the port once (a wedged port is the common cause of silence).
    await waitFor(() => only(core).health.opens >= 2, 'a watchdog reopen');
    stop = stream(r);
    await waitFor(() => !only(core).stale && core.alarms.activeAlarms().length === 0, 'the alarm to clear');
    await stop();
    await core.close();
    const db = new Database(join(dir, 'station.sqlite'), { readonly: true });
    const codes = db.prepare('SELECT code FROM link_events').pluck().all() as string[];
    db.close();
    expect(codes).toEqual(expect.arrayContaining(['link.connected', 'link.stale', 'link.fresh']));
  });

  it('remembers the choice and reconnects to the same device on the next start', async () => {
    const dir = tempDir();
    const p = await pair(dir);
    const r = await rig(p.devicePath, { deviceId: 'REMEMBERED1' });
    const env = { STATION_DATA_DIR: dir };
    const first = await start(env);
    expect(only(first).kind).toBe('sim');
    await call(first, 'connectSerialDevice', { path: p.stationPath, baud: 115200 });
    expect(links(first).map((l) => l.kind)).toEqual(['serial']);
    await waitFor(() => only(first).deviceId === 'REMEMBERED1', 'hello');
    const saved = () => JSON.parse(readFileSync(join(dir, 'devices.json'), 'utf8')) as { devices: object[] };
    await waitFor(() => (saved().devices[0] as { deviceId?: string }).deviceId === 'REMEMBERED1', 'the saved id');
    expect(saved().devices).toEqual([
      {
        kind: 'serial',
        path: p.stationPath,
        baud: 115200,
        serialNumber: null,
        vendorId: null,
        productId: null,
        location: null,
        deviceId: 'REMEMBERED1',
      },
    ]);
    await first.close();

    const second = await start(env);
    await waitFor(() => only(second).state === 'streaming', 'reconnected on restart');
    expect(only(second)).toMatchObject({ kind: 'serial', deviceId: 'REMEMBERED1', remembered: true });
    expect(second.status().notices.some((n) => n.code === 'devices.restored')).toBe(true);
    stream(r);
    await waitFor(() => only(second).health.dataFrames > 3, 'data after restart');

    await call(second, 'useSimulator');
    expect(links(second).map((l) => l.kind)).toEqual(['sim']);
    expect(saved()).toEqual({ version: 1, devices: [{ kind: 'sim', spec: 'sim' }] });
    expect(await call(second, 'disconnectDevice', { spec: 'sim' })).toEqual({ ok: true });
    expect(links(second)).toEqual([]);
    expect(saved()).toEqual({ version: 1, devices: [] });
    await second.close();

    // STATION_DEVICE wins for one run and does not overwrite the remembered choice.
    const third = await start({ ...env, STATION_DEVICE: `serial:${p.stationPath}@115200` });
    await waitFor(() => only(third).state === 'streaming', 'STATION_DEVICE path');
    expect(only(third).remembered).toBe(false);
    expect(saved()).toEqual({ version: 1, devices: [] });
  });

  it('serial:auto picks the first recognised rig', async () => {
    const dir = tempDir();
    const p = await pair(dir);
    await rig(p.devicePath, { deviceId: 'AUTO1' });
    const fakePort = (path: string, vendorId: string | null): DiscoveredPort => ({
      path,
      byIdPath: null,
      manufacturer: null,
      product: null,
      serialNumber: vendorId ? 'SN-AUTO' : null,
      vendorId,
      productId: vendorId ? 'ea60' : null,
      interfaceNumber: null,
      driver: null,
      location: null,
    });
    // Discovery cannot see ptys: present this one as a CP2102 behind a GPS that is not a rig.
    const lookupPorts = async () => [fakePort('/dev/ttyACM9', '1546'), fakePort(p.stationPath, '10c4')];
    const core = await start(
      { STATION_DATA_DIR: dir, STATION_DEVICE: 'serial:auto' },
      { devices: { ...timings, lookupPorts } },
    );
    await waitFor(() => only(core).state === 'streaming', 'auto connected');
    expect(only(core)).toMatchObject({ spec: 'serial:auto@115200', path: p.stationPath, deviceId: 'AUTO1' });
    expect(only(core).label).toContain('CP2102');
  });

  it('runs several rigs side by side, each with its own cells', async () => {
    const dir = tempDir();
    const a = await pair(dir, { device: 'dev-a', station: 'st-a' });
    const b = await pair(dir, { device: 'dev-b', station: 'st-b' });
    const ra = await rig(a.devicePath, { deviceId: 'RIGA', cells: 2 });
    const rb = await rig(b.devicePath, { deviceId: 'RIGB', cells: 3 });
    const core = station(dir);
    await call(core, 'connectSerialDevice', { path: a.stationPath });
    await call(core, 'connectSerialDevice', { path: b.stationPath, baud: 230400 });
    await waitFor(() => links(core).every((l) => l.state === 'streaming') && links(core).length === 2, 'both');
    stream(ra);
    stream(rb);
    await waitFor(() => links(core).every((l) => l.health.dataFrames >= 10), 'data from both');
    expect(links(core).map((l) => [l.deviceId, l.cellCount, l.baud])).toEqual([
      ['RIGA', 2, 115200],
      ['RIGB', 3, 230400],
    ]);
    const latest = await call<{ deviceId: string; cell: number }[]>(core, 'getLatestReadings', { limit: 200 });
    expect(new Set(latest.map((x) => `${x.deviceId}#${x.cell}`))).toEqual(
      new Set(['RIGA#1', 'RIGA#2', 'RIGB#1', 'RIGB#2', 'RIGB#3']),
    );
    const ports = await call<{ ports: unknown[]; method: string }>(core, 'listSerialPorts');
    expect(['udevadm', 'sysfs', 'os']).toContain(ports.method);
  });

  it('refuses a different device than the one remembered, and says which', async () => {
    const dir = tempDir();
    const p = await pair(dir);
    await rig(p.devicePath, { deviceId: 'IMPOSTOR' });
    const core = station(dir);
    await core.devices.connectSerial(p.stationPath, 115200, {
      remember: true,
      persist: false,
      remembered: {
        kind: 'serial',
        path: p.stationPath,
        baud: 115200,
        serialNumber: null,
        vendorId: null,
        productId: null,
        location: null,
        deviceId: 'EXPECTED',
      },
    });
    await waitFor(() => /expected device EXPECTED but IMPOSTOR answered/.test(only(core).lastError ?? ''), 'refusal');
    expect(only(core).health.dataFrames).toBe(0);
    expect(only(core).state).not.toBe('streaming');
  });

  it('opens the relay when the safety rules find a critical condition (the interlock)', async () => {
    const dir = tempDir();
    const p = await pair(dir);
    const r = await rig(p.devicePath, { deviceId: 'HOTRIG' });
    const core = station(dir);
    await core.devices.connectSerial(p.stationPath, 115200, { remember: false });
    await waitFor(() => only(core).state === 'streaming', 'streaming');
    r.hotCellTempCc = 9000;
    stream(r);
    await waitFor(() => r.commands.find((c) => c.name === 'RELAY' && c.arg === 'OPEN'), 'RELAY OPEN');
    await waitFor(() => r.relayOpen && only(core).relayOpen === true, 'the relay bit');
    expect(only(core).relayCommand).toMatchObject({ state: 'OPEN', by: 'interlock', acknowledged: true });
    expect(only(core).relayCommand?.reason).toMatch(/HOTRIG/);
  });
});
