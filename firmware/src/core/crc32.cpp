// Table-driven CRC-32. The 1 KiB table is built at compile time so it lands in flash (.rodata)
// on the ESP32 instead of costing RAM and boot time.
#include "crc32.h"

#include <array>

namespace evb {
namespace {

constexpr std::array<uint32_t, 256> makeTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t n = 0; n < 256; ++n) {
    uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? (0xEDB88320u ^ (c >> 1)) : (c >> 1);
    table[n] = c;
  }
  return table;
}

constexpr std::array<uint32_t, 256> kTable = makeTable();

}  // namespace

uint32_t crc32Update(uint32_t state, const char* data, size_t length) {
  for (size_t i = 0; i < length; ++i) {
    state = kTable[(state ^ static_cast<uint8_t>(data[i])) & 0xFFu] ^ (state >> 8);
  }
  return state;
}

uint32_t crc32(const char* data, size_t length) { return crc32Final(crc32Update(kCrc32Init, data, length)); }

}  // namespace evb
