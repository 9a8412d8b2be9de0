#include "ina226.h"

#include <cstdlib>

namespace evb {
namespace ina226 {
namespace {

int16_t clampI16(int64_t v) {
  if (v > INT16_MAX) return INT16_MAX;
  if (v < INT16_MIN) return INT16_MIN;
  return static_cast<int16_t>(v);
}

}  // namespace

uint16_t configRegister(Averages avg, ConversionTime busCt, ConversionTime shuntCt, Mode mode) {
  // Bit 14 reads back 1 (reserved, "D14"); AVG 11-9, VBUSCT 8-6, VSHCT 5-3, MODE 2-0.
  return static_cast<uint16_t>(0x4000u | (static_cast<unsigned>(avg) << 9) | (static_cast<unsigned>(busCt) << 6) |
                               (static_cast<unsigned>(shuntCt) << 3) | static_cast<unsigned>(mode));
}

uint32_t minimumCurrentLsbUa(uint32_t maxCurrentMa) {
  return static_cast<uint32_t>((static_cast<uint64_t>(maxCurrentMa) * 1000u + 32767u) / 32768u);
}

uint16_t calibrationRegister(uint32_t shuntMicroOhm, uint32_t currentLsbUa) {
  const uint64_t denominator = static_cast<uint64_t>(shuntMicroOhm) * currentLsbUa;
  if (denominator == 0) return 0;
  // 0.00512 / (I_lsb[A] * R[ohm]) = 5.12e9 / (I_lsb[uA] * R[uohm]); the datasheet truncates.
  const uint64_t cal = 5120000000ull / denominator;
  if (cal == 0 || cal > 0x7FFF) return 0;
  return static_cast<uint16_t>(cal);
}

int32_t currentMa(int16_t currentRegister, uint32_t currentLsbUa) {
  const int64_t ua = static_cast<int64_t>(currentRegister) * currentLsbUa;
  return static_cast<int32_t>(ua >= 0 ? (ua + 500) / 1000 : -((-ua + 500) / 1000));
}

int32_t shuntUv(int16_t shuntRegister) { return static_cast<int32_t>(shuntRegister) * 5 / 2; }

uint32_t busMv(uint16_t busRegister) { return static_cast<uint32_t>(busRegister) * 5u / 4u; }

int16_t currentRegisterFromShunt(int16_t shuntRegister, uint16_t calibration) {
  return clampI16(static_cast<int64_t>(shuntRegister) * calibration / 2048);
}

uint16_t powerRegister(int16_t currentRegister, uint16_t busRegister) {
  const int64_t p = static_cast<int64_t>(std::abs(static_cast<int>(currentRegister))) * busRegister / 20000;
  return static_cast<uint16_t>(p > 0xFFFF ? 0xFFFF : p);
}

int16_t shuntRegisterForCurrent(int32_t currentMa, uint32_t shuntMicroOhm) {
  // V[uV] = I[mA] * R[uohm] / 1000; register = V / 2.5 uV = I * R / 2500.
  const int64_t num = static_cast<int64_t>(currentMa) * shuntMicroOhm;
  const int64_t reg = num >= 0 ? (num + 1250) / 2500 : -((-num + 1250) / 2500);
  return clampI16(reg);
}

}  // namespace ina226
}  // namespace evb
