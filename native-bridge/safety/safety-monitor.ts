/**
 * Runs the cell rules over every reading of every device and keeps the alarm book in step: each
 * rule of each cell is one alarm key, raised while its finding holds and cleared when it stops.
 * A critical finding also asks the device to open its relay (the interlock), once per episode.
 */
import type { CellReading } from '../contract/index.js';
import type { AlarmBook } from './alarm-book.js';
import { CellSafety, CODE_BIT, type SafetyFinding } from './cell-safety.js';
import { ONSET_RULE } from './runaway-onset.js';
import { DEFAULT_LIMITS, limitsForCell, type CellWindow, type SafetyLimits } from './safety-limits.js';
import { SELF_HEAT_RULE, SelfHeatModule, type SelfHeatRule } from './self-heat.js';

const CODES = Object.keys(CODE_BIT) as SafetyFinding['code'][];

interface CellEntry {
  safety: CellSafety;
  /** `device#cell`, the suffix of the cell's alarm keys. */
  id: string;
  /**
   * Codes this monitor has raised and not cleared (CODE_BIT). Only this monitor raises `rule.*` keys,
   * so a code outside the mask has no open alarm and clearing it would do nothing: a healthy cell
   * costs no key strings and no book lookups.
   */
  raised: number;
}

export class SafetyMonitor {
  /** Device id → cell number → its rules. */
  private devices = new Map<string, Map<number, CellEntry>>();
  private tripped = new Set<string>();
  /** Device id → its cells' self-heating rule (each cell is judged against the others). */
  private selfHeat = new Map<string, SelfHeatModule>();

  constructor(
    private readonly alarms: AlarmBook,
    private readonly onCritical: (deviceId: string, reason: string) => void,
    private readonly limits: Readonly<SafetyLimits> = DEFAULT_LIMITS,
    /**
     * The cell a device's rig holds (its session's chemistry and window), read when the device's first
     * reading arrives; null or absent: `limits` as given.
     */
    private readonly windowOf: (deviceId: string) => Readonly<CellWindow> | null = () => null,
    private readonly selfHeatRule: Readonly<SelfHeatRule> = SELF_HEAT_RULE,
  ) {}

  /** The self-heating rule of one device, for the tests and the model layer. */
  selfHeatOf(deviceId: string): SelfHeatModule | undefined {
    return this.selfHeat.get(deviceId);
  }

  /** Per reading, whether SELF_HEAT holds: each run of one device's readings at one device time is one frame. */
  private judgeSelfHeat(readings: readonly CellReading[]): boolean[] {
    const out: boolean[] = new Array<boolean>(readings.length).fill(false);
    for (let a = 0; a < readings.length;) {
      const first = readings[a]!;
      let b = a + 1;
      while (b < readings.length && readings[b]!.deviceId === first.deviceId && readings[b]!.tDevMs === first.tDevMs)
        b++;
      let m = this.selfHeat.get(first.deviceId);
      if (!m) this.selfHeat.set(first.deviceId, (m = new SelfHeatModule(this.selfHeatRule)));
      const held = m.update(first.tDevMs / 1000, readings.slice(a, b));
      for (let k = 0; k < held.length; k++) out[a + k] = held[k]!;
      a = b;
    }
    return out;
  }

  /**
   * The limits a device's cells are judged by, or null before its first reading: they are read from its
   * session then, and every cell of a device gets the same (one rig, one chemistry).
   */
  limitsOf(deviceId: string): Readonly<SafetyLimits> | null {
    const cells = this.devices.get(deviceId);
    if (!cells) return null;
    for (const e of cells.values()) return e.safety.limits;
    return null;
  }

  /** Reads the device's cell window again (its session changed) and judges its cells by it from now on. */
  rejudge(deviceId: string): void {
    const cells = this.devices.get(deviceId);
    const w = cells ? this.windowOf(deviceId) : null;
    if (!cells || w === null) return;
    const limits = limitsForCell(w, this.limits);
    for (const e of cells.values()) e.safety.rejudge(limits, w.maxOperatingC);
  }

  /** The rule findings of one cell, for the model layer to rank against. */
  cell(deviceId: string, cell: number): CellSafety | undefined {
    return this.devices.get(deviceId)?.get(cell)?.safety;
  }

  /**
   * The codes (CODE_BIT) whose findings held on the cell's last reading, SELF_HEAT included: what the
   * dataset records per row, so the training data sees the station's rules, not CellSafety's alone.
   */
  heldCodes(deviceId: string, cell: number): number {
    return this.devices.get(deviceId)?.get(cell)?.raised ?? 0;
  }

  private entry(deviceId: string, cell: number): CellEntry {
    let cells = this.devices.get(deviceId);
    if (!cells) this.devices.set(deviceId, (cells = new Map()));
    let e = cells.get(cell);
    if (!e) {
      const w = this.windowOf(deviceId);
      const safety =
        w === null
          ? new CellSafety(`${deviceId} cell ${cell}`, this.limits)
          : new CellSafety(`${deviceId} cell ${cell}`, limitsForCell(w, this.limits), {
              ...ONSET_RULE,
              maxOperatingC: w.maxOperatingC,
            });
      cells.set(cell, (e = { safety, id: `${deviceId}#${cell}`, raised: 0 }));
    }
    return e;
  }

  private selfHeatFinding(r: CellReading, label: string): SafetyFinding {
    const c = this.selfHeat.get(r.deviceId)?.cell(r.cell);
    const perMin = (v: number | null | undefined) => (v == null ? '?' : (v * 60).toFixed(1));
    return {
      code: 'SELF_HEAT',
      severity: 'warning',
      message: `${label}: self-heating, ${perMin(c?.excessShort)} °C/min faster than its neighbours and its air explain (${perMin(c?.excessLong)} °C/min over ${this.selfHeatRule.longS} s)`,
    };
  }

  onReadings(readings: CellReading[]): void {
    let critical: string | null = null;
    let deviceId = '';
    const selfHeat = this.judgeSelfHeat(readings);
    for (let i = 0; i < readings.length; i++) {
      const r = readings[i]!;
      const e = this.entry(r.deviceId, r.cell);
      let findings = e.safety.update(r.tDevMs, r.tempC, r.voltageV);
      if (selfHeat[i]) findings = [...findings, this.selfHeatFinding(r, e.safety.label)];
      let held = 0;
      for (const f of findings) {
        held |= CODE_BIT[f.code];
        this.alarms.raise({
          key: `rule.${f.code}:${e.id}`,
          code: f.code,
          severity: f.severity,
          source: 'rule',
          deviceId: r.deviceId,
          cell: r.cell,
          message: f.message,
        });
        if (f.severity === 'critical') critical ??= f.message;
      }
      const stopped = e.raised & ~held;
      if (stopped !== 0)
        for (const code of CODES) if ((stopped & CODE_BIT[code]) !== 0) this.alarms.clear(`rule.${code}:${e.id}`);
      e.raised = held;
      deviceId = r.deviceId;
    }
    if (critical !== null && !this.tripped.has(deviceId)) {
      this.tripped.add(deviceId);
      this.onCritical(deviceId, critical);
    } else if (critical === null) this.tripped.delete(deviceId);
  }
}
