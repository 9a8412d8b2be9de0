/** Physics-based rig simulator (issue 5): scenarios, ground truth and GB 38031 labels. */
export { createRigModel } from './sim-rig-model.js';
export type {
  CellHistory,
  CellLabels,
  CellTruth,
  RunLabels,
  SimOptions,
  SimRigModel,
  SimTruth,
  TruthHistory,
} from './sim-rig-model.js';
export { SCENARIOS, SCENARIO_NAMES, getScenarioInfo } from './scenarios.js';
export type { ParamSpec, ScenarioInfo, ScenarioName } from './scenarios.js';
export { CHEMISTRIES, CHEMISTRY_NAMES, getChemistry } from './chemistry.js';
export type { ChemistryName, ChemistryPreset } from './chemistry.js';
export { GbOnsetDetector, detectGbOnset, GB38031_DEFAULTS } from './gb38031.js';
export type { GbOnset, GbRuleConfig, Trace } from './gb38031.js';
export type { FaultKind, SensorFault, TempProbe } from './sensors.js';
