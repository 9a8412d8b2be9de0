#include "simulated_chips.h"

#include "ina226.h"
#include "sht31.h"

namespace evb {
namespace host {

void SimulatedIna226::powerCycle() {
  pointer_ = 0;
  config_ = 0x4127;
  calibration_ = 0;
}

uint16_t SimulatedIna226::registerValue(uint8_t reg) const {
  const int16_t shunt = ina226::shuntRegisterForCurrent(currentMa_, shuntMicroOhm_);
  switch (reg) {
    case ina226::kRegConfig:
      return config_;
    case ina226::kRegShunt:
      return static_cast<uint16_t>(shunt);
    case ina226::kRegCurrent:
      return static_cast<uint16_t>(ina226::currentRegisterFromShunt(shunt, calibration_));
    case ina226::kRegCalibration:
      return calibration_;
    case ina226::kRegManufacturerId:
      return ina226::kManufacturerIdTi;
    case ina226::kRegDieId:
      return ina226::kDieIdIna226;
    default:
      return 0;
  }
}

bool SimulatedIna226::write(const uint8_t* data, size_t length) {
  if (length == 0) return true;
  pointer_ = data[0];
  if (length == 3) {
    const uint16_t value = static_cast<uint16_t>((data[1] << 8) | data[2]);
    if (pointer_ == ina226::kRegConfig) config_ = static_cast<uint16_t>(value | 0x4000);
    if (pointer_ == ina226::kRegCalibration) calibration_ = static_cast<uint16_t>(value & 0x7FFF);
  }
  return length == 1 || length == 3;
}

bool SimulatedIna226::read(uint8_t* data, size_t length) {
  const uint16_t v = registerValue(pointer_);
  if (length >= 1) data[0] = static_cast<uint8_t>(v >> 8);
  if (length >= 2) data[1] = static_cast<uint8_t>(v & 0xFF);
  return length == 2;
}

void SimulatedSht31::set(int32_t tempCc, int32_t humidityCpct, uint64_t nowMs) {
  tempCc_ = tempCc;
  humidityCpct_ = humidityCpct;
  nowMs_ = nowMs;
}

bool SimulatedSht31::write(const uint8_t* data, size_t length) {
  if (length != 2) return false;
  const uint16_t cmd = static_cast<uint16_t>((data[0] << 8) | data[1]);
  fetchArmed_ = false;
  if (cmd == sht31::kCmdPeriodic1mpsHigh) {
    periodic_ = true;
    periodicStartMs_ = nowMs_;
    lastFetchedIndex_ = 0;
  } else if (cmd == sht31::kCmdFetchData) {
    fetchArmed_ = periodic_;
  } else if (cmd == sht31::kCmdBreak || cmd == sht31::kCmdSoftReset) {
    periodic_ = false;
  }
  return true;
}

bool SimulatedSht31::read(uint8_t* data, size_t length) {
  if (!fetchArmed_ || length != 6) return false;
  fetchArmed_ = false;
  // Measurement n completes at start + n s (a high-repeatability conversion takes <= 15 ms).
  const uint64_t index = (nowMs_ - periodicStartMs_) / 1000;
  if (index == 0 || index == lastFetchedIndex_) return false;
  lastFetchedIndex_ = index;
  sht31::encodeMeasurement(tempCc_, humidityCpct_, data);
  if (corruptCrc_) data[2] ^= 0x01;
  return true;
}

}  // namespace host
}  // namespace evb
