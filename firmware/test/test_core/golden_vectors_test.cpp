// The C++ encoder and command parser against protocol v1's golden vectors: every valid vector
// must be reproduced byte for byte, and the command vectors must parse as the station means them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "command_parser.h"
#include "crc32.h"
#include "frame_encoder.h"
#include "support/golden.h"

using testsupport::golden;
using testsupport::Json;

namespace {

evb::OptionalInt opt(const Json& v) {
  return v.isNull() ? evb::OptionalInt::none() : evb::OptionalInt::of(v.integer);
}

std::vector<evb::OptionalInt> optList(const Json& v) {
  std::vector<evb::OptionalInt> out;
  for (const Json& item : v.array) out.push_back(opt(item));
  return out;
}

// Encodes the vector's `frame` with the firmware's encoder.
std::string encode(const Json& f) {
  evb::EncodedLine line;
  const std::string kind = f["kind"].string;
  bool ok = false;
  if (kind == "hello") {
    const evb::HelloFrame h{f["deviceId"].string.c_str(),
                            f["bootId"].string.c_str(),
                            f["fwVersion"].string.c_str(),
                            static_cast<uint32_t>(f["cellCount"].integer),
                            static_cast<uint32_t>(f["periodMs"].integer),
                            f["channels"].string.c_str()};
    ok = evb::encodeHello(h, line);
  } else if (kind == "data") {
    const auto mv = optList(f["cellMv"]);
    const auto tc = optList(f["cellTempCc"]);
    const evb::DataFrame d{f["deviceId"].string.c_str(),
                           f["bootId"].string.c_str(),
                           static_cast<uint32_t>(f["seq"].integer),
                           static_cast<uint64_t>(f["tDevMs"].integer),
                           static_cast<uint32_t>(mv.size()),
                           mv.data(),
                           tc.data(),
                           opt(f["packMa"]),
                           opt(f["ambientCc"]),
                           opt(f["humidityCpct"]),
                           opt(f["socPermille"]),
                           static_cast<uint32_t>(f["status"].integer)};
    ok = evb::encodeData(d, line);
  } else if (kind == "event") {
    const evb::EventFrame e{f["deviceId"].string.c_str(),
                            f["bootId"].string.c_str(),
                            static_cast<uint32_t>(f["eventSeq"].integer),
                            static_cast<uint64_t>(f["tDevMs"].integer),
                            f["code"].string.c_str(),
                            f["detail"].string.c_str()};
    ok = evb::encodeEvent(e, line);
  } else if (kind == "ack") {
    const evb::AckFrame a{f["deviceId"].string.c_str(), static_cast<uint32_t>(f["cmdId"].integer),
                          f["ok"].boolean, f["detail"].string.c_str()};
    ok = evb::encodeAck(a, line);
  } else if (kind == "command") {
    const evb::CommandFrame c{static_cast<uint32_t>(f["cmdId"].integer), f["name"].string.c_str(),
                              f["arg"].isNull() ? nullptr : f["arg"].string.c_str()};
    ok = evb::encodeCommand(c, line);
  }
  return ok ? std::string(line.c_str(), line.size()) : std::string("<refused>");
}

class ValidVector : public ::testing::TestWithParam<size_t> {};

TEST_P(ValidVector, EncodesByteForByte) {
  const Json& v = golden()["valid"][GetParam()];
  SCOPED_TRACE(v["name"].string);
  EXPECT_EQ(encode(v["frame"]), v["line"].string + "\n");
}

INSTANTIATE_TEST_SUITE_P(Golden, ValidVector, ::testing::Range<size_t>(0, golden()["valid"].array.size()));

}  // namespace

TEST(GoldenVectors, CoverEveryFrameKind) {
  std::vector<std::string> kinds;
  for (const Json& v : golden()["valid"].array) kinds.push_back(v["frame"]["kind"].string);
  for (const char* kind : {"hello", "data", "event", "ack", "command"}) {
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), kind), kinds.end()) << kind;
  }
  EXPECT_GE(golden()["valid"].array.size(), 16u);
}

TEST(GoldenVectors, CrcCheckValueAndLineLimit) {
  const std::string input = golden()["crcCheck"]["input"].string;
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08X", evb::crc32(input.data(), input.size()));
  EXPECT_EQ(std::string(hex), golden()["crcCheck"]["crc"].string);
  EXPECT_EQ(static_cast<size_t>(golden()["maxLineBytes"].integer), evb::kMaxLineBytes);
}

TEST(GoldenVectors, EveryValidCommandParsesToItsFrame) {
  int commands = 0;
  for (const Json& v : golden()["valid"].array) {
    const Json& f = v["frame"];
    if (f["kind"].string != "command") continue;
    ++commands;
    const std::string line = v["line"].string;
    const evb::ParsedCommand p = evb::parseCommandLine(line.data(), line.size());
    SCOPED_TRACE(v["name"].string);
    ASSERT_EQ(p.outcome, evb::ParseOutcome::kCommand);
    EXPECT_EQ(p.cmdId, f["cmdId"].integer);
    EXPECT_TRUE(p.heartbeat);
  }
  EXPECT_GE(commands, 3);
}

TEST(GoldenVectors, RigNeverAnswersFramesThatAreNotCommands) {
  // Echoed hello/data/event/ack frames must not start an ack ping-pong.
  for (const Json& v : golden()["valid"].array) {
    if (v["frame"]["kind"].string == "command") continue;
    const std::string line = v["line"].string;
    EXPECT_EQ(evb::parseCommandLine(line.data(), line.size()).outcome, evb::ParseOutcome::kIgnore)
        << v["name"].string;
  }
}

TEST(GoldenVectors, InvalidCommandVectorsGetErrorAcks) {
  // Of the station's rejection vectors, those framed as commands must get an ERR ack from the
  // rig; noise must get none.
  for (const Json& v : golden()["invalid"].array) {
    const std::string line = v["line"].string;
    const evb::ParsedCommand p = evb::parseCommandLine(line.data(), line.size());
    const std::string reason = v["reason"].string;
    SCOPED_TRACE(v["name"].string);
    if (reason == "noise") {
      EXPECT_EQ(p.outcome, evb::ParseOutcome::kIgnore);
    } else if (line.rfind("$EVB1,C,", 0) == 0) {
      EXPECT_EQ(p.outcome, evb::ParseOutcome::kError);
    }
  }
}
