#include "dht22.h"

namespace evb {
namespace dht22 {

void bytesFromHighPulses(const uint16_t highUs[40], uint8_t bytes[5]) {
  for (int i = 0; i < 5; ++i) bytes[i] = 0;
  for (int bit = 0; bit < 40; ++bit) {
    if (highUs[bit] > kOneThresholdUs) bytes[bit / 8] |= static_cast<uint8_t>(0x80u >> (bit % 8));
  }
}

bool decode(const uint8_t bytes[5], int32_t& tempCc, int32_t& humidityCpct) {
  const uint8_t sum = static_cast<uint8_t>(bytes[0] + bytes[1] + bytes[2] + bytes[3]);
  if (sum != bytes[4]) return false;
  const int32_t rhDeci = (bytes[0] << 8) | bytes[1];
  const int32_t tMagnitude = ((bytes[2] & 0x7F) << 8) | bytes[3];
  const int32_t tDeci = (bytes[2] & 0x80) ? -tMagnitude : tMagnitude;
  // AM2302 range: 0-100 %RH, -40..80 degC; beyond it the reading is garbage that passed the
  // weak 8-bit checksum.
  if (rhDeci > 1000 || tDeci < -400 || tDeci > 800) return false;
  tempCc = tDeci * 10;
  humidityCpct = rhDeci * 10;
  return true;
}

void encode(int32_t tempCc, int32_t humidityCpct, uint8_t bytes[5]) {
  const int32_t rh = (humidityCpct + 5) / 10;
  const int32_t t = tempCc >= 0 ? (tempCc + 5) / 10 : -((-tempCc + 5) / 10);
  const int32_t tMag = t < 0 ? -t : t;
  bytes[0] = static_cast<uint8_t>(rh >> 8);
  bytes[1] = static_cast<uint8_t>(rh & 0xFF);
  bytes[2] = static_cast<uint8_t>(((tMag >> 8) & 0x7F) | (t < 0 ? 0x80 : 0));
  bytes[3] = static_cast<uint8_t>(tMag & 0xFF);
  bytes[4] = static_cast<uint8_t>(bytes[0] + bytes[1] + bytes[2] + bytes[3]);
}

}  // namespace dht22
}  // namespace evb
