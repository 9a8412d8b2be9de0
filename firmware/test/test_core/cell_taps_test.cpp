// Cell voltages from divided balance taps.
#include "cell_taps.h"

#include <gtest/gtest.h>

#include <vector>

namespace {

const evb::TapFrontEnd kFe{3050000, -500};

std::vector<evb::TapCal> defaultCal(int n) {
  std::vector<evb::TapCal> cal;
  for (int k = 0; k < n; ++k) cal.push_back(evb::TapCal{static_cast<uint32_t>(1500 * (k + 1)), 0, 0});
  return cal;
}

std::vector<evb::CellVoltage> cellsFor(const std::vector<int>& cellMv, const std::vector<evb::TapCal>& cal,
                                       std::vector<bool> ok = {}) {
  const size_t n = cellMv.size();
  std::vector<uint32_t> adc(n);
  bool okArr[16];
  int64_t tap = 0;
  for (size_t k = 0; k < n; ++k) {
    tap += static_cast<int64_t>(cellMv[k]) * 1000;
    adc[k] = evb::adcUvForTap(tap, cal[k]);
    okArr[k] = ok.empty() ? true : ok[k];
  }
  std::vector<evb::CellVoltage> cells(n);
  evb::cellsFromTaps(adc.data(), okArr, cal.data(), static_cast<uint8_t>(n), kFe, cells.data());
  return cells;
}

}  // namespace

TEST(CellTaps, DividerRatioScalesTheAdcReading) {
  // Tap 4 of a 4S pack at 4 x 3.7 V = 14.8 V through a 6.0 divider reads 2.4667 V.
  const evb::TapCal cal{6000, 0, 0};
  EXPECT_EQ(evb::tapUvFromAdc(2466667, cal), 14800002);
  EXPECT_EQ(evb::adcUvForTap(14800000, cal), 2466667u);
}

TEST(CellTaps, GainAndOffsetCalibration) {
  // A divider 0.5 % high in ratio and an ADC reading 12 mV with the tap at 0 V.
  const evb::TapCal cal{3000, 5000, 12000};
  EXPECT_EQ(evb::tapUvFromAdc(12000, cal), 0);
  EXPECT_EQ(evb::tapUvFromAdc(1012000, cal), 3015000);
}

TEST(CellTaps, DifferencesOfAdjacentTapsGiveCells) {
  const auto cells = cellsFor({3712, 3705, 3700, 3698}, defaultCal(4));
  const int expected[] = {3712, 3705, 3700, 3698};
  for (int k = 0; k < 4; ++k) {
    EXPECT_EQ(cells[k].fault, evb::CellFault::kNone) << k;
    EXPECT_EQ(cells[k].mv, expected[k]) << k;
  }
}

TEST(CellTaps, SixteenCellStackKeepsMillivoltResolution) {
  std::vector<int> mv(16);
  for (int k = 0; k < 16; ++k) mv[k] = 3600 + 7 * k;
  const auto cells = cellsFor(mv, defaultCal(16));
  for (int k = 0; k < 16; ++k) EXPECT_EQ(cells[k].mv, mv[k]) << k;
}

TEST(CellTaps, OpenTapWireFaultsTheCellAboveIt) {
  // Tap 2's wire is off: its divider pulls it to 0 V, so cell 2 = 0 - tap1 is strongly negative,
  // and cell 3 = tap3 - 0 looks like a huge cell (the limit monitor trips on it).
  const auto cal = defaultCal(4);
  std::vector<uint32_t> adc = {evb::adcUvForTap(3700000, cal[0]), 0, evb::adcUvForTap(11100000, cal[2]),
                               evb::adcUvForTap(14800000, cal[3])};
  bool ok[4] = {true, true, true, true};
  evb::CellVoltage cells[4];
  evb::cellsFromTaps(adc.data(), ok, cal.data(), 4, kFe, cells);
  EXPECT_EQ(cells[0].fault, evb::CellFault::kNone);
  EXPECT_EQ(cells[1].fault, evb::CellFault::kOpen);
  EXPECT_EQ(cells[2].mv, 11100);
}

TEST(CellTaps, SaturatedTapFaultsBothNeighbouringCells) {
  const auto cal = defaultCal(3);
  std::vector<uint32_t> adc = {evb::adcUvForTap(3700000, cal[0]), 3100000, evb::adcUvForTap(11100000, cal[2])};
  bool ok[3] = {true, true, true};
  evb::CellVoltage cells[3];
  evb::cellsFromTaps(adc.data(), ok, cal.data(), 3, kFe, cells);
  EXPECT_EQ(cells[0].fault, evb::CellFault::kNone);
  EXPECT_EQ(cells[1].fault, evb::CellFault::kRange);
  EXPECT_EQ(cells[2].fault, evb::CellFault::kRange);
}

TEST(CellTaps, UnreadableTapFaultsBothNeighbouringCells) {
  const auto cells = cellsFor({3700, 3700, 3700}, defaultCal(3), {true, false, true});
  EXPECT_EQ(cells[0].fault, evb::CellFault::kNone);
  EXPECT_EQ(cells[1].fault, evb::CellFault::kAdc);
  EXPECT_EQ(cells[2].fault, evb::CellFault::kAdc);
}

TEST(CellTaps, SmallNegativeNoiseAroundADeadCellReadsZero) {
  const auto cal = defaultCal(2);
  std::vector<uint32_t> adc = {evb::adcUvForTap(3700000, cal[0]), evb::adcUvForTap(3690000, cal[1])};
  bool ok[2] = {true, true};
  evb::CellVoltage cells[2];
  evb::cellsFromTaps(adc.data(), ok, cal.data(), 2, kFe, cells);
  EXPECT_EQ(cells[1].fault, evb::CellFault::kNone);
  EXPECT_EQ(cells[1].mv, 0);
}
