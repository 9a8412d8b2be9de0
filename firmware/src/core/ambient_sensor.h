// Room temperature and humidity from an SHT31 (I2C) or a DHT22 (single wire). Both deliver a new
// value at most every 1-2 s, so the last good value is reported until it is older than the
// configured stale time; only then is the channel faulted, with the last error seen as reason.
#pragma once

#include <cstdint>

#include "hal.h"
#include "rig_config.h"
#include "sample.h"

namespace evb {

class AmbientSensor {
 public:
  void configure(const RigConfig& config, uint64_t nowMs);
  void read(Hal& hal, uint64_t nowMs, Reading& tempCc, Reading& humidityCpct);

 private:
  bool pollSht31(I2cBus& bus, uint64_t nowMs);
  bool pollDht22(Hal& hal, uint64_t nowMs);
  bool sendSht31Command(I2cBus& bus, uint16_t command);

  AmbientSensorKind kind_ = AmbientSensorKind::kNone;
  uint8_t address_ = 0x44;
  uint32_t staleMs_ = 5000;
  bool periodicStarted_ = false;
  bool haveValue_ = false;
  int32_t tempCc_ = 0;
  int32_t humidityCpct_ = 0;
  uint64_t lastGoodMs_ = 0;
  uint64_t lastDht22ReadMs_ = 0;
  bool dht22Polled_ = false;
  FaultKind lastError_ = FaultKind::kStale;
};

}  // namespace evb
