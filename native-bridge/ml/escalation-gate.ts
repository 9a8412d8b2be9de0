/**
 * When the model may not raise a cell above Watch on its own, whatever its probabilities say (the
 * safety rules still raise anything): for ESCALATION_GATE.warmupS after the cell's windows were reset
 * (a reboot, a gap, a new device: rates over too little history are noise), and while one of the
 * cell's channels is flagged faulty and the cell is cool (a noisy or frozen probe on a cell below the
 * charge limit is a wiring problem, not a fire; a flagged probe on a hot cell may be a probe the fire is
 * damaging, so the model keeps its say there). One function, used by the station's risk engine and by
 * the dataset export (its `cap` column), so the evaluation counts what the station shows.
 */
export const ESCALATION_GATE = Object.freeze({
  /** History the windows need before the model may escalate, s. */
  warmupS: 60,
  /** "Cool": the cell's hottest reading of the last 15 min is below this, °C (the 45 °C charge limit). */
  coolBelowC: 45,
});

const WATCH = 1;
const RUNAWAY = 4;

/**
 * The gate for a model's feature columns (by name, so a model of another feature set gates on what it
 * has): a function from a row and its sensor-fault flag to the highest class the model may show on its
 * own, Runaway (no cap) or Watch.
 */
export function escalationGate(
  names: readonly string[],
): (values: ArrayLike<number>, sensorFault: string | null) => number {
  const iHistory = names.indexOf('history_s');
  const iTmax = names.indexOf('temp_max_900s');
  return (values, sensorFault) => {
    if (iHistory >= 0 && !(values[iHistory]! >= ESCALATION_GATE.warmupS)) return WATCH;
    if (sensorFault !== null && !(iTmax >= 0 && values[iTmax]! >= ESCALATION_GATE.coolBelowC)) return WATCH;
    return RUNAWAY;
  };
}
