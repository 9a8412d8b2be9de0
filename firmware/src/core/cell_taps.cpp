#include "cell_taps.h"

#include <cmath>

namespace evb {
namespace {

// Integer rounding division for possibly negative numerators and positive denominators.
int64_t divRound(int64_t n, int64_t d) { return n >= 0 ? (n + d / 2) / d : -((-n + d / 2) / d); }

}  // namespace

int64_t tapUvFromAdc(uint32_t adcUv, const TapCal& cal) {
  // int64 throughout: 3.3e6 uV x 30000 (ratio x1000) x 1e6 (ppm) would overflow 64 bits if
  // multiplied at once, so scale by the ratio first, then apply the small gain correction.
  const int64_t corrected = static_cast<int64_t>(adcUv) - cal.offsetUv;
  const int64_t scaled = divRound(corrected * static_cast<int64_t>(cal.ratioMilli), 1000);
  return scaled + divRound(scaled * cal.gainPpm, 1000000);
}

uint32_t adcUvForTap(int64_t tapUv, const TapCal& cal) {
  const double scale = (static_cast<double>(cal.ratioMilli) / 1000.0) * (1.0 + cal.gainPpm / 1e6);
  const double adc = static_cast<double>(tapUv) / scale + cal.offsetUv;
  return adc <= 0.0 ? 0u : static_cast<uint32_t>(std::lround(adc));
}

void cellsFromTaps(const uint32_t* adcUv, const bool* adcOk, const TapCal* cal, uint8_t cellCount,
                   const TapFrontEnd& fe, CellVoltage* cells) {
  int64_t belowUv = 0;  // tap_0: pack negative, the board's ground
  bool belowOk = true;
  bool belowSaturated = false;
  for (uint8_t k = 0; k < cellCount; ++k) {
    const bool readable = adcOk[k];
    const bool saturated = readable && adcUv[k] >= fe.saturationUv;
    const int64_t tapUv = readable ? tapUvFromAdc(adcUv[k], cal[k]) : 0;
    CellVoltage& cell = cells[k];
    if (!readable || !belowOk) {
      cell = CellVoltage{0, CellFault::kAdc};
    } else if (saturated || belowSaturated) {
      cell = CellVoltage{0, CellFault::kRange};
    } else {
      const int64_t mv = divRound(tapUv - belowUv, 1000);
      if (mv < fe.negativeLimitMv) {
        cell = CellVoltage{0, CellFault::kOpen};
      } else if (mv > 65535) {
        cell = CellVoltage{0, CellFault::kRange};
      } else {
        // Small negative readings are noise around a cell at 0 V; the wire carries 0..65535.
        cell = CellVoltage{mv < 0 ? 0 : static_cast<int32_t>(mv), CellFault::kNone};
      }
    }
    belowUv = tapUv;
    belowOk = readable;
    belowSaturated = saturated;
  }
}

}  // namespace evb
