// Cell voltages from the balance taps of a series string.
//
// Chosen front end (README.md, "Cell voltages"): every tap k (the + terminal of cell k, measured
// against the pack's negative terminal, which is the board's ground) goes through its own
// resistor divider, sized so the top of its range stays below ~3 V; a CD74HC4067 multiplexer
// then switches the divided taps one at a time to a single ADC input. The multiplexer only ever
// sees 0-3.3 V: it cannot switch the raw taps, which reach 16 x 4.2 V = 67 V.
//
//     tap_k = (adc_k - offset_k) * ratio_k * (1 + gain_k)      cell_k = tap_k - tap_(k-1), tap_0 = 0
//
// Differencing adds the errors of two taps, scaled by their divider ratios, so the absolute
// error grows with the stack height: a two-point calibration per tap (gain and offset) is
// required beyond 4 cells. See README.md for the error budget.
#pragma once

#include <cstdint>

namespace evb {

struct TapCal {
  uint32_t ratioMilli;  // (R_top + R_bottom) / R_bottom, x1000
  int32_t gainPpm;      // correction from calibration against a meter
  int32_t offsetUv;     // ADC reading with the tap at 0 V
};

struct TapFrontEnd {
  // ADC readings at or above this are saturated: the tap voltage is unknown (divider broken or
  // a cell far above its range).
  uint32_t saturationUv;
  // A cell that reads more negative than this cannot be real: an open tap wire lets its divider
  // pull the tap to 0 V, which makes the cell above it read strongly negative.
  int32_t negativeLimitMv;
};

enum class CellFault : uint8_t { kNone, kOpen, kRange, kAdc };

struct CellVoltage {
  int32_t mv;  // valid only when fault == kNone
  CellFault fault;
};

// Tap voltage in microvolts at the cell side of the divider.
int64_t tapUvFromAdc(uint32_t adcUv, const TapCal& cal);
// Inverse, for the virtual rig: the ADC reading that a tap voltage produces.
uint32_t adcUvForTap(int64_t tapUv, const TapCal& cal);

// adcUv[k] / adcOk[k] are the readings of tap k+1. A tap that cannot be read faults both cells
// that share it.
void cellsFromTaps(const uint32_t* adcUv, const bool* adcOk, const TapCal* cal, uint8_t cellCount,
                   const TapFrontEnd& fe, CellVoltage* cells);

}  // namespace evb
