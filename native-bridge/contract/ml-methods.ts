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

export const ML_METHODS = {
  /** The latest prediction of every cell (empty while the model is not loaded). */
  getPredictions: method(z.object({ deviceId: z.string().max(64).optional() }).strict(), predictionsUpdateSchema),
  getModelInfo: method(z.object({}).strict(), modelInfoSchema),
};

export const ML_EVENTS = {
  /** At most once a second: the latest prediction of every cell. */
  onPredictions: predictionsUpdateSchema,
};
