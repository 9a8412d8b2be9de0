// Floating point on purpose: ln() over a 1000:1 resistance range does not fit fixed point
// without losing the hundredths of a degree the protocol carries. The ESP32 converts at most
// 16 channels per sample, well within its budget even in software double precision.
#include "ntc.h"

#include <cmath>

namespace evb {
namespace {
constexpr double kT25K = 25.0 + kZeroCelsiusK;
}

double betaTempK(const BetaModel& m, double rOhm) { return 1.0 / (1.0 / kT25K + std::log(rOhm / m.r25Ohm) / m.beta); }

double betaResistanceOhm(const BetaModel& m, double tempK) {
  return m.r25Ohm * std::exp(m.beta * (1.0 / tempK - 1.0 / kT25K));
}

double steinhartHartTempK(const SteinhartHart& m, double rOhm) {
  const double y = std::log(rOhm);
  return 1.0 / (m.a + m.b * y + m.c * y * y * y);
}

double steinhartHartResistanceOhm(const SteinhartHart& m, double tempK) {
  if (m.c == 0.0) return std::exp((1.0 / tempK - m.a) / m.b);
  // Cardano for y^3 + p y + q = 0 with p = B/C, q = (A - 1/T)/C; p > 0 for any physical NTC, so
  // there is exactly one real root.
  const double x = (m.a - 1.0 / tempK) / m.c;
  const double p = m.b / m.c;
  const double s = std::sqrt(std::pow(p / 3.0, 3) + x * x / 4.0);
  const double y = std::cbrt(s - x / 2.0) - std::cbrt(s + x / 2.0);
  return std::exp(y);
}

SteinhartHart steinhartHartFromPoints(double r1, double t1, double r2, double t2, double r3, double t3) {
  // Closed form of the 3x3 system (see e.g. the Wikipedia article "Steinhart-Hart equation").
  const double l1 = std::log(r1), l2 = std::log(r2), l3 = std::log(r3);
  const double y1 = 1.0 / t1, y2 = 1.0 / t2, y3 = 1.0 / t3;
  const double g2 = (y2 - y1) / (l2 - l1);
  const double g3 = (y3 - y1) / (l3 - l1);
  const double c = (g3 - g2) / (l3 - l2) / (l1 + l2 + l3);
  const double b = g2 - c * (l1 * l1 + l1 * l2 + l2 * l2);
  const double a = y1 - (b + l1 * l1 * c) * l1;
  return SteinhartHart{a, b, c};
}

double ntcTempK(const NtcModel& m, double rOhm) {
  return m.kind == NtcModelKind::kBeta ? betaTempK(m.beta, rOhm) : steinhartHartTempK(m.sh, rOhm);
}

double ntcResistanceOhm(const NtcModel& m, double tempK) {
  return m.kind == NtcModelKind::kBeta ? betaResistanceOhm(m.beta, tempK) : steinhartHartResistanceOhm(m.sh, tempK);
}

double dividerNtcOhm(uint32_t nodeUv, uint32_t supplyUv, double seriesOhm) {
  if (nodeUv >= supplyUv) return INFINITY;
  return seriesOhm * static_cast<double>(nodeUv) / static_cast<double>(supplyUv - nodeUv);
}

uint32_t dividerNodeUv(double ntcOhm, uint32_t supplyUv, double seriesOhm) {
  const double v = static_cast<double>(supplyUv) * ntcOhm / (seriesOhm + ntcOhm);
  return static_cast<uint32_t>(std::lround(v));
}

NtcReading convertNtc(uint32_t nodeUv, const NtcModel& model, const NtcChannelCal& cal, const NtcFrontEnd& fe) {
  if (nodeUv >= fe.openUv) return NtcReading{0, NtcFault::kOpen};
  if (nodeUv <= fe.shortUv) return NtcReading{0, NtcFault::kShort};
  const double rOhm = dividerNtcOhm(nodeUv, fe.supplyUv, cal.seriesOhm) - cal.leadOhm;
  if (!(rOhm > 0.0)) return NtcReading{0, NtcFault::kShort};
  const double tempC = ntcTempK(model, rOhm) - kZeroCelsiusK;
  if (!std::isfinite(tempC)) return NtcReading{0, NtcFault::kRange};
  const double cc = std::round(tempC * 100.0) + cal.offsetCc;
  if (cc < -5500.0 || cc > 150000.0) return NtcReading{0, NtcFault::kRange};
  return NtcReading{static_cast<int32_t>(cc), NtcFault::kNone};
}

}  // namespace evb
