/**
 * The station's live statistics follow the devices that are connected now: a device that disconnects
 * or is removed stops counting in the averages, the voltage range and the pack current.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceState } from '../contract/index.js';
import { encodeFrame } from '../protocol/index.js';
import { SourceEmitter, type LineSource } from '../devices/line-source.js';
import { StationCore } from './station.js';

/** A rig driven by hand: says hello and sends one data frame of the given temperatures. */
class HandRig extends SourceEmitter implements LineSource {
  readonly kind = 'serial' as const;
  readonly label: string;
  readonly spec: string;
  private seq = 0;

  constructor(readonly deviceId: string) {
    super();
    this.label = deviceId;
    this.spec = `serial:/dev/hand-${deviceId}`;
  }

  async start(): Promise<void> {
    this.setState('streaming');
    this.line(
      encodeFrame({
        kind: 'hello',
        deviceId: this.deviceId,
        bootId: '0000BEEF',
        fwVersion: 't',
        cellCount: 2,
        periodMs: 100,
        channels: '',
      }),
    );
  }

  async stop(): Promise<void> {
    this.setState('stopped');
  }

  send(tempsCc: [number, number], mv: [number, number], packMa: number): void {
    this.line(
      encodeFrame({
        kind: 'data',
        deviceId: this.deviceId,
        bootId: '0000BEEF',
        seq: this.seq,
        tDevMs: this.seq++ * 100,
        cellMv: mv,
        cellTempCc: tempsCc,
        packMa,
        ambientCc: null,
        humidityCpct: null,
        socPermille: null,
        status: 0,
      }),
    );
  }

  setState(state: SourceState, detail?: string): void {
    this.emitState(state, detail);
  }

  private line(text: string): void {
    this.emitLine(text.trimEnd(), Date.now());
  }
}

const cores: StationCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});

describe('station live statistics', () => {
  it('leave out a device once it has disconnected, and after it is removed', async () => {
    const core = new StationCore({ dataDir: null, logger: () => undefined, model: { path: null } });
    cores.push(core);
    const a = new HandRig('RIGA');
    const b = new HandRig('RIGB');
    await core.addSource(a);
    await core.addSource(b);
    a.send([2000, 3000], [3500, 3900], 1000);
    b.send([7000, 8000], [2900, 3000], 4000);
    expect(core.status().stats).toMatchObject({ avgTempC: 50, minCellV: 2.9, maxCellV: 3.9, packCurrentA: 5 });

    b.setState('disconnected', 'unplugged');
    expect(core.status().stats).toMatchObject({ avgTempC: 25, minCellV: 3.5, maxCellV: 3.9, packCurrentA: 1 });

    // Back, and then removed by the operator.
    b.setState('streaming');
    await b.start();
    b.send([7000, 8000], [2900, 3000], 4000);
    expect(core.status().stats.avgTempC).toBe(50);
    await core.removeSource(b);
    expect(core.status().stats).toMatchObject({ avgTempC: 25, minCellV: 3.5, maxCellV: 3.9, packCurrentA: 1 });
    // The readings themselves were received and are still told.
    expect(core.status().stats.totalRecords).toBe(6);
  });
});
