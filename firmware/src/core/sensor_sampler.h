// Reads every channel through the HAL and converts it to wire units: thermistors, balance taps
// (cell voltages), INA226 pack current, ambient temperature and humidity.
#pragma once

#include <cstdint>

#include "ambient_sensor.h"
#include "hal.h"
#include "ina226_monitor.h"
#include "rig_config.h"
#include "sample.h"

namespace evb {

class SensorSampler {
 public:
  void configure(const RigConfig& config, uint64_t nowMs);
  void sample(Hal& hal, uint64_t nowMs, Sample& out);

 private:
  const RigConfig* config_ = nullptr;
  Ina226Monitor ina226_;
  AmbientSensor ambient_;
};

}  // namespace evb
