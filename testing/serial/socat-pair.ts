/**
 * Pseudo-terminal pairs for the serial tests: `socat` links two ptys, one for the device side (a test
 * rig or the firmware's virtual-rig) and one the station opens as its serial port. Killing socat is an
 * unplug: both ends vanish and the station's reads fail as they do when a USB cable is pulled.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface PtyPair {
  devicePath: string;
  stationPath: string;
  readonly alive: boolean;
  /** Kills socat (the unplug) and waits until both links are gone. */
  close(): Promise<void>;
}

export interface SocatGate {
  ok: boolean;
  reason: string | null;
}

/** Is socat usable here? The tests fail on `CI=true` when it is not, and skip loudly otherwise. */
export function socatGate(): SocatGate {
  const r = spawnSync('socat', ['-V'], { encoding: 'utf8', timeout: 5000 });
  if (r.error || r.status !== 0)
    return {
      ok: false,
      reason: `socat is not available (${r.error?.message ?? `exit ${r.status}`}); install it (apt-get install socat) to run the pseudo-terminal serial tests`,
    };
  return { ok: true, reason: null };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function openPtyPair(
  dir: string,
  names: { device?: string; station?: string } = {},
  timeoutMs = 10_000,
): Promise<PtyPair> {
  const devicePath = join(dir, names.device ?? 'dev');
  const stationPath = join(dir, names.station ?? 'station');
  const child: ChildProcess = spawn(
    'socat',
    ['-d', '-d', `pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${stationPath}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  let exited = false;
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString();
  });
  const exit = new Promise<void>((r) =>
    child.once('exit', () => {
      exited = true;
      r();
    }),
  );
  child.once('error', (e) => {
    stderr += String(e);
    exited = true;
  });
  const kill = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      await Promise.race([exit, sleep(3000)]);
      if (!exited) {
        child.kill('SIGKILL');
        await Promise.race([exit, sleep(3000)]);
      }
    }
    // socat removes its links on exit; wait for that so a new pair can take the same names.
    const t0 = Date.now();
    while ((existsSync(devicePath) || existsSync(stationPath)) && Date.now() - t0 < 3000) await sleep(10);
  };
  const t0 = Date.now();
  while (!(existsSync(devicePath) && existsSync(stationPath))) {
    if (exited || Date.now() - t0 > timeoutMs) {
      await kill();
      throw new Error(`socat did not create the pty pair in ${timeoutMs} ms: ${stderr.trim()}`);
    }
    await sleep(10);
  }
  return {
    devicePath,
    stationPath,
    get alive() {
      return !exited;
    },
    close: kill,
  };
}
