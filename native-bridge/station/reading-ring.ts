/**
 * The live ring's readings column by column, in typed arrays. As objects, the ring's 200,000 readings
 * held about 40 MB of old-space heap, and each one it overwrote became old-space garbage: at 48,000
 * readings/s (a simulator sped up 300×) the core's RSS swung between 320 and 440 MB from one major GC
 * to the next (`npm run bench -- memory`). Columns take 16 MB whatever the rate and make no garbage; a
 * reading is built again only when a query returns it. A missing value is stored as NaN.
 */
import type { CellReading } from '../contract/index.js';

const orNull = (v: number) => (Number.isNaN(v) ? null : v);

export class ReadingRing {
  private readonly ids: string[] = [];
  private readonly idIndex = new Map<string, number>();
  private readonly device: Uint16Array;
  private readonly cellNo: Uint16Array;
  private readonly estimated: Uint8Array;
  private readonly seqNo: Float64Array;
  private readonly tDev: Float64Array;
  private readonly tHost: Float64Array;
  private readonly volt: Float64Array;
  private readonly temp: Float64Array;
  private readonly current: Float64Array;
  private readonly ambient: Float64Array;
  private readonly humidity: Float64Array;
  private readonly soc: Float64Array;
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.device = new Uint16Array(capacity);
    this.cellNo = new Uint16Array(capacity);
    this.estimated = new Uint8Array(capacity);
    this.seqNo = new Float64Array(capacity);
    this.tDev = new Float64Array(capacity);
    this.tHost = new Float64Array(capacity);
    this.volt = new Float64Array(capacity);
    this.temp = new Float64Array(capacity);
    this.current = new Float64Array(capacity);
    this.ambient = new Float64Array(capacity);
    this.humidity = new Float64Array(capacity);
    this.soc = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(r: CellReading): void {
    let i: number;
    if (this.count < this.capacity) i = (this.start + this.count++) % this.capacity;
    else {
      i = this.start;
      this.start = (this.start + 1) % this.capacity;
    }
    let d = this.idIndex.get(r.deviceId);
    if (d === undefined) {
      d = this.ids.length;
      this.ids.push(r.deviceId);
      this.idIndex.set(r.deviceId, d);
    }
    this.device[i] = d;
    this.cellNo[i] = r.cell;
    this.estimated[i] = r.socEstimated ? 1 : 0;
    this.seqNo[i] = r.seq;
    this.tDev[i] = r.tDevMs;
    this.tHost[i] = r.tHostMs;
    this.volt[i] = r.voltageV ?? NaN;
    this.temp[i] = r.tempC ?? NaN;
    this.current[i] = r.currentA ?? NaN;
    this.ambient[i] = r.ambientC ?? NaN;
    this.humidity[i] = r.humidityPct ?? NaN;
    this.soc[i] = r.socPct ?? NaN;
  }

  /** Empties the ring and fills it with `oldestFirst` (the newest `capacity` of them). */
  reset(oldestFirst: readonly CellReading[]): void {
    this.start = 0;
    this.count = 0;
    for (const r of oldestFirst.slice(-this.capacity)) this.push(r);
  }

  /** Slot of the `k`-th reading, 0 being the oldest. */
  private slot(k: number): number {
    return (this.start + k) % this.capacity;
  }

  tHostMs(k: number): number {
    return this.tHost[this.slot(k)]!;
  }

  deviceId(k: number): string {
    return this.ids[this.device[this.slot(k)]!]!;
  }

  cell(k: number): number {
    return this.cellNo[this.slot(k)]!;
  }

  tempC(k: number): number | null {
    return orNull(this.temp[this.slot(k)]!);
  }

  voltageV(k: number): number | null {
    return orNull(this.volt[this.slot(k)]!);
  }

  currentA(k: number): number | null {
    return orNull(this.current[this.slot(k)]!);
  }

  humidityPct(k: number): number | null {
    return orNull(this.humidity[this.slot(k)]!);
  }

  reading(k: number): CellReading {
    const i = this.slot(k);
    return {
      deviceId: this.ids[this.device[i]!]!,
      cell: this.cellNo[i]!,
      seq: this.seqNo[i]!,
      tDevMs: this.tDev[i]!,
      tHostMs: this.tHost[i]!,
      voltageV: orNull(this.volt[i]!),
      tempC: orNull(this.temp[i]!),
      currentA: orNull(this.current[i]!),
      ambientC: orNull(this.ambient[i]!),
      humidityPct: orNull(this.humidity[i]!),
      socPct: orNull(this.soc[i]!),
      socEstimated: this.estimated[i] === 1,
    };
  }
}
