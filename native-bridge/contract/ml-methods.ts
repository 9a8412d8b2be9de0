/**
 * Requests and events of the thermal-runaway risk model: the latest prediction per cell and the model
 * card with its load state. The model is advisory: the rule-based safety layer always runs and
 * outranks it, and a prediction says so (`ruleOverride`) when a rule set its class.
 */
import { z } from 'zod';
import { method } from './method.js';

export const RISK_CLASSES = ['Normal', 'Watch', 'Warning', 'Alarm', 'Runaway'] as const;
export const riskClassSchema = z.enum(RISK_CLASSES);
export type RiskClass = z.infer<typeof riskClassSchema>;

/** Normal: none, Watch: low, Warning: medium, Alarm: high, Runaway: critical (issue 6). */
export const riskSeveritySchema = z.enum(['none', 'low', 'medium', 'high', 'critical']);
export type RiskSeverity = z.infer<typeof riskSeveritySchema>;

/**
 * How far the prediction can be trusted. `not-applicable`: the inputs are outside what the model was
 * trained on, so its class means nothing; `low`: stale data or a sensor fault.
 */
export const reliabilitySchema = z.enum(['high', 'medium', 'low', 'not-applicable']);
export type Reliability = z.infer<typeof reliabilitySchema>;

export const riskDriverSchema = z.object({
  feature: z.string(),
  unit: z.string(),
  /** The feature's value in this row; null when it was not available (NaN in the feature code). */
  value: z.number().nullable(),
  /** Drop of the predicted class's probability when this feature is set to its typical training value. */
  effect: z.number(),
});
export type RiskDriver = z.infer<typeof riskDriverSchema>;

export const ruleOverrideSchema = z.object({
  /** The safety rule's code (`RUNAWAY`, `T_MAX`, `T_ALARM`, `RISE`, `V_HIGH`, `V_LOW`, `T_WARN`). */
  rule: z.string(),
  /** The class the rule holds the cell at, at least. */
  floorClass: riskClassSchema,
  message: z.string(),
});
export type RuleOverride = z.infer<typeof ruleOverrideSchema>;

/** The floor a runaway alarm that still stands sets (safety/runaway-hold.ts), ranked with RUNAWAY. */
export const RUNAWAY_STANDING = 'RUNAWAY_STANDING';

/**
 * Safety rule code → the lowest class index to show while it holds, strongest first: what the risk
 * engine lifts a cell to (ml/rule-floor.ts says why each), and how the Insights tab names the rule that
 * decides a class (T_MAX is as critical an alarm as RUNAWAY, but holds a cell at Alarm, not Runaway).
 * A sensor fault sets no floor. SELF_HEAT stands before T_WARN (same floor): it says more.
 */
export const RULE_FLOOR: readonly (readonly [code: string, floor: number])[] = [
  ['RUNAWAY', 4],
  [RUNAWAY_STANDING, 4],
  ['T_MAX', 3],
  ['RISE', 3],
  ['T_ALARM', 3],
  ['V_HIGH', 3],
  ['V_LOW', 3],
  ['SELF_HEAT', 1],
  ['T_WARN', 1],
];

/**
 * Rules that set a higher floor together than either alone: [rule, the rule beside it, floor]. A cell
 * heating by itself past the watch line (SELF_HEAT while T_WARN holds) is a warning; below the line it
 * is one to watch, as a cell at the line without self-heating is (ml/rule-floor.ts says why).
 */
export const RULE_FLOOR_TOGETHER: readonly (readonly [code: string, beside: string, floor: number])[] = [
  ['SELF_HEAT', 'T_WARN', 2],
];

/**
 * Of these rule codes, the one that decides the floor, the floor's class index and, when two rules set
 * it together, the other; null if none sets one.
 */
export function floorOfRules(codes: Iterable<string>): { rule: string; floor: number; beside?: string } | null {
  const have = new Set(codes);
  let best: { rule: string; floor: number; beside?: string } | null = null;
  for (const [rule, floor] of RULE_FLOOR)
    if (have.has(rule)) {
      best = { rule, floor };
      break;
    }
  for (const [rule, beside, floor] of RULE_FLOOR_TOGETHER)
    if (have.has(rule) && have.has(beside) && floor > (best?.floor ?? -1)) best = { rule, floor, beside };
  return best;
}

/** Of these rule codes, the one that decides the floor (floorOfRules), or null if none sets one. */
export function strongestFloorRule(codes: Iterable<string>): string | null {
  return floorOfRules(codes)?.rule ?? null;
}

/**
 * The model's estimate of the time until this cell's thermal-runaway onset (the GB 38031 rule of
 * native-bridge/safety firing), s: the median and an 80 % interval (10th to 90th percentile).
 * `highS` is null when the interval reaches past the model's horizon ("longer than horizonS"). The
 * whole estimate is null when the model makes none: no model, inputs outside its training range, or
 * an onset within the horizon less likely than not.
 */
export const timeToRunawaySchema = z.object({
  medianS: z.number().nonnegative(),
  lowS: z.number().nonnegative(),
  highS: z.number().nonnegative().nullable(),
  /** The furthest the model looks ahead, s. */
  horizonS: z.number().positive(),
});
export type TimeToRunaway = z.infer<typeof timeToRunawaySchema>;

export const predictionSchema = z.object({
  deviceId: z.string(),
  cell: z.number().int().min(1),
  /** Device time of the features the prediction was made from. */
  tMs: z.number(),
  /** Host time the readings behind it arrived. */
  tHostMs: z.number(),
  /** The class shown: the model's after hysteresis, raised to the safety rules' floor. */
  classIndex: z.number().int().min(0).max(4),
  className: riskClassSchema,
  probabilities: z.array(z.number()).length(5),
  /** The highest class probability of this run. */
  confidence: z.number(),
  reliability: reliabilitySchema,
  reasons: z.array(z.string()),
  severity: riskSeveritySchema,
  recommendation: z.string(),
  drivers: z.array(riskDriverSchema),
  modelVersion: z.string(),
  /** The model's class for this run alone, before hysteresis and rules. */
  rawClass: riskClassSchema,
  ruleOverride: ruleOverrideSchema.nullable(),
  /** Estimated time to runaway with its uncertainty; null when the model gives none. */
  timeToRunaway: timeToRunawaySchema.nullable(),
});
export type Prediction = z.infer<typeof predictionSchema>;

export const modelStateSchema = z.enum(['loading', 'loaded', 'unavailable', 'disabled']);
export type ModelState = z.infer<typeof modelStateSchema>;

export const modelCardFeatureSchema = z.object({
  name: z.string(),
  unit: z.string(),
  doc: z.string(),
  /** Range of the feature in the training data. */
  min: z.number(),
  max: z.number(),
});

/** The time bins the model predicts the onset in (onset − t in (lowerS, upperS] s; null = unbounded). */
export const onsetBinSchema = z.object({
  lowerS: z.number().nullable(),
  upperS: z.number().nullable(),
  riskClass: riskClassSchema,
});

const probability = z.number().min(0).max(1);

/** The model card as `models/risk-model.card.json` holds it; fields beyond these are kept as they are. */
export const modelCardSchema = z
  .object({
    modelVersion: z.string().min(1),
    featureSetVersion: z.string().min(1),
    classes: z.array(z.string()).length(5),
    input: z.object({ name: z.string() }).loose(),
    outputs: z.object({ label: z.string(), probabilities: z.string() }).loose(),
    features: z.array(modelCardFeatureSchema.loose()).min(1),
    onsetBins: z.array(onsetBinSchema).min(2),
    horizonS: z.number().positive(),
    /** The class decision: thresholds on the cumulative onset probabilities, tuned on validation runs. */
    decision: z
      .object({
        thresholds: z.object({ runaway: probability, alarm: probability, warning: probability, watch: probability }),
        /** The hysteresis hold (s of device time) before the shown class steps down; cards before v6.1 have none. */
        holdS: z.number().min(0).max(600).optional(),
        /** The time-to-onset interval's scale about the median in log time (v6.2); none means 1. */
        ttoIntervalSpread: z.number().positive().max(10).optional(),
      })
      .loose(),
    labelDefinition: z.unknown(),
    trainingData: z.object({ manifestSha256: z.string() }).loose(),
    metrics: z.unknown(),
    createdAt: z.string(),
  })
  .loose();
export type ModelCard = z.infer<typeof modelCardSchema>;

export const modelInfoSchema = z.object({
  state: modelStateSchema,
  /** The model file the station loads (or tried to). */
  path: z.string().nullable(),
  cardPath: z.string().nullable(),
  /** Why the model is not in use, in words an operator can pass on. */
  error: z.string().nullable(),
  modelVersion: z.string().nullable(),
  fileBytes: z.number().nullable(),
  loadedAtMs: z.number().nullable(),
  card: modelCardSchema.nullable(),
  /** Without a model only the safety rules (hard limits, GB 38031 runaway rule) raise alarms. */
  rulesOnly: z.boolean(),
  runs: z.object({
    runs: z.number().int(),
    rowsPredicted: z.number().int(),
    /** Timer ticks skipped because the previous run had not finished. */
    skippedTicks: z.number().int(),
    /** Per-second feature rows dropped because inference fell behind (replay faster than the model). */
    droppedRows: z.number().int(),
    lastRunMs: z.number().nullable(),
    lastBatchRows: z.number().int(),
  }),
});
export type ModelInfo = z.infer<typeof modelInfoSchema>;

export const predictionsUpdateSchema = z.object({
  nowMs: z.number(),
  modelState: modelStateSchema,
  modelVersion: z.string().nullable(),
  predictions: z.array(predictionSchema),
});
export type PredictionsUpdate = z.infer<typeof predictionsUpdateSchema>;

/** One reading handed to the model for analysis (units as in CellReading; the device id is optional). */
export const readingInputSchema = z
  .object({
    deviceId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,32}$/)
      .default('ANALYSIS'),
    cell: z.number().int().min(1).max(32),
    /** Device time, ms: the feature windows run on it (a reading a second for the model). */
    tDevMs: z.number().min(0).max(9_007_199_254_740_991),
    tHostMs: z.number().min(0).max(8.64e15).optional(),
    voltageV: z.number().min(0).max(65.535).nullable(),
    tempC: z.number().min(-55).max(1500).nullable(),
    currentA: z.number().min(-2000).max(2000).nullable().default(null),
    ambientC: z.number().min(-55).max(150).nullable().default(null),
    humidityPct: z.number().min(0).max(100).nullable().default(null),
    socPct: z.number().min(0).max(100).nullable().default(null),
  })
  .strict();
export type ReadingInput = z.input<typeof readingInputSchema>;

/** At most this many readings in one window, and in one request. */
export const ANALYSIS_MAX_READINGS = 20_000;

const readingWindowSchema = z.array(readingInputSchema).min(1).max(ANALYSIS_MAX_READINGS);

/** The model's view of posted readings: one prediction per cell, from its last reading. */
export const analysisSchema = z.object({
  modelState: modelStateSchema,
  modelVersion: z.string().nullable(),
  predictions: z.array(predictionSchema),
});
export type Analysis = z.infer<typeof analysisSchema>;

export const trendPointSchema = z.object({
  tMs: z.number(),
  tHostMs: z.number(),
  classIndex: z.number().int().min(0).max(4),
  className: riskClassSchema,
  confidence: z.number(),
  /** The class expected under the probabilities, 0 (Normal) … 4 (Runaway). */
  riskScore: z.number(),
});
export type TrendPoint = z.infer<typeof trendPointSchema>;

export const predictionTrendSchema = z.object({
  deviceId: z.string(),
  cell: z.number().int(),
  /** The last predictions of the cell, oldest first (at most 10). */
  points: z.array(trendPointSchema).max(10),
  /** `unknown` with fewer than three points. */
  trend: z.enum(['rising', 'steady', 'falling', 'unknown']),
  /** Least-squares slope of the risk score, per minute of device time. */
  slopePerMin: z.number().nullable(),
});
export type PredictionTrend = z.infer<typeof predictionTrendSchema>;

/** One device-second of a cell's prediction history (ml/prediction-history.ts). */
export const predictionHistoryPointSchema = z.object({
  /** Device time, ms. */
  tMs: z.number(),
  /** The class shown then (after hysteresis and the rules' floor), 0 Normal … 4 Runaway. */
  classIndex: z.number().int().min(0).max(4),
  /** The model's five class probabilities, Normal … Runaway; null where its inputs were outside its training. */
  probabilities: z.array(z.number().min(0).max(1)).length(5).nullable(),
  tempC: z.number().nullable(),
});
export type PredictionHistoryPoint = z.infer<typeof predictionHistoryPointSchema>;

export const predictionHistorySchema = z.object({
  deviceId: z.string(),
  cell: z.number().int(),
  /** The cell's newest device time, ms (null: no prediction kept); the chart's "now". */
  newestMs: z.number().nullable(),
  /** Oldest first. */
  points: z.array(predictionHistoryPointSchema).max(3600),
});
export type PredictionHistoryResult = z.infer<typeof predictionHistorySchema>;

/** What the model was trained on, from its card. */
export const trainingStatsSchema = z.object({
  modelVersion: z.string(),
  featureSetVersion: z.string(),
  rows: z.number().int().nullable(),
  runs: z.number().int().nullable(),
  /** Rows per class (Normal … Runaway). */
  countsByClass: z.record(z.string(), z.number().int()),
  /** Rows per split (train, val, test) and class. */
  countsBySplit: z.record(z.string(), z.record(z.string(), z.number().int())),
  features: z.array(z.object({ name: z.string(), unit: z.string(), min: z.number(), max: z.number() })),
  labelDefinition: z.unknown(),
  metrics: z.unknown(),
  createdAt: z.string(),
});
export type TrainingStats = z.infer<typeof trainingStatsSchema>;

export const ML_METHODS = {
  /** The latest prediction of every cell (empty while the model is not loaded). */
  getPredictions: method(z.object({ deviceId: z.string().max(64).optional() }).strict(), predictionsUpdateSchema),
  getModelInfo: method(z.object({}).strict(), modelInfoSchema),
  /** A window of readings in, a prediction per cell out; nothing stored, the station's state untouched. */
  analyzeReadings: method(z.object({ readings: readingWindowSchema }).strict(), analysisSchema),
  /** Many windows in one model run; results in the order given. */
  predictBatch: method(
    z
      .object({
        windows: z
          .array(z.object({ readings: readingWindowSchema }).strict())
          .min(1)
          .max(100),
      })
      .strict(),
    z.object({ results: z.array(analysisSchema) }),
  ),
  /** The model over the station's own last `limit` readings (of one device), as a fresh window. */
  analyzeRecent: method(
    z
      .object({
        limit: z.number().int().min(10).max(ANALYSIS_MAX_READINGS).default(600),
        deviceId: z.string().max(64).optional(),
      })
      .strict(),
    analysisSchema,
  ),
  /** Each cell's last ten predictions and their trend. */
  getPredictionTrends: method(
    z.object({ deviceId: z.string().max(64).optional() }).strict(),
    z.object({ nowMs: z.number(), modelVersion: z.string().nullable(), trends: z.array(predictionTrendSchema) }),
  ),
  /**
   * A cell's class, probabilities and temperature over its last hour of device time (from `sinceMs`,
   * device ms), at most `maxPoints` (a longer stretch keeps each bucket's highest class).
   */
  getPredictionHistory: method(
    z
      .object({
        deviceId: z.string().min(1).max(64),
        cell: z.number().int().min(1).max(32),
        sinceMs: z.number().min(0).max(8.64e15).optional(),
        maxPoints: z.number().int().min(10).max(3600).default(720),
      })
      .strict(),
    predictionHistorySchema,
  ),
  /** The training data's statistics from the model card (`model.unavailable` without a model). */
  getTrainingStats: method(z.object({}).strict(), trainingStatsSchema),
};

export const ML_EVENTS = {
  /** At most once a second: the latest prediction of every cell. */
  onPredictions: predictionsUpdateSchema,
};
