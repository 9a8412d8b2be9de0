// Build-time settings of one physical rig. Override any EVB_* value with a build flag in
// platformio.ini (e.g. -DEVB_CELL_COUNT=8) and put measured calibration in rig_settings.cpp.
// The protocol has no command to change limits on purpose: the rig's own protection must not be
// something a buggy or compromised station can switch off.
#pragma once

#include "rig_config.h"

#ifndef EVB_CELL_COUNT
#define EVB_CELL_COUNT 4
#endif
#ifndef EVB_PERIOD_MS
#define EVB_PERIOD_MS 1000
#endif
#ifndef EVB_HOST_TIMEOUT_MS
#define EVB_HOST_TIMEOUT_MS 5000
#endif
#ifndef EVB_T_MAX_CC
#define EVB_T_MAX_CC 6000
#endif
#ifndef EVB_V_MIN_MV
#define EVB_V_MIN_MV 2500
#endif
#ifndef EVB_V_MAX_MV
#define EVB_V_MAX_MV 4250
#endif
#ifndef EVB_I_MAX_MA
#define EVB_I_MAX_MA 10000
#endif
#ifndef EVB_SHUNT_MICRO_OHM
#define EVB_SHUNT_MICRO_OHM 2000
#endif
#ifndef EVB_CURRENT_LSB_UA
#define EVB_CURRENT_LSB_UA 1000
#endif
#ifndef EVB_INA226_FITTED
#define EVB_INA226_FITTED 1
#endif
// 0 = none, 1 = SHT31, 2 = DHT22
#ifndef EVB_AMBIENT_SENSOR
#define EVB_AMBIENT_SENSOR 1
#endif

namespace evb {
namespace esp32 {

RigConfig rigSettings();

}  // namespace esp32
}  // namespace evb
