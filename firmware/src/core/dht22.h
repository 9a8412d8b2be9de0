// DHT22 / AM2302 single-wire temperature/humidity sensor (Aosong AM2302 datasheet).
//
// A reading is 40 bits, MSB first: humidity (16 bits, 0.1 %RH), temperature (16 bits, 0.1 degC,
// bit 15 = sign, sign-magnitude - not two's complement), checksum = low byte of the sum of the
// first four bytes. Each bit is a ~50 us low followed by a high of 26-28 us for 0 or ~70 us for
// 1; the sensor must not be read more often than every 2 s.
#pragma once

#include <cstdint>

namespace evb {
namespace dht22 {

constexpr uint32_t kMinReadIntervalMs = 2000;
// Between the 26-28 us of a 0 and the 70 us of a 1, with margin both ways for the 1 us timer
// resolution and interrupt jitter.
constexpr uint16_t kOneThresholdUs = 48;

// Turns the 40 high-pulse widths into 5 bytes.
void bytesFromHighPulses(const uint16_t highUs[40], uint8_t bytes[5]);

// False when the checksum fails or the values are outside the sensor's range.
bool decode(const uint8_t bytes[5], int32_t& tempCc, int32_t& humidityCpct);
void encode(int32_t tempCc, int32_t humidityCpct, uint8_t bytes[5]);

}  // namespace dht22
}  // namespace evb
