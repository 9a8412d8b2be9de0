/**
 * Unplug and replug, for real: the socat pty pair is torn down and recreated 24 times while the rig
 * streams. Half the replugs are a board that kept running (its sequence numbers jump over what it
 * sampled while unplugged), half a board that rebooted (new boot id, sequence from 0, boot log first).
 * Every frame written while connected must be in SQLite, every unplug and every sequence gap must be
 * a link event, every reboot must be counted, and the station must reconnect each time by itself.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { StationCore } from '../../station/station.js';
import { openPtyPair, type PtyPair } from '../../../testing/serial/socat-pair.js';
import { describeWithSocat } from '../../../testing/serial/pty-suite.js';
import { TestRig } from '../../../testing/serial/test-rig.js';
import { waitFor } from '../../../testing/serial/wait-for.js';
import { testCleanups } from '../../../testing/test-cleanups.js';

const CYCLES = 24;
const cleanups = testCleanups();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeWithSocat('unplug and replug over socat', () => {
  it(`reconnects ${CYCLES} times and stores every frame written while connected`, { timeout: 300_000 }, async () => {
    const dir = cleanups.tempDir('serial-replug-');
    let pair: PtyPair | null = null;
    let rig: TestRig | null = null;
    cleanups.defer(async () => {
      await rig?.close();
      await pair?.close();
    });
    const core = new StationCore({
      dataDir: dir,
      logger: () => undefined,
      flushIntervalMs: 50,
      devices: { serialRetry: { minMs: 50, maxMs: 1000 }, rigControl: { helloRetryMs: 300 } },
    });
    cleanups.defer(() => core.close());
    const info = () => core.devices.linkInfos()[0]!;

    const bootId = TestRig.newBootId();
    let seq = 0;
    let tDev = 0;
    let skippedTotal = 0;
    let gapsExpected = 0;
    let rebootsExpected = 0;
    const written: string[] = [];
    const latencies: number[] = [];
    let current = bootId;
    let spec = '';

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const reboot = cycle > 0 && cycle % 2 === 0;
      pair = await openPtyPair(dir);
      const appeared = Date.now();
      rig = await TestRig.open(pair.devicePath, { bootId: current, periodMs: 20 });
      if (reboot) {
        rig.reboot();
        rebootsExpected++;
      } else {
        rig.seq = seq;
        rig.tDevMs = tDev;
      }
      if (cycle === 0) spec = (await core.devices.connectSerial(pair.stationPath, 115200, { remember: false })).spec;
      // The station opens the port and asks for a hello; a rebooted board prints its boot log first.
      await rig.nextCommand(20_000);
      if (reboot) await rig.write(rig.bootLog());
      const opensBefore = cycle;
      // Stream from the moment the station is there: frames before the hello are held, then trusted.
      let streaming = true;
      const streamer = (async () => {
        while (streaming && rig!.isOpen) {
          await rig!.writeFrames(5).catch(() => undefined);
          await sleep(5);
        }
      })();
      await waitFor(
        () => info().state === 'streaming' && info().health.opens > opensBefore && info().bootId === rig!.bootId,
        `reconnect ${cycle}`,
        20_000,
        5,
      );
      latencies.push(Date.now() - appeared);
      await sleep(100 + (cycle % 5) * 40);
      streaming = false;
      await streamer;
      // Pull the plug once everything written has arrived (bytes in flight in a real cable are lost
      // too; here the check is that nothing that did arrive is ever lost).
      const total = () => written.length + rig!.written.length;
      await waitFor(() => info().health.dataFrames === total(), `delivery before unplug ${cycle}`, 20_000, 5);
      written.push(...rig.written);
      seq = rig.seq;
      tDev = rig.tDevMs;
      current = rig.bootId;
      await rig.close();
      await pair.close();
      await waitFor(() => info().state === 'disconnected', `disconnect ${cycle}`, 20_000, 5);
      // The board keeps sampling while unplugged: those samples are a gap the station must record.
      if (cycle + 1 < CYCLES && (cycle + 1) % 2 === 1) {
        const lost = 1 + (cycle % 7);
        seq += lost;
        tDev += lost * 20;
        skippedTotal += lost;
        gapsExpected++;
      }
      await sleep(cycle % 3 === 0 ? 20 : 250);
    }
    const h = info().health;
    await core.close();

    const db = new Database(join(dir, 'station.sqlite'), { readonly: true });
    const stored = (
      db.prepare("SELECT printf('%08X', boot_id) AS b, seq FROM samples ORDER BY id").all() as {
        b: string;
        seq: number;
      }[]
    ).map((r) => `${r.b}:${r.seq}`);
    const events = db.prepare('SELECT code, detail FROM link_events WHERE source = ? ORDER BY id').all(spec) as {
      code: string;
      detail: string;
    }[];
    db.close();

    expect(stored).toEqual(written);
    const count = (code: string) => events.filter((e) => e.code === code).length;
    expect(count('link.disconnected')).toBe(CYCLES);
    expect(count('link.connected')).toBe(CYCLES);
    expect(count('link.reboot')).toBe(rebootsExpected);
    const gaps = events.filter((e) => e.code === 'link.seq-gap');
    expect(gaps).toHaveLength(gapsExpected);
    expect(gaps.reduce((n, e) => n + Number(/missing=(\d+)/.exec(e.detail)![1]), 0)).toBe(skippedTotal);
    expect(h.missingFrames).toBe(skippedTotal);
    expect(h.reboots).toBe(rebootsExpected);
    expect(h.checksumErrors + h.malformed).toBe(0);
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(
      `[replug] ${CYCLES} replugs, ${written.length} frames stored, ${gapsExpected} gaps (${skippedTotal} missing), ${rebootsExpected} reboots; ` +
        `reconnect+hello after reappearance: median ${sorted[sorted.length >> 1]} ms, max ${sorted.at(-1)} ms`,
    );
  });
});
