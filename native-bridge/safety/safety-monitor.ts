/**
 * Runs the cell rules over every reading of every device and keeps the alarm book in step: each
 * rule of each cell is one alarm key, raised while its finding holds and cleared when it stops.
 * A critical finding also asks the device to open its relay (the interlock), once per episode.
 */
import type { CellReading } from '../contract/index.js';
import type { AlarmBook } from '../core/alarm-book.js';
import { CellSafety, type SafetyFinding } from './cell-safety.js';
import { DEFAULT_LIMITS, type SafetyLimits } from './safety-limits.js';

const CODES: SafetyFinding['code'][] = ['T_WARN', 'T_ALARM', 'T_MAX', 'V_LOW', 'V_HIGH', 'RISE', 'RUNAWAY', 'SENSOR'];

export class SafetyMonitor {
  private cells = new Map<string, CellSafety>();
  private tripped = new Set<string>();

  constructor(
    private readonly alarms: AlarmBook,
    private readonly onCritical: (deviceId: string, reason: string) => void,
    private readonly limits: SafetyLimits = DEFAULT_LIMITS,
  ) {}

  /** The rule findings of one cell, for the model layer to rank against. */
  cell(deviceId: string, cell: number): CellSafety | undefined {
    return this.cells.get(`${deviceId}#${cell}`);
  }

  onReadings(readings: CellReading[]): void {
    let critical: string | null = null;
    let deviceId = '';
    for (const r of readings) {
      const id = `${r.deviceId}#${r.cell}`;
      let c = this.cells.get(id);
      if (!c) this.cells.set(id, (c = new CellSafety(`${r.deviceId} cell ${r.cell}`, this.limits)));
      const findings = c.update(r.tDevMs, r.tempC, r.voltageV);
      const held = new Set(findings.map((f) => f.code));
      for (const f of findings) {
        this.alarms.raise({
          key: `rule.${f.code}:${id}`,
          code: f.code,
          severity: f.severity,
          source: 'rule',
          deviceId: r.deviceId,
          cell: r.cell,
          message: f.message,
        });
        if (f.severity === 'critical') critical ??= f.message;
      }
      for (const code of CODES) if (!held.has(code)) this.alarms.clear(`rule.${code}:${id}`);
      deviceId = r.deviceId;
    }
    if (critical !== null && !this.tripped.has(deviceId)) {
      this.tripped.add(deviceId);
      this.onCritical(deviceId, critical);
    } else if (critical === null) this.tripped.delete(deviceId);
  }
}
