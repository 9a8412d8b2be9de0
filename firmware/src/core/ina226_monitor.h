// Drives an INA226 over I2C: checks its identity, programs configuration and calibration, and
// reads the pack current. The calibration register is read back with every sample: a supply
// glitch resets the chip to CAL = 0, after which it reports 0 A forever - which would silently
// disable the over-current trip. A mismatch is a fault and triggers a fresh setup.
#pragma once

#include <cstdint>

#include "i2c_bus.h"
#include "rig_config.h"
#include "sample.h"

namespace evb {

class Ina226Monitor {
 public:
  void configure(const Ina226Config& config);
  Reading read(I2cBus& bus);

  // 16 samples x 1.1 ms x 2 channels = 35 ms per average: fresh data for every 100 ms sample
  // and enough averaging to smooth PWM charger ripple.
  static uint16_t configValue();

 private:
  bool setup(I2cBus& bus);
  bool readRegister(I2cBus& bus, uint8_t reg, uint16_t& value);
  bool writeRegister(I2cBus& bus, uint8_t reg, uint16_t value);

  Ina226Config config_{};
  uint16_t calibration_ = 0;
  bool ready_ = false;
};

}  // namespace evb
