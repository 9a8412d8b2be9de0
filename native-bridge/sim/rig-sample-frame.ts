/** Quantises a rig's sensor reading into a protocol v1 data frame, as the firmware's ADC path would. */
import type { DataFrame } from '../protocol/index.js';
import type { RigSample } from './rig-model.js';

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const q = (v: number | null, scale: number, lo: number, hi: number) =>
  v === null || !Number.isFinite(v) ? null : clamp(Math.round(v * scale), lo, hi);

export function rigSampleToFrame(
  s: RigSample,
  ids: { deviceId: string; bootId: string; seq: number; tDevMs: number },
): DataFrame {
  return {
    kind: 'data',
    ...ids,
    cellMv: s.cellVoltageV.map((v) => q(v, 1000, 0, 65535)),
    cellTempCc: s.cellTempC.map((v) => q(v, 100, -5500, 150000)),
    packMa: q(s.packCurrentA, 1000, -2000000, 2000000),
    ambientCc: q(s.ambientC, 100, -5500, 15000),
    humidityCpct: q(s.humidityPct, 100, 0, 10000),
    socPermille: q(s.socPct, 10, 0, 1000),
    status: s.status >>> 0,
  };
}
