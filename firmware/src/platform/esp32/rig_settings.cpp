#include "rig_settings.h"

namespace evb {
namespace esp32 {

RigConfig rigSettings() {
  RigConfig c = defaultRigConfig();
  c.cellCount = EVB_CELL_COUNT;
  c.periodMs = EVB_PERIOD_MS;
  c.hostTimeoutMs = EVB_HOST_TIMEOUT_MS;
  c.limits.tMaxCc = EVB_T_MAX_CC;
  c.limits.vMinMv = EVB_V_MIN_MV;
  c.limits.vMaxMv = EVB_V_MAX_MV;
  c.limits.iMaxMa = EVB_I_MAX_MA;
  c.ina226.fitted = EVB_INA226_FITTED != 0;
  c.ina226.shuntMicroOhm = EVB_SHUNT_MICRO_OHM;
  c.ina226.currentLsbUa = EVB_CURRENT_LSB_UA;
  c.ambient = EVB_AMBIENT_SENSOR == 2   ? AmbientSensorKind::kDht22
              : EVB_AMBIENT_SENSOR == 1 ? AmbientSensorKind::kSht31
                                        : AmbientSensorKind::kNone;

  // Measured per-channel calibration of this rig goes here: c.ntcCal[k], c.tapCal[k] and, for
  // thermistors with a Steinhart-Hart fit, c.ntcModel[k]. README.md, "Calibration", has the
  // procedure and an example. Until then the nominal part values apply.
  return c;
}

}  // namespace esp32
}  // namespace evb
