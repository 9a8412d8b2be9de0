// NTC thermistor maths: resistance <-> temperature by the Beta model or the Steinhart-Hart
// equation, the divider that turns resistance into an ADC voltage, per-channel calibration, and
// open/short detection.
//
// Front end (README.md, "Reference wiring"): a fixed series resistor from the divider supply to
// the ADC node and the NTC from the node to ground, so
//     V_node = V_supply * R_ntc / (R_series + R_ntc)   and   R_ntc = R_series * V / (V_supply - V).
// A broken NTC wire pulls the node up to the supply (open); a shorted NTC pulls it to ground.
#pragma once

#include <cstdint>

namespace evb {

constexpr double kZeroCelsiusK = 273.15;

// Beta model, referenced to 25 degC: 1/T = 1/T0 + ln(R/R0)/B  (T in kelvin).
// B is the datasheet's B25/50 or B25/85; the model is exact at T0 and at the B's second point.
struct BetaModel {
  double r25Ohm;
  double beta;
};

// Steinhart-Hart: 1/T = A + B ln(R) + C ln(R)^3  (Steinhart & Hart, Deep-Sea Research 15, 1968).
// Fit from three points of the datasheet R-T table: within ~0.02 K over -40..150 degC for
// typical NTCs, where the Beta model drifts by a kelvin or more away from its two points.
struct SteinhartHart {
  double a;
  double b;
  double c;
};

enum class NtcModelKind : uint8_t { kBeta, kSteinhartHart };

struct NtcModel {
  NtcModelKind kind;
  BetaModel beta;
  SteinhartHart sh;

  static NtcModel fromBeta(double r25Ohm, double beta) {
    return NtcModel{NtcModelKind::kBeta, BetaModel{r25Ohm, beta}, SteinhartHart{0, 0, 0}};
  }
  static NtcModel fromSteinhartHart(SteinhartHart sh) {
    return NtcModel{NtcModelKind::kSteinhartHart, BetaModel{0, 0}, sh};
  }
};

double betaTempK(const BetaModel& m, double rOhm);
double betaResistanceOhm(const BetaModel& m, double tempK);
double steinhartHartTempK(const SteinhartHart& m, double rOhm);
// Inverse of Steinhart-Hart: solves the depressed cubic C y^3 + B y + (A - 1/T) = 0 for y = ln R.
double steinhartHartResistanceOhm(const SteinhartHart& m, double tempK);
// Exact solution through three (R, T) points (the standard linear system, solved in closed form).
SteinhartHart steinhartHartFromPoints(double r1Ohm, double t1K, double r2Ohm, double t2K, double r3Ohm,
                                      double t3K);

double ntcTempK(const NtcModel& m, double rOhm);
double ntcResistanceOhm(const NtcModel& m, double tempK);

// Board-wide divider parameters and fault thresholds.
struct NtcFrontEnd {
  uint32_t supplyUv;  // divider supply (3.3 V rail)
  // At or above: open thermistor. Below the supply on purpose: the ESP32 ADC (11/12 dB
  // attenuation) saturates around 3.1 V, so an open input never reads the full 3.3 V.
  uint32_t openUv;
  uint32_t shortUv;   // at or below: shorted thermistor or shorted wiring
};

// Per-channel calibration, measured once on the built rig.
struct NtcChannelCal {
  double seriesOhm;   // the series resistor as measured with a meter (1 % parts vary)
  double leadOhm;     // wire resistance in series with the NTC, subtracted from the reading
  int32_t offsetCc;   // added after conversion, from a comparison against a reference probe
};

enum class NtcFault : uint8_t { kNone, kOpen, kShort, kRange };

struct NtcReading {
  int32_t tempCc;  // 0.01 degC, valid only when fault == kNone
  NtcFault fault;
};

double dividerNtcOhm(uint32_t nodeUv, uint32_t supplyUv, double seriesOhm);
uint32_t dividerNodeUv(double ntcOhm, uint32_t supplyUv, double seriesOhm);

// The whole channel: node voltage -> fault check -> resistance -> temperature -> calibration.
// Temperatures outside the protocol's -55..1500 degC, or non-finite, are kRange faults.
NtcReading convertNtc(uint32_t nodeUv, const NtcModel& model, const NtcChannelCal& cal, const NtcFrontEnd& fe);

}  // namespace evb
