// Sensirion SHT3x-DIS (SHT31) temperature/humidity maths (datasheet "SHT3x-DIS", v7, 2022).
//
//   CRC-8: polynomial 0x31 (x^8 + x^5 + x^4 + 1), init 0xFF, no reflection, no final XOR;
//          example CRC(0xBEEF) = 0x92                                       (section 4.12)
//   T [degC] = -45 + 175 * S_T / (2^16 - 1)                                 (section 4.13)
//   RH [%]   = 100 * S_RH / (2^16 - 1)
//
// The firmware runs the sensor in periodic mode (1 measurement per second, high repeatability)
// and fetches the latest result each sample: a single-shot measurement would block the loop for
// up to 15 ms. A fetch with no new result is NACKed by the sensor, which is not an error.
#pragma once

#include <cstdint>

namespace evb {
namespace sht31 {

constexpr uint8_t kDefaultAddress = 0x44;  // ADDR pin low
constexpr uint16_t kCmdPeriodic1mpsHigh = 0x2130;
constexpr uint16_t kCmdFetchData = 0xE000;
constexpr uint16_t kCmdBreak = 0x3093;      // stop periodic mode
constexpr uint16_t kCmdSoftReset = 0x30A2;

uint8_t crc8(const uint8_t* data, uint8_t length);

int32_t tempCcFromRaw(uint16_t raw);
int32_t humidityCpctFromRaw(uint16_t raw);
// Inverses for the virtual rig.
uint16_t rawFromTempCc(int32_t tempCc);
uint16_t rawFromHumidityCpct(int32_t humidityCpct);

// A 6-byte measurement: T msb, T lsb, CRC, RH msb, RH lsb, CRC. False when either CRC fails.
bool decodeMeasurement(const uint8_t raw[6], int32_t& tempCc, int32_t& humidityCpct);
void encodeMeasurement(int32_t tempCc, int32_t humidityCpct, uint8_t raw[6]);

}  // namespace sht31
}  // namespace evb
