/**
 * The simulated rig as a device on the wire: it answers protocol v1 commands with exactly one ack
 * each (as firmware/PROTOCOL.md asks), drives the physics model's relay, reports the relay in the
 * status bits, and paces the physics by the speed-up in whole sample periods.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createRigModel } from '../sim/index.js';
import { decodeLine, encodeFrame, STATUS_BITS, type Frame } from '../protocol/index.js';
import { SimulatorSource } from './simulator-source.js';

const sources: SimulatorSource[] = [];
afterEach(async () => {
  for (const s of sources.splice(0)) await s.stop();
});

function sim(opts: { speed?: number; periodMs?: number; now?: () => number; tickBudgetMs?: number } = {}) {
  const model = createRigModel('normal-cycling', { seed: 3, recordHistory: false, params: { soc0: 0.3 } });
  const source = new SimulatorSource({
    spec: 'sim:normal-cycling',
    label: 'sim',
    model,
    deviceId: 'SIM-TEST',
    scenario: { name: 'normal-cycling', title: 'Normal cycling' },
    ...opts,
  });
  sources.push(source);
  const frames: Frame[] = [];
  source.on('line', (l) => {
    const r = decodeLine(l);
    if (!r.ok) throw new Error(`the simulator wrote an invalid line (${r.reason}): ${l}`);
    frames.push(r.frame);
  });
  return { source, model, frames };
}

const cmd = (cmdId: number, name: string, arg: string | null = null) =>
  encodeFrame({ kind: 'command', cmdId, name, arg }).slice(0, -1);
const tick = () => new Promise((r) => setImmediate(r));
const acks = (frames: Frame[]) => frames.flatMap((f) => (f.kind === 'ack' ? [f] : []));
const data = (frames: Frame[]) => frames.flatMap((f) => (f.kind === 'data' ? [f] : []));

describe('SimulatorSource commands', () => {
  it('answers every command line with one ack, as the firmware does', async () => {
    const { source, frames } = sim();
    await source.start();
    await source.write(cmd(1, 'PING'));
    await source.write(cmd(2, 'CONFIG'));
    await source.write(cmd(3, 'IDENT', '10'));
    await source.write(cmd(4, 'FLY'));
    await source.write(cmd(5, 'RATE', '5'));
    await source.write(cmd(6, 'HELLO'));
    await source.write(cmd(7, 'PING').replace(/\*[0-9A-F]+$/, '*00000000'));
    await tick();
    const a = acks(frames);
    expect(a.map((f) => [f.cmdId, f.ok, f.detail])).toEqual([
      [1, true, '-'],
      [2, true, 'period_ms=1000;cells=4;sim=1'],
      [3, true, 'seconds=10'],
      [4, false, 'UNKNOWN_COMMAND'],
      [5, false, 'BAD_ARG'],
      [6, true, '-'],
      [0, false, 'BAD_CHECKSUM'],
    ]);
    expect(frames.filter((f) => f.kind === 'hello')).toHaveLength(2);
    expect(frames.some((f) => f.kind === 'event' && f.code === 'IDENTIFY')).toBe(true);
  });

  it('RELAY OPEN stops the cycler current and latches the status bits; CLOSE restores it', async () => {
    const { source, frames } = sim();
    await source.start();
    source.emitFrames(30);
    const before = data(frames).at(-1)!;
    expect(Math.abs(before.packMa!)).toBeGreaterThan(300);
    expect(before.status & STATUS_BITS.RELAY_OPEN).toBe(0);

    await source.write(cmd(9, 'RELAY', 'OPEN'));
    await tick();
    expect(acks(frames).at(-1)).toMatchObject({ cmdId: 9, ok: true, detail: 'relay=open' });
    expect(frames.some((f) => f.kind === 'event' && f.code === 'RELAY_OPEN' && f.detail === 'cause=host')).toBe(true);
    source.emitFrames(5);
    const open = data(frames).at(-1)!;
    // Only the current sensor's offset and noise remain (σ 10 mA, 4 mA).
    expect(Math.abs(open.packMa!)).toBeLessThan(60);
    expect(open.status & (STATUS_BITS.RELAY_OPEN | STATUS_BITS.LATCHED)).toBe(
      STATUS_BITS.RELAY_OPEN | STATUS_BITS.LATCHED,
    );
    expect(source.info.relayOpen).toBe(true);

    await source.write(cmd(10, 'RELAY', 'CLOSE'));
    await tick();
    expect(acks(frames).at(-1)).toMatchObject({ cmdId: 10, ok: true, detail: 'relay=closed' });
    source.emitFrames(5);
    const closed = data(frames).at(-1)!;
    expect(Math.abs(closed.packMa!)).toBeGreaterThan(300);
    expect(closed.status & STATUS_BITS.RELAY_OPEN).toBe(0);
  });

  it('RATE changes the sample period and says so', async () => {
    const { source, frames } = sim();
    await source.start();
    await source.write(cmd(11, 'RATE', '250'));
    await tick();
    expect(acks(frames).at(-1)).toMatchObject({ ok: true, detail: 'period_ms=250' });
    expect(frames.some((f) => f.kind === 'event' && f.code === 'CONFIG_CHANGED')).toBe(true);
    const t0 = source.info.simTimeS;
    source.emitFrames(4);
    expect(source.info.simTimeS - t0).toBeCloseTo(1, 9);
  });

  it('refuses commands once stopped', async () => {
    const { source } = sim();
    await source.start();
    await source.stop();
    await expect(source.write(cmd(1, 'PING'))).rejects.toMatchObject({ code: 'not-connected' });
  });
});

describe('SimulatorSource pacing', () => {
  it('at speed 60 steps the physics 60 simulated seconds per wall second, one period at a time', async () => {
    let wall = 1_000_000;
    // A budget no tick reaches: this checks the pacing, not whether this machine (maybe loaded) keeps
    // up with 60 periods in one tick's 40 ms.
    const { source, frames } = sim({ speed: 60, now: () => wall, tickBudgetMs: 60_000 });
    await source.start();
    // start() emits the first period at once; the timer then keeps up with the injected clock.
    wall += 1000;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    for (let i = 0; i < 300 && data(frames).length < 61; i++) await sleep(10);
    // A few more ticks on the same clock: nothing more is due.
    await sleep(60);
    const d = data(frames);
    expect(d.length).toBe(61);
    expect(d.map((f) => f.tDevMs)).toEqual(d.map((_, i) => (i + 1) * 1000));
    expect(source.info.simTimeS).toBe(61);
  });

  it('when a tick runs over its budget, forgets the backlog instead of catching up in a burst', async () => {
    let wall = 1_000_000;
    const { source, frames } = sim({ speed: 60, now: () => wall, tickBudgetMs: 0 });
    await source.start();
    wall += 1000;
    await new Promise((r) => setTimeout(r, 300));
    // The first period at start, one frame in the tick that found 60 due; the rest is never sent.
    expect(data(frames).map((f) => f.tDevMs)).toEqual([1000, 2000]);
    expect(source.info.simTimeS).toBe(2);
  });
});
