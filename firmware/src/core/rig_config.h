// Everything that describes one rig: cell count, sample period, host timeout, limits, and the
// analog front end with its per-channel calibration. The ESP32 build fills it from
// platform/esp32/rig_settings.h; the virtual rig from its script and command line.
#pragma once

#include <cstdint>

#include "cell_taps.h"
#include "limit_config.h"
#include "ntc.h"
#include "sample.h"
#include "text_builder.h"

namespace evb {

enum class AmbientSensorKind : uint8_t { kNone, kSht31, kDht22 };

struct Ina226Config {
  bool fitted;
  uint8_t address;
  uint32_t shuntMicroOhm;
  uint32_t currentLsbUa;
  // The protocol's packMa is positive on discharge; set when the shunt is wired the other way.
  bool invert;
};

struct RigConfig {
  uint8_t cellCount;
  uint32_t periodMs;
  uint32_t hostTimeoutMs;
  LimitConfig limits;

  NtcFrontEnd ntcFrontEnd;
  NtcModel ntcModel[kMaxRigCells];
  NtcChannelCal ntcCal[kMaxRigCells];

  TapFrontEnd tapFrontEnd;
  TapCal tapCal[kMaxRigCells];

  Ina226Config ina226;

  AmbientSensorKind ambient;
  uint8_t sht31Address;
  // An ambient sensor without a fresh reading for this long is reported faulted.
  uint32_t ambientStaleMs;
};

// Defaults of the reference rig in README.md: 4 cells at 1 Hz, 10 kOhm B3950 NTCs on 10 kOhm
// series resistors, taps divided by 1.5 x tap number, a 2 mOhm shunt with a 1 mA current LSB
// (the TI datasheet's worked example), an SHT31, and Li-ion NMC limits.
RigConfig defaultRigConfig();

// Checks ranges the rest of the firmware relies on; on failure names the offending setting.
bool validateRigConfig(const RigConfig& config, const char** problem);

// Hello's channel map, e.g. "ntc:4;vdiv:4;ina226;sht31".
void formatChannelMap(const RigConfig& config, TextBuilder<200>& out);

}  // namespace evb
