/**
 * The whole serial path over real pseudo-terminals (socat): device-side writer → pty → serial source →
 * decoder → link → SQLite through the core. Lines torn across writes, CRLF, a boot log before the
 * hello, 100,000 frames with none lost, and the operator-facing errors (missing, busy, wrong baud,
 * another protocol, permission). Timeouts are generous and nothing asserts speed.
 */
import { chmodSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SerialPort } from 'serialport';
import { expect, it } from 'vitest';
import { StationCore } from '../../station/station.js';
import { probeAsNobody, runningAsRoot } from '../../../testing/probe-as-nobody.js';
import { openPtyPair, type PtyPair } from '../../../testing/serial/socat-pair.js';
import { describeWithSocat } from '../../../testing/serial/pty-suite.js';
import { TestRig, type TestRigOptions } from '../../../testing/serial/test-rig.js';
import { waitFor } from '../../../testing/serial/wait-for.js';
import { testCleanups } from '../../../testing/test-cleanups.js';

const quiet = () => undefined;
const cleanups = testCleanups();

const tempDir = () => cleanups.tempDir('serial-pty-');

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

function station(dir: string | null, extra: Partial<ConstructorParameters<typeof StationCore>[0]> = {}): StationCore {
  const core = new StationCore({
    dataDir: dir,
    logger: quiet,
    flushIntervalMs: 50,
    devices: { serialRetry: { minMs: 50, maxMs: 500, operatorMs: 300 }, rigControl: { helloRetryMs: 300 } },
    ...extra,
  });
  cleanups.defer(() => core.close());
  return core;
}

const link = (core: StationCore) => core.devices.linkInfos()[0]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function storedSeqs(dbPath: string): number[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT seq FROM samples ORDER BY id').pluck().all() as number[];
  } finally {
    db.close();
  }
}

describeWithSocat('serial link over a socat pty pair', () => {
  it('reads lines torn across writes, CRLF endings and a boot log before the hello', async () => {
    const dir = tempDir();
    const p = await pair(dir);
    const r = await rig(p.devicePath, { crlf: true, answerCommands: false });
    const core = station(dir);
    await core.devices.connectSerial(p.stationPath, 115200, { remember: false });
    // The station asks for a hello as soon as the port is open.
    const first = await r.nextCommand();
    expect(first.name).toBe('HELLO');
    expect(link(core).state).toBe('waiting-hello');

    // Boot log, then the hello in three pieces, then 60 frames cut at arbitrary byte positions.
    await r.write(r.bootLog());
    const hello = r.helloLine();
    await r.write(hello.slice(0, 7));
    await sleep(20);
    await r.write(hello.slice(7, 40));
    await sleep(20);
    await r.write(hello.slice(40));
    let stream = '';
    for (let i = 0; i < 60; i++) stream += r.dataLine();
    let pos = 0;
    let step = 1;
    while (pos < stream.length) {
      const n = 1 + ((step * 37) % 97);
      await r.write(stream.slice(pos, pos + n));
      pos += n;
      if (step++ % 7 === 0) await sleep(2);
    }
    await waitFor(() => link(core).health.dataFrames === 60, '60 data frames');
    const l = link(core);
    expect(l.state).toBe('streaming');
    expect(l.deviceId).toBe(r.deviceId);
    expect(l.health.checksumErrors).toBe(0);
    expect(l.health.malformed).toBe(0);
    expect(l.health.noiseLines).toBeGreaterThanOrEqual(10);
    expect(l.health.seqGaps).toBe(0);
    await core.close();
    expect(storedSeqs(join(dir, 'station.sqlite'))).toEqual(Array.from({ length: 60 }, (_, i) => i));
  });

  it('carries 100,000 frames with none lost into SQLite', { timeout: 240_000 }, async () => {
    const N = 100_000;
    const dir = tempDir();
    const p = await pair(dir);
    const r = await rig(p.devicePath, { cells: 4 });
    const core = station(dir);
    await core.devices.connectSerial(p.stationPath, 115200, { remember: false });
    await waitFor(() => link(core).state === 'streaming', 'the hello');
    const t0 = Date.now();
    await r.writeFrames(N, 32 * 1024);
    await waitFor(() => link(core).health.dataFrames === N, `${N} frames`, 180_000, 50);
    const ms = Date.now() - t0;
    const h = link(core).health;
    expect(h.checksumErrors + h.malformed + h.seqGaps + h.droppedWithoutHello).toBe(0);
    await core.close();
    const db = new Database(join(dir, 'station.sqlite'), { readonly: true });
    const row = db
      .prepare('SELECT count(*) AS n, count(DISTINCT seq) AS d, min(seq) AS lo, max(seq) AS hi FROM samples')
      .get() as { n: number; d: number; lo: number; hi: number };
    const cells = db.prepare('SELECT count(*) FROM cell_readings').pluck().get() as number;
    db.close();
    expect(row).toEqual({ n: N, d: N, lo: 0, hi: N - 1 });
    expect(cells).toBe(N * 4);
    console.log(
      `[serial pty] ${N} frames (${N * 4} readings) through pty → decode → SQLite in ${(ms / 1000).toFixed(1)} s (${Math.round((N * 1000) / ms)} frames/s)`,
    );
  });

  it('waits for a port that is not there yet and connects when it appears', async () => {
    const dir = tempDir();
    const core = station(dir);
    const later = join(dir, 'later');
    const res = await core.devices.connectSerial(later, 115200, { remember: false });
    expect(res.state).toBe('disconnected');
    expect(res.error).toMatch(/is not present\. Is the rig plugged in\?/);
    await sleep(300);
    const p = await pair(dir, { station: 'later' });
    const appeared = Date.now();
    const r = await rig(p.devicePath);
    await waitFor(() => link(core).state === 'streaming', 'streaming after the port appeared');
    console.log(`[serial pty] connected ${Date.now() - appeared} ms after the port appeared`);
    expect(r.commands.some((c) => c.name === 'HELLO')).toBe(true);
  });

  it('says a port is busy when another program holds it, and connects once it is released', async () => {
    const dir = tempDir();
    const p = await pair(dir);
    await rig(p.devicePath);
    const holder = new SerialPort({ path: p.stationPath, baudRate: 115200, lock: true, autoOpen: false });
    await new Promise<void>((ok, ko) => holder.open((e) => (e ? ko(e) : ok())));
    const core = station(dir);
    const res = await core.devices.connectSerial(p.stationPath, 115200, { remember: false });
    expect(res.state).toBe('error');
    expect(res.error).toMatch(/is busy: another program has it open/);
    expect(core.status().notices.some((n) => n.code === 'source.port-error' && /busy/.test(n.message))).toBe(true);
    await new Promise<void>((ok) => holder.close(() => ok()));
    await waitFor(() => link(core).state === 'streaming', 'streaming after the port was released');
    // The banner's problem is cleared by a recovery notice of the same family.
    await waitFor(() => core.status().notices.some((n) => n.code === 'source.recovered'), 'the recovery notice');
  });

  it('says "no valid frames — check the baud rate" when only garbage arrives', async () => {
    const dir = tempDir();
    const p = await pair(dir);
    const r = await rig(p.devicePath, { answerCommands: false });
    const core = station(dir, {
      devices: { rigControl: { diagnosis: { silentMs: 5000, garbledMs: 500, textMs: 5000 } } },
    });
    await core.devices.connectSerial(p.stationPath, 115200, { remember: false });
    await r.nextCommand();
    // What 115200-baud frames look like to a port at the wrong rate: mostly high and control bytes.
    let x = 12345;
    const junk = Buffer.alloc(4096, 0);
    for (let i = 0; i < junk.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      junk[i] = i % 300 === 299 ? 0x0a : 0x80 | ((x >>> 24) % 0x80);
    }
    const feeding = setInterval(() => void r.write(junk).catch(() => undefined), 100);
    cleanups.defer(() => clearInterval(feeding));
    const l = await waitFor(() => (link(core).diagnosis ? link(core) : null), 'a diagnosis');
    expect(l.diagnosis).toMatch(/^no valid frames — check the baud rate/);
    expect(l.state).toBe('waiting-hello');
    expect(core.status().notices.some((n) => n.message.includes('check the baud rate'))).toBe(true);
  });

  it('says the device speaks another protocol when it sends text lines but no frames', async () => {
    const dir = tempDir();
    const p = await pair(dir);
    const r = await rig(p.devicePath, { answerCommands: false });
    const core = station(dir, {
      devices: { rigControl: { diagnosis: { silentMs: 5000, garbledMs: 500, textMs: 800 } } },
    });
    await core.devices.connectSerial(p.stationPath, 115200, { remember: false });
    await r.nextCommand();
    const nmea = '$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\nTemp: 23.4 C\r\n';
    const feeding = setInterval(() => void r.write(nmea).catch(() => undefined), 100);
    cleanups.defer(() => clearInterval(feeding));
    const l = await waitFor(() => (link(core).diagnosis ? link(core) : null), 'a diagnosis');
    expect(l.diagnosis).toMatch(/speaks another protocol/);
  });

  it('names the dialout group when the port may not be opened', async () => {
    const dir = tempDir();
    const p = await pair(dir);
    chmodSync(realpathSync(p.stationPath), 0o000);
    let res: { state: string; error?: string | null };
    if (runningAsRoot) {
      // Root opens any device whatever its mode: ask as `nobody`, as an operator's account would.
      res = probeAsNobody<typeof res>('testing/serial/permission-probe.ts', [realpathSync(p.stationPath)]);
    } else {
      const core = station(dir);
      res = await core.devices.connectSerial(p.stationPath, 115200, { remember: false });
    }
    expect(res.state).toBe('error');
    expect(res.error).toMatch(/Permission denied.*dialout.*sudo usermod -aG dialout \$USER/);
  });
});
