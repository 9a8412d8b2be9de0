#include "sht31.h"

namespace evb {
namespace sht31 {
namespace {

// Rounded integer division for non-negative numerators.
int64_t divRound(int64_t n, int64_t d) { return (n + d / 2) / d; }

}  // namespace

uint8_t crc8(const uint8_t* data, uint8_t length) {
  uint8_t crc = 0xFF;
  for (uint8_t i = 0; i < length; ++i) {
    crc ^= data[i];
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 0x80u) ? static_cast<uint8_t>((crc << 1) ^ 0x31u) : static_cast<uint8_t>(crc << 1);
    }
  }
  return crc;
}

int32_t tempCcFromRaw(uint16_t raw) {
  // In 0.01 degC: -4500 + 17500 * raw / 65535, rounded; the product fits easily in 64 bits.
  return static_cast<int32_t>(divRound(17500LL * raw, 65535) - 4500);
}

int32_t humidityCpctFromRaw(uint16_t raw) { return static_cast<int32_t>(divRound(10000LL * raw, 65535)); }

uint16_t rawFromTempCc(int32_t tempCc) {
  int64_t v = divRound((static_cast<int64_t>(tempCc) + 4500) * 65535, 17500);
  if (v < 0) v = 0;
  if (v > 65535) v = 65535;
  return static_cast<uint16_t>(v);
}

uint16_t rawFromHumidityCpct(int32_t humidityCpct) {
  int64_t v = humidityCpct <= 0 ? 0 : divRound(static_cast<int64_t>(humidityCpct) * 65535, 10000);
  if (v > 65535) v = 65535;
  return static_cast<uint16_t>(v);
}

bool decodeMeasurement(const uint8_t raw[6], int32_t& tempCc, int32_t& humidityCpct) {
  if (crc8(raw, 2) != raw[2] || crc8(raw + 3, 2) != raw[5]) return false;
  tempCc = tempCcFromRaw(static_cast<uint16_t>((raw[0] << 8) | raw[1]));
  humidityCpct = humidityCpctFromRaw(static_cast<uint16_t>((raw[3] << 8) | raw[4]));
  return true;
}

void encodeMeasurement(int32_t tempCc, int32_t humidityCpct, uint8_t raw[6]) {
  const uint16_t t = rawFromTempCc(tempCc);
  const uint16_t h = rawFromHumidityCpct(humidityCpct);
  raw[0] = static_cast<uint8_t>(t >> 8);
  raw[1] = static_cast<uint8_t>(t & 0xFF);
  raw[2] = crc8(raw, 2);
  raw[3] = static_cast<uint8_t>(h >> 8);
  raw[4] = static_cast<uint8_t>(h & 0xFF);
  raw[5] = crc8(raw + 3, 2);
}

}  // namespace sht31
}  // namespace evb
