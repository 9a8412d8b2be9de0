/**
 * The station against the real firmware: firmware/build/virtual-rig (the FirmwareApp main loop on a
 * PC) on one end of a socat pty pair, the station's serial path on the other. The rig booted before
 * the station opened the port, so its hello must be asked for; its commands must be acked by the
 * firmware's own parser; and the station's heartbeat must keep the firmware's host-lost interlock
 * calm for longer than its timeout. Uses the binary `npm run test:firmware` builds.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { StationCore } from '../../station/station.js';
import { STATUS_BITS } from '../../protocol/index.js';
import { openPtyPair } from '../../../testing/serial/socat-pair.js';
import { describeWithVirtualRig, spawnVirtualRig } from '../../../testing/serial/virtual-rig-process.js';
import { waitFor } from '../../../testing/serial/wait-for.js';
import { testCleanups } from '../../../testing/test-cleanups.js';

const HB_TIMEOUT_MS = 2000;
const cleanups = testCleanups();

function suite(): void {
  it('reads the firmware, gets its acks, and keeps its heartbeat interlock calm', { timeout: 60_000 }, async () => {
    const dir = cleanups.tempDir('vrig-');
    const p = await openPtyPair(dir);
    cleanups.defer(() => p.close());
    const rig = spawnVirtualRig(cleanups, p.devicePath, [
      '--hb-timeout-ms',
      String(HB_TIMEOUT_MS),
      '--boot-log',
      '--seed',
      '11',
      '--period-ms',
      '100',
    ]);
    const core = new StationCore({
      dataDir: dir,
      logger: () => undefined,
      flushIntervalMs: 50,
      devices: { rigControl: { helloRetryMs: 300 } },
    });
    cleanups.defer(() => core.close());
    const info = () => core.devices.linkInfos()[0]!;
    const { spec } = await core.devices.connectSerial(p.stationPath, 115200, { remember: false });
    await waitFor(() => info().state === 'streaming', `the firmware's hello (rig stderr: ${rig.stderr()})`);
    expect(info().deviceId).toMatch(/^[0-9A-F]{12}$/);
    expect(info().cellCount).toBeGreaterThan(0);

    const cmd = (command: Parameters<typeof core.handlers.sendDeviceCommand>[0]['command']) =>
      core.handlers.sendDeviceCommand({ spec, command });
    // It may have latched its relay open while no host was there: clear it, as an operator would.
    expect(await cmd({ name: 'RELAY', state: 'CLOSE' })).toMatchObject({ ok: true, detail: 'relay=closed' });
    const cfg = await cmd({ name: 'CONFIG' });
    expect(cfg).toMatchObject({ ok: true });
    expect(cfg.detail).toContain(`hb_timeout_ms=${HB_TIMEOUT_MS}`);
    expect(await cmd({ name: 'RATE', periodMs: 200 })).toMatchObject({ ok: true, detail: 'period_ms=200' });
    expect(await cmd({ name: 'IDENT', seconds: 1 })).toMatchObject({ ok: true, detail: 'seconds=1' });

    // Longer than the firmware's host timeout: only the station's PINGs keep HOST_LOST clear.
    const from = info().health.dataFrames;
    await new Promise((r) => setTimeout(r, HB_TIMEOUT_MS * 2));
    await waitFor(() => info().health.dataFrames > from + 5, 'data during the heartbeat check');
    expect(info()).toMatchObject({ hostLost: false, relayOpen: false });
    expect(info().health.pingRttMs).not.toBeNull();
    expect(info().health.checksumErrors + info().health.malformed).toBe(0);

    const stored = info().health.dataFrames;
    await core.close();
    const db = new Database(join(dir, 'station.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT status FROM samples ORDER BY id DESC LIMIT 10').pluck().all() as number[];
    const n = db.prepare('SELECT count(*) FROM samples').pluck().get() as number;
    db.close();
    expect(n).toBe(stored);
    for (const s of rows) expect(s & STATUS_BITS.HOST_LOST).toBe(0);
  });
}

describeWithVirtualRig('station ↔ firmware virtual-rig over a pty', suite);
