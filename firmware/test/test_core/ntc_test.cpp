// NTC conversions against the Beta-model values a 10 kOhm B3950 datasheet tabulates, the
// Steinhart-Hart fit, and the divider's open/short detection.
#include "ntc.h"

#include <gtest/gtest.h>

#include <cmath>

namespace {

const evb::BetaModel kB3950{10000.0, 3950.0};
const evb::NtcFrontEnd kFrontEnd{3300000, 3000000, 50000};
const evb::NtcChannelCal kNoCal{10000.0, 0.0, 0};

double celsius(double kelvin) { return kelvin - evb::kZeroCelsiusK; }
double kelvin(double celsius) { return celsius + evb::kZeroCelsiusK; }

}  // namespace

TEST(NtcBeta, DatasheetPointsOfA10kB3950) {
  // R(T) = R25 exp(B (1/T - 1/T25)): 10.000 k at 25 degC, 33.62 k at 0 degC, 2.486 k at 60 degC.
  EXPECT_NEAR(evb::betaResistanceOhm(kB3950, kelvin(25)), 10000.0, 1e-6);
  EXPECT_NEAR(evb::betaResistanceOhm(kB3950, kelvin(0)), 33620.6, 0.1);
  EXPECT_NEAR(evb::betaResistanceOhm(kB3950, kelvin(60)), 2486.16, 0.01);

  EXPECT_NEAR(celsius(evb::betaTempK(kB3950, 10000.0)), 25.0, 1e-9);
  EXPECT_NEAR(celsius(evb::betaTempK(kB3950, 33620.6)), 0.0, 0.001);
  EXPECT_NEAR(celsius(evb::betaTempK(kB3950, 2486.16)), 60.0, 0.001);
}

TEST(NtcBeta, ResistanceFallsWithTemperature) {
  double previous = INFINITY;
  for (int c = -40; c <= 150; c += 5) {
    const double r = evb::betaResistanceOhm(kB3950, kelvin(c));
    EXPECT_LT(r, previous) << c;
    previous = r;
  }
}

TEST(NtcSteinhartHart, PublishedTenKilohmCoefficientsGive25CAt10k) {
  // A widely published coefficient set for 10 kOhm NTCs (A, B, C = 1.129148e-3, 2.34125e-4,
  // 8.76741e-8) puts 10 kOhm at 25 degC.
  const evb::SteinhartHart sh{1.129148e-3, 2.34125e-4, 8.76741e-8};
  EXPECT_NEAR(celsius(evb::steinhartHartTempK(sh, 10000.0)), 25.0, 0.01);
}

TEST(NtcSteinhartHart, ThreePointFitReproducesItsPointsAndInvertsExactly) {
  // Three points of an R-T table (0, 25, 85 degC) of a 10 kOhm NTC with a B of about 3977 K.
  const double r0 = 32555.0, r25 = 10000.0, r85 = 1070.0;
  const evb::SteinhartHart sh = evb::steinhartHartFromPoints(r0, kelvin(0), r25, kelvin(25), r85, kelvin(85));
  EXPECT_NEAR(celsius(evb::steinhartHartTempK(sh, r0)), 0.0, 1e-6);
  EXPECT_NEAR(celsius(evb::steinhartHartTempK(sh, r25)), 25.0, 1e-6);
  EXPECT_NEAR(celsius(evb::steinhartHartTempK(sh, r85)), 85.0, 1e-6);
  EXPECT_GT(sh.c, 0.0);
  for (double c = -20; c <= 120; c += 7) {
    EXPECT_NEAR(celsius(evb::steinhartHartTempK(sh, evb::steinhartHartResistanceOhm(sh, kelvin(c)))), c, 1e-6);
  }
}

TEST(NtcSteinhartHart, FitOfBetaDataRecoversTheBetaModel) {
  // The Beta model is Steinhart-Hart with C = 0, B = 1/beta, A = 1/T25 - ln(R25)/beta.
  auto r = [](double c) { return evb::betaResistanceOhm(kB3950, kelvin(c)); };
  const evb::SteinhartHart sh = evb::steinhartHartFromPoints(r(0), kelvin(0), r(25), kelvin(25), r(60), kelvin(60));
  EXPECT_NEAR(sh.c, 0.0, 1e-12);
  EXPECT_NEAR(sh.b, 1.0 / 3950.0, 1e-12);
  EXPECT_NEAR(sh.a, 1.0 / kelvin(25) - std::log(10000.0) / 3950.0, 1e-12);
}

TEST(NtcDivider, HalfSupplyAt25C) {
  // Series resistor equal to R25: the node sits at half the supply at 25 degC.
  EXPECT_EQ(evb::dividerNodeUv(10000.0, 3300000, 10000.0), 1650000u);
  EXPECT_NEAR(evb::dividerNtcOhm(1650000, 3300000, 10000.0), 10000.0, 1e-9);
  const auto reading = evb::convertNtc(1650000, evb::NtcModel::fromBeta(10000, 3950), kNoCal, kFrontEnd);
  EXPECT_EQ(reading.fault, evb::NtcFault::kNone);
  EXPECT_EQ(reading.tempCc, 2500);
}

TEST(NtcDivider, RoundTripOverTheWorkingRange) {
  const auto model = evb::NtcModel::fromBeta(10000, 3950);
  for (int cc = -1500; cc <= 13000; cc += 250) {
    const uint32_t uv = evb::dividerNodeUv(evb::ntcResistanceOhm(model, kelvin(cc / 100.0)), 3300000, 10000.0);
    const auto reading = evb::convertNtc(uv, model, kNoCal, kFrontEnd);
    ASSERT_EQ(reading.fault, evb::NtcFault::kNone) << cc;
    EXPECT_NEAR(reading.tempCc, cc, 2) << cc;
  }
}

TEST(NtcDivider, OpenAndShortAreFaultsNotTemperatures) {
  const auto model = evb::NtcModel::fromBeta(10000, 3950);
  // Open wire: the series resistor pulls the node up; the ESP32 ADC saturates near 3.1 V.
  EXPECT_EQ(evb::convertNtc(3100000, model, kNoCal, kFrontEnd).fault, evb::NtcFault::kOpen);
  EXPECT_EQ(evb::convertNtc(3000000, model, kNoCal, kFrontEnd).fault, evb::NtcFault::kOpen);
  EXPECT_EQ(evb::convertNtc(2999999, model, kNoCal, kFrontEnd).fault, evb::NtcFault::kNone);
  EXPECT_EQ(evb::convertNtc(0, model, kNoCal, kFrontEnd).fault, evb::NtcFault::kShort);
  EXPECT_EQ(evb::convertNtc(50000, model, kNoCal, kFrontEnd).fault, evb::NtcFault::kShort);
}

TEST(NtcCalibration, SeriesResistorLeadResistanceAndOffset) {
  const auto model = evb::NtcModel::fromBeta(10000, 3950);
  // A series resistor that measures 9.9 k instead of 10 k: the same node voltage means a
  // different NTC resistance; using the measured value gives 25 degC back.
  const uint32_t uv = evb::dividerNodeUv(10000.0, 3300000, 9900.0);
  EXPECT_NE(evb::convertNtc(uv, model, kNoCal, kFrontEnd).tempCc, 2500);
  EXPECT_EQ(evb::convertNtc(uv, model, evb::NtcChannelCal{9900.0, 0.0, 0}, kFrontEnd).tempCc, 2500);

  // 2 Ohm of wire in series with the NTC at 60 degC.
  const double r60 = evb::ntcResistanceOhm(model, kelvin(60));
  const uint32_t uvLead = evb::dividerNodeUv(r60 + 2.0, 3300000, 10000.0);
  EXPECT_EQ(evb::convertNtc(uvLead, model, evb::NtcChannelCal{10000.0, 2.0, 0}, kFrontEnd).tempCc, 6000);

  EXPECT_EQ(evb::convertNtc(1650000, model, evb::NtcChannelCal{10000.0, 0.0, -35}, kFrontEnd).tempCc, 2465);
}

TEST(NtcModelChoice, SteinhartHartChannelConvertsThroughItsOwnCurve) {
  const evb::SteinhartHart sh{1.129148e-3, 2.34125e-4, 8.76741e-8};
  const auto reading = evb::convertNtc(1650000, evb::NtcModel::fromSteinhartHart(sh), kNoCal, kFrontEnd);
  EXPECT_EQ(reading.fault, evb::NtcFault::kNone);
  EXPECT_EQ(reading.tempCc, 2500);
}
