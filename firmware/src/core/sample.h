// One sample of every channel, in wire units, with the reason a channel has no value.
#pragma once

#include <cstdint>

namespace evb {

constexpr uint8_t kMaxRigCells = 16;  // one CD74HC4067 per signal type

enum class FaultKind : uint8_t {
  kNone,
  kOpen,   // thermistor or tap wire open
  kShort,  // thermistor shorted
  kRange,  // reading outside what the sensor or the ADC can represent
  kAdc,    // the ADC read failed
  kBus,    // I2C device does not answer
  kCrc,    // I2C device answered with a bad checksum
  kStale,  // no fresh measurement for too long
  kReset,  // the device lost its configuration (power glitch) and is being set up again
};

// The `fault=` value in SENSOR_FAULT events.
const char* faultName(FaultKind fault);

struct Reading {
  int32_t value = 0;
  bool valid = false;               // value usable
  FaultKind fault = FaultKind::kNone;  // why not, when it is a fault (not merely "not fitted")

  static Reading of(int32_t v) { return Reading{v, true, FaultKind::kNone}; }
  static Reading faulted(FaultKind f) { return Reading{0, false, f}; }
  static Reading absent() { return Reading{}; }
};

struct Sample {
  uint64_t tMs = 0;
  uint8_t cellCount = 0;
  Reading cellMv[kMaxRigCells];
  Reading cellTempCc[kMaxRigCells];
  Reading packMa;
  Reading ambientCc;
  Reading humidityCpct;
};

}  // namespace evb
