// DHT22 / AM2302 decoding against the Aosong AM2302 datasheet examples.
#include "dht22.h"

#include <gtest/gtest.h>

TEST(Dht22, DatasheetPositiveExample) {
  // 0000 0010 1000 1100 | 0000 0001 0101 1111 | 1110 1110: RH 65.2 %, T 35.1 degC, checksum EEh.
  const uint8_t bytes[5] = {0x02, 0x8C, 0x01, 0x5F, 0xEE};
  int32_t t = 0, rh = 0;
  ASSERT_TRUE(evb::dht22::decode(bytes, t, rh));
  EXPECT_EQ(rh, 6520);
  EXPECT_EQ(t, 3510);
}

TEST(Dht22, NegativeTemperatureIsSignMagnitude) {
  // 1000 0000 0110 0101: -10.1 degC (bit 15 is a sign flag, not two's complement).
  uint8_t bytes[5] = {0x02, 0x8C, 0x80, 0x65, 0};
  bytes[4] = static_cast<uint8_t>(bytes[0] + bytes[1] + bytes[2] + bytes[3]);
  int32_t t = 0, rh = 0;
  ASSERT_TRUE(evb::dht22::decode(bytes, t, rh));
  EXPECT_EQ(t, -1010);
}

TEST(Dht22, ChecksumAndRangeFailuresAreRejected) {
  const uint8_t badSum[5] = {0x02, 0x8C, 0x01, 0x5F, 0xEF};
  int32_t t = 0, rh = 0;
  EXPECT_FALSE(evb::dht22::decode(badSum, t, rh));
  uint8_t tooWet[5] = {0x03, 0xE9, 0x01, 0x00, 0};  // 100.1 %RH
  tooWet[4] = static_cast<uint8_t>(tooWet[0] + tooWet[1] + tooWet[2] + tooWet[3]);
  EXPECT_FALSE(evb::dht22::decode(tooWet, t, rh));
}

TEST(Dht22, PulseWidthsToBytes) {
  // 26-28 us high = 0, 70 us high = 1.
  uint16_t pulses[40];
  const uint8_t expected[5] = {0x02, 0x8C, 0x01, 0x5F, 0xEE};
  for (int bit = 0; bit < 40; ++bit) {
    pulses[bit] = (expected[bit / 8] & (0x80 >> (bit % 8))) ? 70 : 27;
  }
  uint8_t bytes[5];
  evb::dht22::bytesFromHighPulses(pulses, bytes);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(bytes[i], expected[i]) << i;
}

TEST(Dht22, EncodeDecodeRoundTrip) {
  for (int32_t t : {-400, -101, 0, 2310, 8000}) {
    uint8_t bytes[5];
    evb::dht22::encode(t, 4520, bytes);
    int32_t tOut = 0, rhOut = 0;
    ASSERT_TRUE(evb::dht22::decode(bytes, tOut, rhOut));
    EXPECT_EQ(tOut, t / 10 * 10);
    EXPECT_EQ(rhOut, 4520);
  }
}
