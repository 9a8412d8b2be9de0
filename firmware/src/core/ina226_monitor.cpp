#include "ina226_monitor.h"

#include "ina226.h"

namespace evb {

uint16_t Ina226Monitor::configValue() {
  return ina226::configRegister(ina226::Averages::k16, ina226::ConversionTime::k1100us,
                                ina226::ConversionTime::k1100us, ina226::Mode::kShuntAndBusContinuous);
}

void Ina226Monitor::configure(const Ina226Config& config) {
  config_ = config;
  calibration_ = ina226::calibrationRegister(config.shuntMicroOhm, config.currentLsbUa);
  ready_ = false;
}

bool Ina226Monitor::readRegister(I2cBus& bus, uint8_t reg, uint16_t& value) {
  // The register pointer is set by a write, then the read returns MSB first (SBOS547, Figure 15).
  uint8_t bytes[2];
  if (!bus.write(config_.address, &reg, 1) || !bus.read(config_.address, bytes, 2)) return false;
  value = static_cast<uint16_t>((bytes[0] << 8) | bytes[1]);
  return true;
}

bool Ina226Monitor::writeRegister(I2cBus& bus, uint8_t reg, uint16_t value) {
  const uint8_t bytes[3] = {reg, static_cast<uint8_t>(value >> 8), static_cast<uint8_t>(value & 0xFF)};
  return bus.write(config_.address, bytes, 3);
}

bool Ina226Monitor::setup(I2cBus& bus) {
  uint16_t id = 0;
  if (!readRegister(bus, ina226::kRegManufacturerId, id) || id != ina226::kManufacturerIdTi) return false;
  if (!writeRegister(bus, ina226::kRegConfig, configValue())) return false;
  if (!writeRegister(bus, ina226::kRegCalibration, calibration_)) return false;
  uint16_t readBack = 0;
  return readRegister(bus, ina226::kRegCalibration, readBack) && readBack == calibration_;
}

Reading Ina226Monitor::read(I2cBus& bus) {
  if (!config_.fitted) return Reading::absent();
  if (!ready_) {
    ready_ = setup(bus);
    if (!ready_) return Reading::faulted(FaultKind::kBus);
  }
  uint16_t current = 0;
  uint16_t calibration = 0;
  if (!readRegister(bus, ina226::kRegCurrent, current) || !readRegister(bus, ina226::kRegCalibration, calibration)) {
    ready_ = false;
    return Reading::faulted(FaultKind::kBus);
  }
  if (calibration != calibration_) {
    ready_ = false;
    return Reading::faulted(FaultKind::kReset);
  }
  int32_t ma = ina226::currentMa(static_cast<int16_t>(current), config_.currentLsbUa);
  if (config_.invert) ma = -ma;
  return Reading::of(ma);
}

}  // namespace evb
