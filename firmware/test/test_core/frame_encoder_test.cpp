// Beyond the golden vectors: the encoder refuses what the station would reject.
#include "frame_encoder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

evb::DataFrame dataFrame(const std::vector<evb::OptionalInt>& mv, const std::vector<evb::OptionalInt>& tc) {
  return evb::DataFrame{"A1B2C3D4E5F6", "3F2A91C0", 1,  1000, static_cast<uint32_t>(mv.size()),
                        mv.data(),      tc.data(),  {}, {},   {},
                        {},             0};
}

}  // namespace

TEST(FrameEncoder, RefusesOutOfRangeValues) {
  evb::EncodedLine line;
  const std::vector<evb::OptionalInt> ok{evb::OptionalInt::of(3700)};
  const std::vector<evb::OptionalInt> hot{evb::OptionalInt::of(150001)};
  const std::vector<evb::OptionalInt> negativeMv{evb::OptionalInt::of(-1)};
  EXPECT_TRUE(evb::encodeData(dataFrame(ok, ok), line));
  EXPECT_FALSE(evb::encodeData(dataFrame(ok, hot), line));
  EXPECT_EQ(line.size(), 0u) << "a refused frame leaves nothing to send";
  EXPECT_FALSE(evb::encodeData(dataFrame(negativeMv, ok), line));

  auto f = dataFrame(ok, ok);
  f.humidityCpct = evb::OptionalInt::of(10001);
  EXPECT_FALSE(evb::encodeData(f, line));
  f = dataFrame(ok, ok);
  f.tDevMs = 9007199254740992ull;  // 2^53: not a JavaScript safe integer
  EXPECT_FALSE(evb::encodeData(f, line));
}

TEST(FrameEncoder, RefusesBadIdentifiersAndDelimitersInText) {
  evb::EncodedLine line;
  EXPECT_FALSE(evb::encodeHello({"rig 7", "3F2A91C0", "1.0.0", 4, 1000, ""}, line));
  EXPECT_FALSE(evb::encodeHello({"rig-7", "3f2a91c0", "1.0.0", 4, 1000, ""}, line));
  EXPECT_FALSE(evb::encodeHello({"rig-7", "3F2A91C0", "1.0.0", 4, 5, ""}, line));
  EXPECT_FALSE(evb::encodeHello({"rig-7", "3F2A91C0", "1.0.0", 33, 1000, ""}, line));
  EXPECT_FALSE(evb::encodeEvent({"rig-7", "3F2A91C0", 1, 1, "BOOT", "a,b"}, line));
  EXPECT_FALSE(evb::encodeEvent({"rig-7", "3F2A91C0", 1, 1, "BOOT", "a*b"}, line));
  EXPECT_FALSE(evb::encodeEvent({"rig-7", "3F2A91C0", 1, 1, "boot", ""}, line));
  EXPECT_FALSE(evb::encodeAck({"rig-7", 65536, true, "-"}, line));
  EXPECT_TRUE(evb::encodeAck({"rig-7", 65535, true, "-"}, line));
  EXPECT_EQ(std::string(line.c_str()).back(), '\n');
}

TEST(FrameEncoder, ThirtyTwoCellsAtWidestValuesFitsTheLineLimit) {
  // The worst case the protocol allows must stay under 1024 bytes, or the rig could never report it.
  const std::vector<evb::OptionalInt> mv(32, evb::OptionalInt::of(65535));
  const std::vector<evb::OptionalInt> tc(32, evb::OptionalInt::of(-5500));
  auto f = dataFrame(mv, tc);
  f.deviceId = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
  f.seq = 4294967295u;
  f.tDevMs = 9007199254740991ull;
  f.packMa = evb::OptionalInt::of(-2000000);
  f.status = 0xFFFFFFFF;
  evb::EncodedLine line;
  ASSERT_TRUE(evb::encodeData(f, line));
  EXPECT_LE(line.size() - 1, evb::kMaxLineBytes);
}

TEST(FrameEncoder, StatusIsUnpaddedUppercaseHex) {
  const std::vector<evb::OptionalInt> one{evb::OptionalInt::of(3700)};
  auto f = dataFrame(one, one);
  f.status = 0x2B;
  evb::EncodedLine line;
  ASSERT_TRUE(evb::encodeData(f, line));
  EXPECT_NE(std::string(line.c_str()).find(",-,-,-,-,2B*"), std::string::npos) << line.c_str();
}
