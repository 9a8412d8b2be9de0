#include "crc32.h"

#include <gtest/gtest.h>

#include <cstring>

TEST(Crc32, StandardCheckValue) {
  // CRC-32/ISO-HDLC check value from the CRC RevEng catalogue.
  EXPECT_EQ(evb::crc32("123456789", 9), 0xCBF43926u);
}

TEST(Crc32, EmptyInputIsZero) { EXPECT_EQ(evb::crc32("", 0), 0u); }

TEST(Crc32, IncrementalEqualsOneShot) {
  const char* body = "EVB1,C,1,PING,-";
  uint32_t state = evb::kCrc32Init;
  state = evb::crc32Update(state, body, 5);
  state = evb::crc32Update(state, body + 5, std::strlen(body) - 5);
  EXPECT_EQ(evb::crc32Final(state), evb::crc32(body, std::strlen(body)));
  EXPECT_EQ(evb::crc32(body, std::strlen(body)), 0x541279E1u);  // golden "command ping"
}

TEST(Crc32, DetectsEverySingleBitFlipOfAFrame) {
  char body[] = "EVB1,D,A1B2C3D4E5F6,3F2A91C0,42,42000,4";
  const uint32_t good = evb::crc32(body, sizeof body - 1);
  for (size_t i = 0; i < sizeof body - 1; ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      body[i] = static_cast<char>(body[i] ^ (1 << bit));
      EXPECT_NE(evb::crc32(body, sizeof body - 1), good) << "byte " << i << " bit " << bit;
      body[i] = static_cast<char>(body[i] ^ (1 << bit));
    }
  }
}
