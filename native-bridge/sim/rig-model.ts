/**
 * What a simulated rig must provide to the simulator source: physics advances in simulated seconds and
 * the sensors are read in engineering units. The source quantises and frames them as protocol v1, so the
 * simulator exercises the same decoder as a real ESP32.
 */

export interface RigSample {
  /** Terminal voltage per cell as the rig's ADC reads it; `null` = channel faulted. */
  cellVoltageV: (number | null)[];
  /** Surface thermistor reading per cell; `null` = open or shorted NTC. */
  cellTempC: (number | null)[];
  /** Pack current, positive = discharge; `null` = no current sensor. */
  packCurrentA: number | null;
  ambientC: number | null;
  humidityPct: number | null;
  /** Devices normally leave SOC to the station (`null`). */
  socPct: number | null;
  /** Device-side status bits (protocol STATUS_BITS), e.g. a sensor fault. */
  status: number;
  /** Sensor-fault scenarios: this sample's frame is lost on the wire. */
  dropFrame?: boolean;
  /** Sensor-fault scenarios: the device rebooted just before this sample (new boot id, seq restarts). */
  rebooted?: boolean;
}

export interface RigModel {
  readonly cellCount: number;
  /** Advances the physics by `dtS` simulated seconds. */
  step(dtS: number): void;
  /** Reads the sensors at the current simulated time. */
  sample(): RigSample;
  /** The rig relay between the cells and the cycler; the simulator's RELAY command drives it. */
  setRelayOpen?(open: boolean): void;
}
