/**
 * The limits a device's cells are judged by reach the UI with the device's status (getStatus and the
 * live snapshot), read from its session's chemistry as the safety rules read them: an LFP rig is shown
 * its 3.65 V charge limit and an LTO rig its 1.5 V floor and 55 °C limit, not an NMC cell's numbers;
 * and the device's session carries the same, so History marks its stored values by them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatus, EventPayload } from '../contract/index.js';
import { encodeFrame } from '../protocol/index.js';
import { HandSource, helloLine } from '../../testing/hand-source.js';
import { StationCore } from './station.js';

const dirs: string[] = [];
const cores: StationCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function newCore(): StationCore {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-limits-'));
  dirs.push(dataDir);
  const core = new StationCore({ dataDir, logger: () => undefined, model: { path: null }, uiIntervalMs: 0 });
  cores.push(core);
  return core;
}

const frame = (deviceId: string, seq: number) =>
  encodeFrame({
    kind: 'data',
    deviceId,
    bootId: '0000BEEF',
    seq,
    tDevMs: seq * 100,
    cellMv: [3300, 3310],
    cellTempCc: [2500, 2510],
    packMa: 1000,
    ambientCc: null,
    humidityCpct: null,
    socPermille: null,
    status: 0,
  }).trimEnd();

/** A rig that has said hello, so its session exists; its chemistry is set before its first reading. */
async function rig(core: StationCore, deviceId: string, chemistry: string): Promise<HandSource> {
  const src = new HandSource(`serial:/dev/${deviceId}@115200`, deviceId);
  await core.addSource(src);
  src.state('streaming');
  src.line(helloLine(deviceId, 2), Date.now());
  const history = core.historyService!;
  history.sessions.update(history.sessions.sessionOfDevice(deviceId)!, { chemistry });
  core.flush();
  return src;
}

const byId = (devices: DeviceStatus[], id: string) => devices.find((d) => d.deviceId === id)!;

describe('device limits in the station status', () => {
  it('are absent before a device’s first reading, then its chemistry’s own', async () => {
    const core = newCore();
    const lfp = await rig(core, 'RIG-LFP', 'LFP');
    const lto = await rig(core, 'RIG-LTO', 'LTO');
    expect(byId(core.status().devices, 'RIG-LFP').limits).toBeUndefined();

    lfp.line(frame('RIG-LFP', 0), Date.now());
    lto.line(frame('RIG-LTO', 0), Date.now());
    const devices = core.status().devices;
    expect(byId(devices, 'RIG-LFP').limits).toEqual({
      tempWarnC: 50,
      tempAlarmC: 60,
      tempMaxC: 80,
      voltMinV: 2.5,
      voltMaxV: 3.65,
      voltLowAlarmV: expect.closeTo(2.4, 9),
      voltHighAlarmV: expect.closeTo(3.7, 9),
    });
    expect(byId(devices, 'RIG-LTO').limits).toMatchObject({
      tempWarnC: 45,
      tempAlarmC: 55,
      voltMinV: 1.5,
      voltMaxV: 2.8,
      voltLowAlarmV: expect.closeTo(1.4, 9),
    });
  });

  it('are the ones its session carries, for History to mark stored values by, before and after an edit of the window', async () => {
    const core = newCore();
    const lto = await rig(core, 'RIG-LTO', 'LTO');
    lto.line(frame('RIG-LTO', 0), Date.now());
    const history = core.historyService!;
    const id = history.sessions.sessionOfDevice('RIG-LTO')!;
    expect(history.sessions.get(id).limits).toEqual(byId(core.status().devices, 'RIG-LTO').limits);
    history.sessions.update(id, { vMaxV: 2.7, vMinV: 1.6 });
    lto.line(frame('RIG-LTO', 1), Date.now());
    const judged = byId(core.status().devices, 'RIG-LTO').limits;
    expect(judged).toMatchObject({ voltMinV: 1.6, voltMaxV: 2.7, tempAlarmC: 55 });
    expect(history.sessions.get(id).limits).toEqual(judged);
  });

  it('ride on the live snapshot too', async () => {
    const core = newCore();
    const snaps: EventPayload<'onLiveSnapshot'>[] = [];
    core.on((event, payload) => {
      if (event === 'onLiveSnapshot') snaps.push(payload as EventPayload<'onLiveSnapshot'>);
    });
    const lto = await rig(core, 'RIG-LTO', 'LTO');
    lto.line(frame('RIG-LTO', 0), Date.now());
    await expect.poll(() => snaps.at(-1)?.devices.find((d) => d.deviceId === 'RIG-LTO')?.limits?.tempAlarmC).toBe(55);
  });
});
