import { describe, expect, it } from 'vitest';
import type { Session, StoredAlarm } from '../contract/index.js';
import { sessionLimits } from './session-limits.js';
import { renderSessionReport, type ReportInput } from './session-report.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function session(over: Partial<Session> = {}): Session {
  return {
    id: 3,
    kind: 'live',
    deviceId: 'SIM-OVEN',
    sourceSpec: 'sim:oven?speed=600&seed=5',
    startedBy: 'hello',
    rig: '',
    chemistry: 'NMC',
    capacityAh: 2.5,
    vMinV: null,
    vMaxV: null,
    limits: sessionLimits({ chemistry: 'NMC', vMinV: null, vMaxV: null }),
    notes: '',
    startedMs: T0,
    endedMs: T0 + 150_000,
    firstDataMs: T0,
    lastDataMs: T0 + 150_000,
    cellCount: 1,
    periodMs: 1000,
    fwVersion: 'sim-2.0.0',
    modelVersion: 'risk-test',
    replayOf: null,
    replaySpeed: null,
    createdMs: T0,
    frameCount: 10,
    readingCount: 10,
    alarmCount: 2,
    active: false,
    ...over,
  };
}

function stored(over: Partial<StoredAlarm>): StoredAlarm {
  return {
    id: 1,
    sessionId: 3,
    key: 'k',
    code: 'T_ALARM',
    severity: 'alarm',
    peakSeverity: 'alarm',
    source: 'rule',
    deviceId: 'SIM-OVEN',
    cell: 1,
    message: 'SIM-OVEN cell 1: 81.0 °C, above the 80 °C limit',
    raisedAtMs: T0 + 3_000,
    clearedAtMs: T0 + 60_000,
    acknowledgedAtMs: T0 + 4_000,
    acknowledgedBy: 'Ana',
    ackComment: 'relay open',
    escalatedAtMs: null,
    returnCount: 0,
    returnedAtMs: null,
    closedBy: null,
    modelVersion: 'risk-test',
    ...over,
  };
}

function input(over: Partial<ReportInput> = {}): ReportInput {
  const alarms = [
    stored({ id: 1 }),
    stored({ id: 2, code: 'Alarm', source: 'model', severity: 'alarm', peakSeverity: 'alarm', raisedAtMs: T0 + 2_000 }),
  ];
  return {
    session: session(),
    series: {
      sessionId: 3,
      fromMs: T0,
      toMs: T0 + 150_000,
      resolution: 'raw',
      bucketMs: 0,
      sourceRows: 2,
      t: [T0, T0 + 150_000],
      series: [{ quantity: 'temp', cell: 1, unit: '°C', min: [25, 90], max: [25, 90], mean: [25, 90] }],
      risk: null,
      alarms: [],
      queryMs: 1,
    },
    alarms,
    changes: [
      { tMs: T0 + 2_000, change: 'raised', severity: 'alarm', code: 'Alarm', source: 'model', cell: 1, message: 'm' },
      { tMs: T0 + 3_000, change: 'raised', severity: 'alarm', code: 'T_ALARM', source: 'rule', cell: 1, message: 'r' },
    ],
    risk: [{ tMs: T0 + 1_000, cls: 3, cell: 1 }],
    simClock: [
      { tHostMs: T0, tDevMs: 1_000 },
      { tHostMs: T0 + 2_000, tDevMs: 1_200_000 },
      { tHostMs: T0 + 3_000, tDevMs: 1_800_000 },
      { tHostMs: T0 + 60_000, tDevMs: 36_000_000 },
      { tHostMs: T0 + 150_000, tDevMs: 90_000_000 },
    ],
    generatedMs: T0 + 200_000,
    stationVersion: '0.1.0',
    ...over,
  };
}

describe('the session report', () => {
  it('lists one row per alarm with its rule or class named, who acknowledged, and simulated time beside wall time', () => {
    const html = renderSessionReport(input());
    const table = /<table class="alarms">[\s\S]*?<\/table>/.exec(html)![0];
    expect(table.match(/<tr>/g)).toHaveLength(3);
    expect(table).toContain('Temperature above alarm limit');
    expect(table).toContain('Risk model: Alarm');
    expect(table).toContain('Ana, 2026-01-01 12:00:04 UTC — relay open');
    expect(table).toContain('sim 30 min 0 s');
    expect(html).toContain('<th>Simulated time</th><td>1 s → 25 h 0 min 0 s');
    // The lead time names the model's class in words.
    expect(html).toContain('risk model at Alarm');
    expect(html).not.toMatch(/model class \d/);
  });

  it('an alarm whose condition came back is one row that says how often and when it last returned', () => {
    const alarms = [stored({ id: 1, returnCount: 2, returnedAtMs: T0 + 30_000 }), stored({ id: 2 })];
    const table = /<table class="alarms">[\s\S]*?<\/table>/.exec(renderSessionReport(input({ alarms })))![0];
    expect(table.match(/<tr>/g)).toHaveLength(3);
    expect(table.match(/returned/g)).toHaveLength(1);
    expect(table).toContain('returned 2 times, last 2026-01-01 12:00:30 UTC');
  });

  it('a real rig shows wall time only', () => {
    const html = renderSessionReport(
      input({ simClock: null, session: session({ sourceSpec: 'serial:/dev/ttyUSB0' }) }),
    );
    expect(html).not.toContain('sim ');
    expect(html).not.toContain('Simulated time');
  });

  it("names the voltage window the rules judged by: the chemistry's, or the session's own", () => {
    expect(renderSessionReport(input())).toContain('<th>Voltage window</th><td>2.50–4.20 V (NMC default)');
    const lfp = renderSessionReport(input({ session: session({ chemistry: 'LFP', vMinV: 2.0, vMaxV: null }) }));
    expect(lfp).toContain('<th>Voltage window</th><td>2.00–3.65 V (set for the session)');
  });

  it('makes room for the longest timeline label', () => {
    const html = renderSessionReport(input());
    const timeline = /aria-label="Alarm timeline">([\s\S]*?)<\/svg>/.exec(html)![1]!;
    const labels = [...timeline.matchAll(/<text x="([\d.]+)"[^>]*>([^<]*)<\/text>/g)].map((m) => ({
      right: Number(m[1]),
      text: m[2]!,
    }));
    expect(labels.map((l) => l.text)).toEqual(['Temperature above alarm limit · cell 1', 'Risk model: Alarm · cell 1']);
    // At the 10 px font no glyph is wider than about 6 px: the label's start stays inside the figure.
    for (const l of labels) expect(l.right - l.text.length * 6).toBeGreaterThanOrEqual(0);
    const bars = [...timeline.matchAll(/<rect x="([\d.]+)"/g)].map((m) => Number(m[1]));
    for (const x of bars) expect(x).toBeGreaterThan(Math.max(...labels.map((l) => l.right)));
  });

  it("draws the session's own limit lines where the data reaches them, and names the others", () => {
    // NMC: warning 50 °C, alarm 60 °C; the cell runs 25 → 90 °C, so both lines are inside the chart.
    const html = renderSessionReport(input());
    const temp = html.slice(
      html.indexOf('Cell temperature'),
      html.indexOf('</figure>', html.indexOf('Cell temperature')),
    );
    const lines = [...temp.matchAll(/<line class="limit"[^>]*y1="([\d.]+)"[^>]*><title>([^<]+)<\/title>/g)];
    expect(lines.map((m) => m[2])).toEqual(['warning 50 °C', 'alarm 60 °C']);
    // Drawn at their values on the chart's scale: 25 °C at the bottom (y 184), 90 at the top (24).
    const y = (v: number) => 184 - ((v - 25) / 65) * 160;
    expect(lines.map((m) => Number(m[1]))).toEqual([y(50), y(60)].map((v) => Number(v.toFixed(1))));
    // A session whose own alarm line is above what the cell reached: named, not drawn.
    const cool = renderSessionReport(
      input({ session: session({ limits: { ...session().limits, tempWarnC: 80, tempAlarmC: 95 } }) }),
    );
    const coolTemp = cool.slice(
      cool.indexOf('Cell temperature'),
      cool.indexOf('</figure>', cool.indexOf('Cell temperature')),
    );
    expect([...coolTemp.matchAll(/<line class="limit"[^>]*><title>([^<]+)</g)].map((m) => m[1])).toEqual([
      'warning 80 °C',
    ]);
    expect(coolTemp).toContain('Limits alarm 95 °C above the chart');
  });
});
