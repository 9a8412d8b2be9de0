/**
 * The measured-data check of `npm run eval`: public recordings of real cells (../shared/data/measured/
 * beside the project, or STATION_MEASURED_DIR), each file read by the station's own CSV import
 * (history/csv-import.ts), turned into protocol frames as a replay does (devices/replay-source.ts),
 * encoded and decoded, and run through the station's SOC estimate for the folder's chemistry, its safety
 * rules and alarm book, and its risk engine on the real ONNX model, frame by frame without wall-clock
 * pacing (a replay at most 1000× would take a quarter of an hour for 220 cell-hours). Counted per trace:
 * the model's Warning-or-higher and Watch episodes (its class after the hysteresis, before the rules'
 * floor), the
 * station's Warning-or-higher episodes (with the floor) and the rule alarms. None of these traces has a
 * thermal event, so every model Warning is a false alarm. Never tuned on: the figures are only reported.
 *
 *   npx tsx tools/measured-eval.ts [--out <file.json>] [--model <risk-model.onnx>]
 *
 * The chemistry and capacity of a folder are read from its README (the first chemistry family and the
 * first "N Ah" it names). Without the folder the report says so and nothing fails.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CellReading } from '../native-bridge/contract/index.js';
import { cellSpecOf, chemistryFamily } from '../native-bridge/features/cell-chemistry.js';
import { FEATURE_NAMES, FEATURE_SET_VERSION } from '../native-bridge/features/feature-spec.js';
import { ModuleFeatureTracker } from '../native-bridge/features/module-feature-tracker.js';
import { FrameSocEstimators } from '../native-bridge/features/soc-estimator.js';
import { CsvFrameParser, fileChunks, readCsvFrames } from '../native-bridge/history/csv-import.js';
import { toDataFrame, type ReplayFrame } from '../native-bridge/devices/replay-source.js';
import { RiskEngine } from '../native-bridge/ml/risk-engine.js';
import { decisionOf } from '../native-bridge/ml/risk-decision.js';
import { RiskHysteresis } from '../native-bridge/ml/risk-hysteresis.js';
import { decodeLine, encodeFrame } from '../native-bridge/protocol/index.js';
import { AlarmBook } from '../native-bridge/safety/alarm-book.js';
import { SafetyMonitor } from '../native-bridge/safety/safety-monitor.js';
import { DEFAULT_LIMITS } from '../native-bridge/safety/safety-limits.js';
import { cellWindow } from '../native-bridge/features/cell-chemistry.js';
import { frameToReadings } from '../native-bridge/station/frame-readings.js';

const ROOT = resolve(import.meta.dirname, '..');
const WARNING = 2;
const WATCH = 1;

export interface TraceResult {
  name: string;
  chemistry: string;
  capacityAh: number;
  hours: number;
  frames: number;
  modelWarningEpisodes: number;
  modelWarningPerHour: number;
  modelWatchEpisodes: number;
  stationWarningEpisodes: number;
  ruleCodes: string[];
  skippedRows: number;
}

export function measuredDir(): string | null {
  const explicit = process.env.STATION_MEASURED_DIR?.trim();
  const dir = explicit ? resolve(explicit) : resolve(ROOT, '..', 'shared', 'data', 'measured');
  return existsSync(dir) ? dir : null;
}

function folderCell(dir: string): { chemistry: string; capacityAh: number | null } {
  const readme = existsSync(join(dir, 'README.md')) ? readFileSync(join(dir, 'README.md'), 'utf8') : '';
  const ah = /(\d+(?:\.\d+)?)\s*Ah\b/.exec(readme);
  return { chemistry: chemistryFamily(readme) ?? 'NMC', capacityAh: ah ? Number(ah[1]) : null };
}

/** Episodes: rising edges of `cls >= level` per cell, in arrival order. */
class EpisodeCounter {
  private on = new Map<number, boolean>();
  count = 0;
  constructor(private readonly level: number) {}
  feed(cell: number, cls: number): void {
    const now = cls >= this.level;
    if (now && !this.on.get(cell)) this.count++;
    this.on.set(cell, now);
  }
}

export async function evaluateTrace(
  path: string,
  name: string,
  chemistry: string,
  capacityAh: number | null,
  modelPath: string,
): Promise<TraceResult> {
  const cell = cellSpecOf({ chemistry, capacityAh });
  const deviceId = 'MEASURED';
  const book = new AlarmBook(
    () => undefined,
    () => 0,
  );
  const codes = new Set<string>();
  const safety = new SafetyMonitor(
    book,
    () => undefined,
    DEFAULT_LIMITS,
    () => cellWindow(cell),
  );
  const soc = new FrameSocEstimators(() => cell);
  const modelWarn = new EpisodeCounter(WARNING);
  const modelWatch = new EpisodeCounter(WATCH);
  const stationWarn = new EpisodeCounter(WARNING);
  let loadError: string | null = null;
  const engine = new RiskEngine({
    modelPath,
    spec: { version: FEATURE_SET_VERSION, names: FEATURE_NAMES },
    tracker: new ModuleFeatureTracker({ cellOf: () => cell }),
    autoStart: false,
    host: {
      activeRules: () => book.activeAlarms().map((a) => ({ code: a.code, message: a.message, cell: a.cell })),
      notify: (level, _code, message) => {
        if (level === 'error') loadError = message;
      },
    },
  });
  await engine.ready;
  if (loadError) throw new Error(loadError);
  const { holdMs } = decisionOf(engine.info().card!);
  const parser = new CsvFrameParser(0);
  const held = new Map<number, RiskHysteresis>();
  const lastPredictedMs = new Map<number, number>();
  let frames = 0;
  let firstT: number | null = null;
  let lastT = 0;
  const onFrames = async (fs: readonly ReplayFrame[]) => {
    for (const rf of fs) {
      const line = encodeFrame(toDataFrame(rf, deviceId));
      const d = decodeLine(line.slice(0, -1));
      if (!d.ok || d.frame.kind !== 'data') continue;
      const f = d.frame;
      const readings: CellReading[] = frameToReadings(
        f,
        rf.tHostMs,
        soc.update(f.deviceId, f.tDevMs, f.cellMv, f.packMa),
      );
      safety.onReadings(readings);
      for (const a of book.activeAlarms()) codes.add(a.code);
      engine.onReadings(readings);
      frames++;
      firstT ??= f.tDevMs;
      lastT = f.tDevMs;
      // One prediction per device second: run and read each one, as the station's timer would.
      await engine.runOnce();
      const u = engine.update();
      for (const p of u.predictions) {
        if (p.tMs === lastPredictedMs.get(p.cell)) continue;
        lastPredictedMs.set(p.cell, p.tMs);
        // The model's own class after the station's hysteresis, before the rules' floor.
        const h = held.get(p.cell) ?? held.set(p.cell, new RiskHysteresis(holdMs)).get(p.cell)!;
        const modelCls = h.update(RISK[p.rawClass] ?? 0, p.tMs);
        modelWarn.feed(p.cell, modelCls);
        modelWatch.feed(p.cell, modelCls);
        stationWarn.feed(p.cell, p.classIndex);
      }
    }
  };
  await readCsvFrames(fileChunks(path), parser, onFrames);
  await engine.close();
  const hours = firstT === null ? 0 : (lastT - firstT) / 3_600_000;
  return {
    name,
    chemistry: cell.family,
    capacityAh: cell.capacityAh,
    hours,
    frames,
    modelWarningEpisodes: modelWarn.count,
    modelWarningPerHour: hours > 0 ? modelWarn.count / hours : 0,
    modelWatchEpisodes: modelWatch.count,
    stationWarningEpisodes: stationWarn.count,
    ruleCodes: [...codes].sort(),
    skippedRows: parser.skipped,
  };
}

const RISK: Record<string, number> = { Normal: 0, Watch: 1, Warning: 2, Alarm: 3, Runaway: 4 };

async function main() {
  const args = process.argv.slice(2);
  const val = (k: string) => {
    const i = args.indexOf(k);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const out = val('--out');
  const modelPath = resolve(val('--model') ?? join(ROOT, 'models/risk-model.onnx'));
  const dir = measuredDir();
  let report: unknown;
  if (!dir) {
    const note =
      'No measured traces: ../shared/data/measured/ is not beside this checkout (and STATION_MEASURED_DIR is not set), so the measured-data figures were NOT computed.';
    console.log(note);
    report = { present: false, note };
  } else {
    const traces: TraceResult[] = [];
    for (const folder of readdirSync(dir).sort()) {
      const fdir = join(dir, folder);
      if (!existsSync(join(fdir, 'README.md'))) continue;
      const { chemistry, capacityAh } = folderCell(fdir);
      for (const file of readdirSync(fdir)
        .filter((f) => f.endsWith('.csv'))
        .sort()) {
        const r = await evaluateTrace(join(fdir, file), `${folder}/${file}`, chemistry, capacityAh, modelPath);
        traces.push(r);
        console.log(
          `${r.name}: ${r.hours.toFixed(2)} h ${r.chemistry}, model Warning+ ${r.modelWarningEpisodes}, Watch ${r.modelWatchEpisodes}, station Warning+ ${r.stationWarningEpisodes}, rules ${r.ruleCodes.join(' ') || '–'}`,
        );
      }
    }
    const sum = (k: keyof TraceResult) => traces.reduce((s, t) => s + (t[k] as number), 0);
    const hours = sum('hours');
    report = {
      present: true,
      dir,
      note: `Read from ${dir}: each file through the station's CSV import, replay framing, decoder, SOC estimate (the folder's chemistry), safety rules and risk engine (${modelPath}), frame by frame. No trace has a thermal event.`,
      traces,
      total: {
        hours,
        modelWarningEpisodes: sum('modelWarningEpisodes'),
        modelWarningPerHour: hours > 0 ? sum('modelWarningEpisodes') / hours : 0,
        modelWatchEpisodes: sum('modelWatchEpisodes'),
        stationWarningEpisodes: sum('stationWarningEpisodes'),
      },
    };
  }
  if (out) writeFileSync(out, JSON.stringify(report, null, 1) + '\n');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((e) => {
    console.error((e as Error).message);
    process.exit(1);
  });
}
