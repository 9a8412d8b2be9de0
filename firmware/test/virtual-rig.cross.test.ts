/**
 * Cross-language check: the station's TypeScript decoder reads every line the firmware's virtual
 * rig prints for fixtures/virtual-rig/cross-check.rig, and the decoded values are the scripted
 * ones. Runs the binary that firmware/scripts/test.sh builds (it builds nothing itself).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decodeLine,
  STATUS_BITS,
  type AckFrame,
  type DataFrame,
  type EventFrame,
  type Frame,
  type HelloFrame,
} from '../../native-bridge/protocol/index.js';

const binary = fileURLToPath(new URL('../build/virtual-rig', import.meta.url));
const script = fileURLToPath(new URL('../fixtures/virtual-rig/cross-check.rig', import.meta.url));

function runRig(args: string[]): string[] {
  if (!existsSync(binary)) {
    throw new Error(`${binary} is missing: build it first with firmware/scripts/test.sh (npm run test:firmware)`);
  }
  const r = spawnSync(binary, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
  if (r.status !== 0) throw new Error(`virtual-rig exited with ${r.status}: ${r.stderr}`);
  const lines = r.stdout.split('\n');
  expect(lines.pop()).toBe(''); // every line, the last included, ends with LF
  return lines;
}

// The scenario, as written in cross-check.rig.
const model = {
  cellMv: (t: number) => [3712, 3705 - (2 * t) / 1000, 3700, 3700],
  cellTempCc: (t: number) => {
    const t2 = t < 10_000 ? 2500 : t < 29_000 ? Math.min(2500 + (200 * (t - 10_000)) / 1000, 8000) : 4000;
    return [2500, t2, 2500, t >= 5000 && t < 7000 ? null : 2500];
  },
  packMa: -1250,
  ambientCc: (t: number) => (t < 1000 ? null : 2310), // the SHT31's first periodic result at 1 s
  humidityCpct: (t: number) => (t < 1000 ? null : 4520),
  status: (t: number) => {
    const { RELAY_OPEN, LATCHED, HOST_LOST, LIMIT_TRIP, SENSOR_FAULT } = STATUS_BITS;
    const open = RELAY_OPEN | LATCHED;
    if (t < 1000) return open; // boots latched open; the host pings from t = 0
    if (t < 5000) return 0;
    if (t < 7000) return open | SENSOR_FAULT;
    if (t < 8000) return open;
    if (t < 28_000) return 0;
    if (t < 29_000) return open | LIMIT_TRIP;
    if (t < 30_000) return open;
    if (t < 33_000) return 0;
    return open | HOST_LOST;
  },
};

describe('virtual-rig output through the TypeScript decoder', () => {
  const frames: Frame[] = [];
  let noise = 0;

  beforeAll(() => {
    for (const line of runRig(['--fast', '--seed', '7', '--boot-log', script])) {
      const r = decodeLine(line);
      if (!r.ok) {
        expect(r.reason, `rejected line: ${line}`).toBe('noise');
        expect(line).not.toContain('$');
        noise++;
        continue;
      }
      frames.push(r.frame);
    }
  });

  it('accepts every frame and treats the ROM boot log as noise', () => {
    expect(noise).toBeGreaterThanOrEqual(5);
    expect(frames.length).toBeGreaterThan(100);
  });

  it('starts with a hello that describes the scripted rig', () => {
    const hello = frames[0] as HelloFrame;
    expect(hello.kind).toBe('hello');
    expect(hello.deviceId).toMatch(/^[0-9A-F]{12}$/);
    expect(hello.fwVersion).toBe('1.0.0');
    expect(hello.cellCount).toBe(4);
    expect(hello.periodMs).toBe(500);
    expect(hello.channels).toBe('ntc:4;vdiv:4;ina226;sht31');
  });

  it('streams data frames whose values match the script', () => {
    const hello = frames[0] as HelloFrame;
    const data = frames.filter((f): f is DataFrame => f.kind === 'data');
    expect(data).toHaveLength(72);
    data.forEach((d, i) => {
      const t = i * 500;
      expect(d.deviceId).toBe(hello.deviceId);
      expect(d.bootId).toBe(hello.bootId);
      expect(d.seq).toBe(i);
      expect(d.tDevMs).toBe(t);
      expect(d.cellMv, `cellMv at ${t} ms`).toEqual(model.cellMv(t));
      const temps = model.cellTempCc(t);
      d.cellTempCc.forEach((v, k) => {
        const want = temps[k];
        if (want === null || want === undefined) expect(v, `T${k + 1} at ${t} ms`).toBeNull();
        else expect(Math.abs((v ?? NaN) - want), `T${k + 1} at ${t} ms: ${v} vs ${want}`).toBeLessThanOrEqual(2);
      });
      expect(d.packMa).toBe(model.packMa);
      expect(d.ambientCc).toBe(model.ambientCc(t));
      expect(d.humidityCpct).toBe(model.humidityCpct(t));
      expect(d.socPermille).toBeNull();
      expect(d.status, `status at ${t} ms`).toBe(model.status(t));
    });
  });

  it('reports the scripted events in order', () => {
    const events = frames.filter((f): f is EventFrame => f.kind === 'event');
    expect(events.map((e) => e.eventSeq)).toEqual(events.map((_, i) => i));
    expect(events.map((e) => `${e.tDevMs} ${e.code} ${e.detail}`)).toEqual([
      '0 BOOT reset=poweron',
      '0 HOST_OK silent_ms=0',
      '1000 RELAY_CLOSED cause=host',
      '5000 SENSOR_FAULT ch=T4;fault=open',
      '5000 RELAY_OPEN cause=sensor_fault',
      '7000 SENSOR_OK ch=T4',
      '8000 RELAY_CLOSED cause=host',
      '28000 LIMIT_TRIP limit=t_max;ch=T2;value=6100;threshold=6000',
      '28000 RELAY_OPEN cause=limit',
      '30000 RELAY_CLOSED cause=host',
      '33000 HOST_LOST silent_ms=3000;relay=open',
      '33000 RELAY_OPEN cause=host_lost',
    ]);
  });

  it('acks every scripted command, errors with the protocol reason codes', () => {
    const acks = frames.filter((f): f is AckFrame => f.kind === 'ack');
    // 31 pings (t = 0..30 s), 4 RELAY CLOSE, CONFIG, and the three malformed commands.
    expect(acks).toHaveLength(39);
    const errors = acks.filter((a) => !a.ok).map((a) => a.detail);
    expect(errors).toEqual(['BAD_CHECKSUM', 'UNKNOWN_COMMAND', 'BAD_ARG', 'LIMIT_ACTIVE;limit=t_max']);
    expect(acks.find((a) => a.detail === 'BAD_CHECKSUM')?.cmdId).toBe(0);
    expect(acks.find((a) => a.detail.startsWith('period_ms='))?.detail).toBe(
      'period_ms=500;cells=4;hb_timeout_ms=3000;t_max_cc=6000;v_min_mv=2500;v_max_mv=4250;i_max_ma=10000',
    );
  });
});

describe('virtual-rig command line', () => {
  it('--count, --device-id and --seed give a short deterministic run', () => {
    const args = ['--fast', '--count', '3', '--seed', '42', '--device-id', 'A1B2C3D4E5F6', '--cells', '16'];
    const a = runRig(args);
    expect(runRig(args)).toEqual(a);
    const decoded = a.map((l) => decodeLine(l));
    expect(decoded.every((r) => r.ok)).toBe(true);
    const data = decoded.flatMap((r) => (r.ok && r.frame.kind === 'data' ? [r.frame] : []));
    expect(data).toHaveLength(3);
    expect(data[0]!.deviceId).toBe('A1B2C3D4E5F6');
    expect(data[0]!.cellMv).toHaveLength(16);
  });
});
