import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Alarm, CellReading } from '../contract/index.js';
import { AlarmBook } from './alarm-book.js';
import { CellSafety, type SafetyFinding } from './cell-safety.js';
import { SafetyMonitor } from './safety-monitor.js';

const reading = (tS: number, cell: number, tempC: number | null, voltageV = 3.7): CellReading => ({
  deviceId: 'RIG1',
  cell,
  seq: tS,
  tDevMs: tS * 1000,
  tHostMs: tS * 1000,
  voltageV,
  tempC,
  currentA: 1,
  ambientC: 23,
  humidityPct: 40,
  socPct: 50,
  socEstimated: true,
});

describe('safety monitor', () => {
  it('raises and clears rule alarms per cell and trips the interlock once per critical episode', () => {
    const book = new AlarmBook(() => undefined);
    const trips: string[] = [];
    const m = new SafetyMonitor(book, (dev) => trips.push(dev));
    m.onReadings([reading(0, 1, 25), reading(0, 2, 55)]);
    expect(book.activeAlarms().map((a) => a.key)).toEqual(['rule.T_WARN:RIG1#2']);
    m.onReadings([reading(1, 1, 25), reading(1, 2, 85)]);
    m.onReadings([reading(2, 1, 25), reading(2, 2, 86)]);
    expect(book.activeAlarms()[0]).toMatchObject({ code: 'T_MAX', severity: 'critical', cell: 2 });
    expect(trips).toEqual(['RIG1']);
    // A temperature alarm clears once the cell has stayed under its limit's margin for the 5 s hold.
    m.onReadings([reading(600, 1, 25), reading(600, 2, 30)]);
    expect(book.activeAlarms().map((a) => a.code)).toEqual(['T_MAX']);
    m.onReadings([reading(605, 1, 25), reading(605, 2, 30)]);
    expect(book.activeAlarms()).toEqual([]);
    m.onReadings([reading(601, 1, 25), reading(601, 2, 90)]);
    expect(trips).toEqual(['RIG1', 'RIG1']);
  });

  it("judges a device's cells by its session's new window from the next reading on", () => {
    const book = new AlarmBook(() => undefined);
    let window = { vMinV: 2.5, vMaxV: 4.2, maxOperatingC: 60 };
    const m = new SafetyMonitor(
      book,
      () => undefined,
      undefined,
      () => window,
    );
    // 4.30 V is over-voltage for a 4.2 V cell (4.25 V held 2 s) …
    for (let t = 0; t <= 3; t++) m.onReadings([reading(t, 1, 25, 4.3)]);
    expect(book.activeAlarms().map((a) => a.code)).toEqual(['V_HIGH']);
    expect(m.limitsOf('RIG1')).toMatchObject({ voltMaxV: 4.2 });
    // … and normal for the 4.35 V cell the operator says it is, and for LTO's 55 °C the warning line moves.
    window = { vMinV: 2.5, vMaxV: 4.35, maxOperatingC: 55 };
    m.rejudge('RIG1');
    expect(m.limitsOf('RIG1')).toMatchObject({ voltMaxV: 4.35, tempAlarmC: 55, tempWarnC: 45 });
    for (let t = 4; t <= 12; t++) m.onReadings([reading(t, 1, 25, 4.3)]);
    expect(book.activeAlarms()).toEqual([]);
    m.onReadings([reading(13, 1, 47, 4.3)]);
    expect(book.activeAlarms().map((a) => a.code)).toEqual(['T_WARN']);
  });

  it('treats a missing temperature as a warning, never as normal', () => {
    const book = new AlarmBook(() => undefined);
    new SafetyMonitor(book, () => undefined).onReadings([reading(0, 3, null)]);
    expect(book.activeAlarms()).toMatchObject([{ code: 'SENSOR', cell: 3 }]);
  });

  it('changes the alarm book exactly as clearing every code of every cell on every reading did', () => {
    // The monitor before it tracked what it had raised: every code not held was cleared on every reading.
    const CODES: SafetyFinding['code'][] = [
      'T_WARN',
      'T_ALARM',
      'T_MAX',
      'V_LOW',
      'V_HIGH',
      'RISE',
      'RUNAWAY',
      'SENSOR',
    ];
    function referenceMonitor(book: AlarmBook, onCritical: (d: string, why: string) => void) {
      const cells = new Map<string, CellSafety>();
      const tripped = new Set<string>();
      return (readings: CellReading[]) => {
        let critical: string | null = null;
        let deviceId = '';
        for (const r of readings) {
          const id = `${r.deviceId}#${r.cell}`;
          let c = cells.get(id);
          if (!c) cells.set(id, (c = new CellSafety(`${r.deviceId} cell ${r.cell}`)));
          const findings = c.update(r.tDevMs, r.tempC, r.voltageV);
          const held = new Set(findings.map((f) => f.code));
          for (const f of findings) {
            book.raise({
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
          for (const code of CODES) if (!held.has(code)) book.clear(`rule.${code}:${id}`);
          deviceId = r.deviceId;
        }
        if (critical !== null && !tripped.has(deviceId)) {
          tripped.add(deviceId);
          onCritical(deviceId, critical);
        } else if (critical === null) tripped.delete(deviceId);
      };
    }
    const stepArb = fc.record({
      device: fc.constantFrom('RIG1', 'RIG2'),
      dtS: fc.constantFrom(0.1, 1, 30),
      temps: fc.array(fc.oneof(fc.double({ min: 20, max: 95, noNaN: true }), fc.constant(null)), {
        minLength: 3,
        maxLength: 3,
      }),
      volts: fc.array(fc.oneof(fc.constantFrom(3.9, 3.7, 2.6, 2.4, 4.3), fc.constant(null)), {
        minLength: 3,
        maxLength: 3,
      }),
    });
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 150, size: 'max' }), (steps) => {
        const log = (into: unknown[]) => (a: Alarm) => into.push(a);
        const gotEvents: unknown[] = [];
        const wantEvents: unknown[] = [];
        const now = () => 0;
        const got = new SafetyMonitor(new AlarmBook(log(gotEvents), now), (d, why) => gotEvents.push(['trip', d, why]));
        const want = referenceMonitor(new AlarmBook(log(wantEvents), now), (d, why) =>
          wantEvents.push(['trip', d, why]),
        );
        let t = 0;
        for (const s of steps) {
          t += s.dtS;
          const rs = s.temps.map((tempC, i) => ({
            ...reading(t, i + 1, tempC, 0),
            deviceId: s.device,
            voltageV: s.volts[i]!,
          }));
          got.onReadings(rs);
          want(rs);
        }
        expect(gotEvents).toEqual(wantEvents);
      }),
      { numRuns: 300 },
    );
  });
});
