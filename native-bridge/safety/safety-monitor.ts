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

const CODES: SafetyFinding['code'][] = ['T_WARN', 'T_ALARM', 'T_MAX', 'V_LOW', 'V_HIGH', 'RISE', 'RUNAWAY', 'SENSOR'];

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

  constructor(
    private readonly alarms: AlarmBook,
    private readonly onCritical: (deviceId: string, reason: string) => void,
    private readonly limits: Readonly<SafetyLimits> = DEFAULT_LIMITS,
    /**
     * The cell a device's rig holds (its session's chemistry and window), read when the device's first
     * reading arrives; null or absent: `limits` as given.
     */
    private readonly windowOf: (deviceId: string) => Readonly<CellWindow> | null = () => null,
  ) {}

  /** The rule findings of one cell, for the model layer to rank against. */
  cell(deviceId: string, cell: number): CellSafety | undefined {
    return this.devices.get(deviceId)?.get(cell)?.safety;
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

  onReadings(readings: CellReading[]): void {
    let critical: string | null = null;
    let deviceId = '';
    for (const r of readings) {
      const e = this.entry(r.deviceId, r.cell);
      const findings = e.safety.update(r.tDevMs, r.tempC, r.voltageV);
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
