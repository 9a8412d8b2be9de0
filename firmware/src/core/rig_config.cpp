#include "rig_config.h"

#include "command_parser.h"
#include "ina226.h"

namespace evb {

RigConfig defaultRigConfig() {
  RigConfig c{};
  c.cellCount = 4;
  c.periodMs = 1000;
  c.hostTimeoutMs = 5000;
  // NMC Li-ion: 2.5-4.25 V window per cell; 60 degC is the usual upper limit for charging and
  // well below where SEI decomposition starts (~80-90 degC).
  c.limits = LimitConfig{6000, 2500, 4250, 10000, 200, 50, 500};

  // 3.3 V divider supply; open above 3.0 V (NTC > 100 kOhm, colder than about -19 degC for a
  // B3950), short below 50 mV (NTC < 154 Ohm, hotter than about 160 degC).
  c.ntcFrontEnd = NtcFrontEnd{3300000, 3000000, 50000};
  for (uint8_t k = 0; k < kMaxRigCells; ++k) {
    c.ntcModel[k] = NtcModel::fromBeta(10000.0, 3950.0);
    c.ntcCal[k] = NtcChannelCal{10000.0, 0.0, 0};
    // Tap k+1 tops out at (k+1) x 4.25 V; a ratio of 1.5 x (k+1) keeps it at <= 2.83 V, inside
    // the ESP32 ADC's accurate range.
    c.tapCal[k] = TapCal{static_cast<uint32_t>(1500u * (k + 1u)), 0, 0};
  }
  // Saturation just under the ESP32's calibrated ceiling; a cell more than 0.5 V negative is a
  // broken tap wire, not noise.
  c.tapFrontEnd = TapFrontEnd{3050000, -500};

  c.ina226 = Ina226Config{true, ina226::kDefaultAddress, 2000, 1000, false};
  c.ambient = AmbientSensorKind::kSht31;
  c.sht31Address = 0x44;
  c.ambientStaleMs = 5000;
  return c;
}

bool validateRigConfig(const RigConfig& c, const char** problem) {
  const char* p = nullptr;
  if (c.cellCount < 1 || c.cellCount > kMaxRigCells) {
    p = "cells must be 1-16";
  } else if (c.periodMs < kMinRatePeriodMs || c.periodMs > kMaxRatePeriodMs) {
    p = "period_ms must be 10-60000";
  } else if (c.hostTimeoutMs < 100 || c.hostTimeoutMs > 600000) {
    p = "hb_timeout_ms must be 100-600000";
  } else if (c.limits.vMinMv >= c.limits.vMaxMv) {
    p = "v_min_mv must be below v_max_mv";
  } else if (c.limits.iMaxMa <= 0) {
    p = "i_max_ma must be positive";
  } else if (c.limits.tHysteresisCc < 0 || c.limits.vHysteresisMv < 0 || c.limits.iHysteresisMa < 0) {
    p = "hysteresis must not be negative";
  } else if (c.ntcFrontEnd.shortUv >= c.ntcFrontEnd.openUv || c.ntcFrontEnd.openUv > c.ntcFrontEnd.supplyUv) {
    p = "NTC thresholds must satisfy short < open <= supply";
  } else if (c.ina226.fitted && ina226::calibrationRegister(c.ina226.shuntMicroOhm, c.ina226.currentLsbUa) == 0) {
    p = "INA226 shunt and current LSB give no valid calibration register";
  } else if (c.ina226.fitted && static_cast<int64_t>(c.limits.iMaxMa) * 1000 >=
                                    static_cast<int64_t>(c.ina226.currentLsbUa) * 32767) {
    // The over-current limit must be measurable, or the register saturates below the trip point.
    p = "i_max_ma is beyond what the INA226 current LSB can represent";
  }
  for (uint8_t k = 0; p == nullptr && k < c.cellCount; ++k) {
    if (c.tapCal[k].ratioMilli < 1000) p = "tap divider ratio must be >= 1";
    if (c.ntcCal[k].seriesOhm <= 0) p = "NTC series resistor must be positive";
  }
  if (problem != nullptr) *problem = p;
  return p == nullptr;
}

void formatChannelMap(const RigConfig& c, TextBuilder<200>& out) {
  out.clear();
  out.put("ntc:").putUint(c.cellCount).put(";vdiv:").putUint(c.cellCount);
  if (c.ina226.fitted) out.put(";ina226");
  if (c.ambient == AmbientSensorKind::kSht31) out.put(";sht31");
  if (c.ambient == AmbientSensorKind::kDht22) out.put(";dht22");
}

}  // namespace evb
