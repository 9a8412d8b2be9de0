/**
 * The physics simulator as the station's device, the way `serve` and the desktop app start it
 * (STATION_DEVICE=sim:<scenario> → config → create-source → protocol v1 lines → decoder → store and
 * safety): every scenario streams into a temporary SQLite file, the relay answers the station, and an
 * oven run at a high speed-up reaches the safety layer's GB 38031 runaway alarm, which opens the
 * simulated relay through the interlock.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { DeviceLinkInfo } from '../contract/device-methods.js';
import { callStation } from '../../testing/station-calls.js';
import { startStation } from './start-station.js';
import { loadStationConfig } from './station-config.js';
import type { StationCore } from './station.js';
import { SCENARIOS } from '../sim/index.js';
import { testCleanups } from '../../testing/test-cleanups.js';

const quiet = () => undefined;
const cleanups = testCleanups();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const tempDir = () => cleanups.tempDir('sim-station-');

async function start(env: NodeJS.ProcessEnv): Promise<StationCore> {
  const core = await startStation(loadStationConfig(env), { env, logger: quiet });
  cleanups.defer(() => core.close());
  return core;
}

const link = (core: StationCore): DeviceLinkInfo => {
  const links = core.devices.linkInfos();
  expect(links).toHaveLength(1);
  return links[0]!;
};

async function until<T>(what: string, timeoutMs: number, probe: () => T | null | undefined | false): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

describe('the physics simulator as the station device', () => {
  it.each(SCENARIOS.map((s) => [s.name, s.defaultCellCount] as const))(
    'sim:%s streams through the decoder into SQLite',
    async (name, cells) => {
      const dir = tempDir();
      const core = await start({
        STATION_DEVICE: `sim:${name}`,
        STATION_SIM_SPEED: '1200',
        STATION_SIM_SEED: '2',
        STATION_DATA_DIR: dir,
      });
      // Three simulated minutes: a few hundred frames, seconds of wall time at most.
      await until('3 simulated minutes', 20_000, () => (link(core).sim?.simTimeS ?? 0) >= 180);
      const l = link(core);
      expect(l).toMatchObject({
        kind: 'sim',
        spec: `sim:${name}`,
        state: 'streaming',
        deviceId: `SIM-${name.toUpperCase()}`,
        cellCount: cells,
        sim: { scenario: name, speed: 1200, seed: 2, cells },
      });
      expect(l.label).toContain(SCENARIOS.find((s) => s.name === name)!.title);
      expect(l.health.checksumErrors).toBe(0);
      expect(l.health.malformed).toBe(0);
      // sensor-faults drops frames on purpose; the others must not lose any.
      if (name !== 'sensor-faults') expect(l.health.seqGaps).toBe(0);
      expect(l.health.dataFrames).toBeGreaterThanOrEqual(150);

      const latest = await callStation(core, 'getLatestReadings', { limit: cells });
      expect(latest.ok).toBe(true);
      core.flush();
      expect(core.storedReadings).toBeGreaterThanOrEqual(150 * cells);
      const frames = l.health.dataFrames;
      await core.close();
      const db = new Database(join(dir, 'station.sqlite'), { readonly: true });
      const rows = db.prepare('SELECT count(*) FROM cell_readings').pluck().get() as number;
      const devices = db.prepare('SELECT device_id FROM devices').pluck().all() as string[];
      db.close();
      expect(rows).toBeGreaterThanOrEqual(frames * cells);
      expect(devices).toContain(`SIM-${name.toUpperCase()}`);
    },
  );

  it('takes RELAY commands from the operator: the pack current stops and the status says so', async () => {
    const core = await start({
      STATION_DEVICE: 'sim:normal-cycling?speed=300&seed=4',
      STATION_DATA_DIR: tempDir(),
    });
    const spec = 'sim:normal-cycling?speed=300&seed=4';
    await until('streaming', 5000, () => link(core).health.dataFrames > 20);
    const open = await callStation(core, 'sendDeviceCommand', { spec, command: { name: 'RELAY', state: 'OPEN' } });
    expect(open).toMatchObject({ ok: true, result: { ok: true, detail: 'relay=open' } });
    await until('the relay bit', 5000, () => link(core).relayOpen === true);
    await sleep(200);
    const readings = core.handlers.getLatestReadings({ limit: 4 }) as { currentA: number | null }[];
    for (const r of readings) expect(Math.abs(r.currentA ?? 1)).toBeLessThan(0.06);
    const ping = await callStation(core, 'sendDeviceCommand', { spec, command: { name: 'PING' } });
    expect(ping).toMatchObject({ ok: true, result: { ok: true } });
    expect(link(core).health.commandsSent).toBe(2);
  });

  it('sim:oven at 2000× reaches the RUNAWAY alarm, the interlock opens the simulated relay, and the log holds transitions only', async () => {
    const dir = tempDir();
    const core = await start({
      STATION_DEVICE: 'sim:oven',
      // Seed 5 draws an oven hot enough for a runaway (the model alone puts the GB onset at 29.2 min).
      STATION_SIM_SEED: '5',
      STATION_SIM_SPEED: '2000',
      STATION_DATA_DIR: dir,
    });
    const t0 = Date.now();
    const alarm = await until('the RUNAWAY alarm', 30_000, () =>
      core.alarms.activeAlarms().find((a) => a.code === 'RUNAWAY'),
    );
    const wallS = (Date.now() - t0) / 1000;
    const simS = link(core).sim!.simTimeS;
    expect(alarm).toMatchObject({ severity: 'critical', source: 'rule', deviceId: 'SIM-OVEN', cell: 1 });
    expect(simS).toBeGreaterThan(20 * 60);
    expect(simS).toBeLessThan(40 * 60);
    await until('the interlock to open the relay', 5000, () => link(core).sim!.relayOpen && link(core).relayOpen);
    console.log(
      `sim:oven seed 5 at 2000×: RUNAWAY at ${(simS / 60).toFixed(1)} simulated min, ${wallS.toFixed(1)} s wall`,
    );
    // A few more simulated minutes of a burning cell: its messages change on every frame, its alarms do not.
    await sleep(1000);
    await core.close();
    const db = new Database(join(dir, 'station.sqlite'), { readonly: true });
    const changes = db.prepare('SELECT change, count(*) AS n FROM alarm_changes GROUP BY change').all() as {
      change: string;
      n: number;
    }[];
    const alarms = db.prepare('SELECT count(*) FROM alarms').pluck().get() as number;
    db.close();
    expect(changes.map((c) => c.change)).not.toContain('updated');
    // Each alarm is raised once, escalated and cleared at most a few times: no row per frame.
    expect(changes.reduce((n, c) => n + c.n, 0)).toBeLessThanOrEqual(alarms * 4);
    expect(alarms).toBeLessThan(20);
  });

  it('switches scenario over the contract, remembers it, and comes back to it', async () => {
    const dir = tempDir();
    const core = await start({ STATION_DATA_DIR: dir, STATION_SIM_SPEED: '100' });
    expect(link(core)).toMatchObject({ spec: 'sim', deviceId: 'SIM-NORMAL-CYCLING', sim: { speed: 100, cells: 4 } });
    const list = await callStation(core, 'listSimScenarios', {});
    expect(list.ok && (list.result as { name: string }[]).map((s) => s.name)).toEqual(SCENARIOS.map((s) => s.name));

    const bad = await callStation(core, 'connectSim', { scenario: 'volcano' });
    expect(bad).toMatchObject({ ok: false, error: { message: expect.stringMatching(/unknown scenario "volcano"/) } });
    expect(link(core).spec).toBe('sim');

    const r = await callStation(core, 'connectSim', { scenario: 'propagation', speed: 50, seed: 9, cells: 6 });
    expect(r).toMatchObject({ ok: true, result: { spec: 'sim:propagation?speed=50&seed=9&cells=6' } });
    await until('the new scenario', 5000, () => link(core).cellCount === 6);
    expect(link(core)).toMatchObject({
      deviceId: 'SIM-PROPAGATION',
      remembered: true,
      sim: { scenario: 'propagation', speed: 50, seed: 9, cells: 6 },
    });
    expect(JSON.parse(readFileSync(join(dir, 'devices.json'), 'utf8'))).toEqual({
      version: 1,
      devices: [{ kind: 'sim', spec: 'sim:propagation?speed=50&seed=9&cells=6' }],
    });
    await core.close();

    const again = await start({ STATION_DATA_DIR: dir });
    expect(link(again)).toMatchObject({ spec: 'sim:propagation?speed=50&seed=9&cells=6', cellCount: 6 });
  });

  it('starts the default scenario, and says why, when a remembered scenario no longer exists', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'devices.json'),
      JSON.stringify({ version: 1, devices: [{ kind: 'sim', spec: 'sim:volcano' }] }),
    );
    const core = await start({ STATION_DATA_DIR: dir });
    expect(link(core)).toMatchObject({ spec: 'sim', sim: { scenario: 'normal-cycling' } });
    expect(core.status().notices.find((n) => n.code === 'devices.sim-unknown')?.message).toMatch(
      /unknown scenario "volcano".*Starting the default simulator/,
    );
  });

  it('refuses an unknown scenario with the list of valid ones', () => {
    expect(() => loadStationConfig({ STATION_DEVICE: 'sim:volcano' })).toThrow(
      /unknown scenario "volcano" \(scenarios: normal-cycling, high-ambient, .*sensor-faults\)/,
    );
  });
});
