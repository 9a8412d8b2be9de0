#include "ambient_sensor.h"

#include "dht22.h"
#include "sht31.h"

namespace evb {

void AmbientSensor::configure(const RigConfig& config, uint64_t nowMs) {
  kind_ = config.ambient;
  address_ = config.sht31Address;
  staleMs_ = config.ambientStaleMs;
  periodicStarted_ = false;
  haveValue_ = false;
  // Counting from configuration gives the sensor its first measurement time before it can be
  // called stale, so a normal boot does not start with a SENSOR_FAULT.
  lastGoodMs_ = nowMs;
  dht22Polled_ = false;
  lastError_ = FaultKind::kStale;
}

bool AmbientSensor::sendSht31Command(I2cBus& bus, uint16_t command) {
  const uint8_t bytes[2] = {static_cast<uint8_t>(command >> 8), static_cast<uint8_t>(command & 0xFF)};
  return bus.write(address_, bytes, 2);
}

bool AmbientSensor::pollSht31(I2cBus& bus, uint64_t /*nowMs*/) {
  if (!periodicStarted_) {
    periodicStarted_ = sendSht31Command(bus, sht31::kCmdPeriodic1mpsHigh);
    if (!periodicStarted_) {
      lastError_ = FaultKind::kBus;
      return false;
    }
  }
  if (!sendSht31Command(bus, sht31::kCmdFetchData)) {
    // The address itself is not acknowledged: the sensor is gone or was reset; restart it.
    periodicStarted_ = false;
    lastError_ = FaultKind::kBus;
    return false;
  }
  uint8_t raw[6];
  if (!bus.read(address_, raw, 6)) return false;  // NACK: no new measurement yet, not an error
  int32_t t = 0;
  int32_t rh = 0;
  if (!sht31::decodeMeasurement(raw, t, rh)) {
    lastError_ = FaultKind::kCrc;
    return false;
  }
  tempCc_ = t;
  humidityCpct_ = rh;
  return true;
}

bool AmbientSensor::pollDht22(Hal& hal, uint64_t nowMs) {
  if (dht22Polled_ && nowMs - lastDht22ReadMs_ < dht22::kMinReadIntervalMs) return false;
  dht22Polled_ = true;
  lastDht22ReadMs_ = nowMs;
  uint8_t bytes[5];
  if (!hal.readDht22(bytes)) {
    lastError_ = FaultKind::kBus;
    return false;
  }
  int32_t t = 0;
  int32_t rh = 0;
  if (!dht22::decode(bytes, t, rh)) {
    lastError_ = FaultKind::kCrc;
    return false;
  }
  tempCc_ = t;
  humidityCpct_ = rh;
  return true;
}

void AmbientSensor::read(Hal& hal, uint64_t nowMs, Reading& tempCc, Reading& humidityCpct) {
  if (kind_ == AmbientSensorKind::kNone) {
    tempCc = Reading::absent();
    humidityCpct = Reading::absent();
    return;
  }
  const bool fresh = kind_ == AmbientSensorKind::kSht31 ? pollSht31(hal.i2c(), nowMs) : pollDht22(hal, nowMs);
  if (fresh) {
    haveValue_ = true;
    lastGoodMs_ = nowMs;
    lastError_ = FaultKind::kStale;
  }
  if (nowMs - lastGoodMs_ >= staleMs_) {
    haveValue_ = false;
    tempCc = Reading::faulted(lastError_);
    humidityCpct = Reading::faulted(lastError_);
    return;
  }
  if (!haveValue_) {
    tempCc = Reading::absent();  // still waiting for the first measurement
    humidityCpct = Reading::absent();
    return;
  }
  // The SHT31 measures down to -40 degC and the protocol carries up to 150 degC for ambient.
  tempCc = tempCc_ < -5500 || tempCc_ > 15000 ? Reading::faulted(FaultKind::kRange) : Reading::of(tempCc_);
  humidityCpct = Reading::of(humidityCpct_ < 0 ? 0 : (humidityCpct_ > 10000 ? 10000 : humidityCpct_));
}

}  // namespace evb
