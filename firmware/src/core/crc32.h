// CRC-32/ISO-HDLC, the checksum of protocol v1 frames (firmware/PROTOCOL.md, "Framing").
// Same parameters as zlib, Ethernet and PNG so any tool can check a captured line.
#pragma once

#include <cstddef>
#include <cstdint>

namespace evb {

// Reflected polynomial 0xEDB88320, init 0xFFFFFFFF, final XOR 0xFFFFFFFF.
// Check value: crc32("123456789") == 0xCBF43926.
uint32_t crc32(const char* data, size_t length);

// Incremental form for callers that checksum a line piece by piece: start with kCrc32Init,
// feed every piece through crc32Update, finish with crc32Final.
constexpr uint32_t kCrc32Init = 0xFFFFFFFFu;
uint32_t crc32Update(uint32_t state, const char* data, size_t length);
constexpr uint32_t crc32Final(uint32_t state) { return state ^ 0xFFFFFFFFu; }

}  // namespace evb
