// Command lines as the station sends them, and every way they can arrive broken.
#include "command_parser.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "crc32.h"

namespace {

// A correctly framed command line (without LF) for any body, valid or not.
std::string framed(const std::string& body) {
  char crc[9];
  std::snprintf(crc, sizeof crc, "%08X", evb::crc32(body.data(), body.size()));
  return "$" + body + "*" + crc;
}

evb::ParsedCommand parse(const std::string& line) { return evb::parseCommandLine(line.data(), line.size()); }

}  // namespace

TEST(CommandParser, ParsesEveryCommand) {
  auto p = parse(framed("EVB1,C,1,PING,-"));
  ASSERT_EQ(p.outcome, evb::ParseOutcome::kCommand);
  EXPECT_EQ(p.name, evb::CommandName::kPing);
  EXPECT_EQ(p.cmdId, 1);

  p = parse(framed("EVB1,C,2,RATE,100"));
  ASSERT_EQ(p.outcome, evb::ParseOutcome::kCommand);
  EXPECT_EQ(p.name, evb::CommandName::kRate);
  EXPECT_EQ(p.number, 100u);

  p = parse(framed("EVB1,C,3,IDENT,600"));
  ASSERT_EQ(p.outcome, evb::ParseOutcome::kCommand);
  EXPECT_EQ(p.name, evb::CommandName::kIdent);
  EXPECT_EQ(p.number, 600u);

  p = parse(framed("EVB1,C,4,RELAY,CLOSE"));
  ASSERT_EQ(p.outcome, evb::ParseOutcome::kCommand);
  EXPECT_EQ(p.name, evb::CommandName::kRelay);
  EXPECT_TRUE(p.relayClose);

  p = parse(framed("EVB1,C,65535,RELAY,OPEN"));
  ASSERT_EQ(p.outcome, evb::ParseOutcome::kCommand);
  EXPECT_FALSE(p.relayClose);
  EXPECT_EQ(p.cmdId, 65535);

  EXPECT_EQ(parse(framed("EVB1,C,5,HELLO,-")).name, evb::CommandName::kHello);
  EXPECT_EQ(parse(framed("EVB1,C,6,CONFIG,-")).name, evb::CommandName::kConfig);
}

TEST(CommandParser, WrongChecksumIsBadChecksumWithIdZero) {
  std::string line = framed("EVB1,C,42,PING,-");
  line[line.size() - 1] = line[line.size() - 1] == '0' ? '1' : '0';
  const auto p = parse(line);
  EXPECT_EQ(p.outcome, evb::ParseOutcome::kError);
  EXPECT_EQ(p.error, evb::AckError::kBadChecksum);
  EXPECT_EQ(p.cmdId, 0) << "the id of a corrupted line cannot be trusted";
  EXPECT_FALSE(p.heartbeat) << "line noise must not keep a dead host alive";

  const auto lower = parse("$EVB1,C,1,PING,-*541279e1");
  EXPECT_EQ(lower.error, evb::AckError::kBadChecksum);
  EXPECT_EQ(parse("$EVB1,C,1,PING,-*541279E1").outcome, evb::ParseOutcome::kCommand);
}

TEST(CommandParser, FlippedBodyByteIsBadChecksum) {
  std::string line = framed("EVB1,C,42,RELAY,CLOSE");
  line[10] = '3';
  EXPECT_EQ(parse(line).error, evb::AckError::kBadChecksum);
}

TEST(CommandParser, UnknownNameIsUnknownCommandAndStillAHeartbeat) {
  const auto p = parse(framed("EVB1,C,18,FLY,-"));
  EXPECT_EQ(p.outcome, evb::ParseOutcome::kError);
  EXPECT_EQ(p.error, evb::AckError::kUnknownCommand);
  EXPECT_EQ(p.cmdId, 18);
  EXPECT_TRUE(p.heartbeat) << "PROTOCOL.md: every valid command, whatever its name, is a heartbeat";
}

TEST(CommandParser, BadArgumentsAreBadArg) {
  for (const char* body : {"EVB1,C,9,RATE,9", "EVB1,C,9,RATE,60001", "EVB1,C,9,RATE,-", "EVB1,C,9,RATE,0100",
                           "EVB1,C,9,RATE,1e3", "EVB1,C,9,RATE,abc", "EVB1,C,9,IDENT,601", "EVB1,C,9,IDENT,-1",
                           "EVB1,C,9,RELAY,SHUT", "EVB1,C,9,RELAY,-", "EVB1,C,9,RELAY,open", "EVB1,C,9,PING,now",
                           "EVB1,C,9,RATE,", "EVB1,C,9,RATE,1 0"}) {
    const auto p = parse(framed(body));
    EXPECT_EQ(p.outcome, evb::ParseOutcome::kError) << body;
    EXPECT_EQ(p.error, evb::AckError::kBadArg) << body;
    EXPECT_EQ(p.cmdId, 9) << body;
    EXPECT_TRUE(p.heartbeat) << body;
  }
}

TEST(CommandParser, RangeEdgesAreAccepted) {
  EXPECT_EQ(parse(framed("EVB1,C,1,RATE,10")).number, 10u);
  EXPECT_EQ(parse(framed("EVB1,C,1,RATE,60000")).number, 60000u);
  EXPECT_EQ(parse(framed("EVB1,C,1,IDENT,0")).outcome, evb::ParseOutcome::kCommand);
}

TEST(CommandParser, UnreadableFramesAreBadFrame) {
  struct Case {
    std::string line;
    uint16_t cmdId;
  };
  const Case cases[] = {
      {"$EVB1,C,1,PING,-", 0},                       // no checksum
      {"$EVB1,C,1,PING,-*541279E", 0},               // truncated checksum
      {"$EVB1,C,1,PI\tNG,-*00000000", 0},            // control character
      {framed("EVB2,C,1,PING,-"), 0},                // another protocol version
      {framed("EVB1,X,1,PING,-"), 0},                // unknown kind
      {framed("EVB1,C,0,PING,-"), 0},                // id 0 is reserved
      {framed("EVB1,C,65536,PING,-"), 0},            // id out of range
      {framed("EVB1,C,01,PING,-"), 0},               // leading zero
      {framed("EVB1,C,x,PING,-"), 0},                // id not a number
      {framed("EVB1,C"), 0},                         // no id at all
      {framed("EVB1,C,7,PING"), 7},                  // missing argument field
      {framed("EVB1,C,7,PING,-,-"), 7},              // extra field
      {framed("EVB1,C,7,ping,-"), 7},                // lowercase name
      {framed("EVB1,C,7,,-"), 7},                    // empty name
  };
  for (const Case& c : cases) {
    const auto p = parse(c.line);
    EXPECT_EQ(p.outcome, evb::ParseOutcome::kError) << c.line;
    EXPECT_EQ(p.error, evb::AckError::kBadFrame) << c.line;
    EXPECT_EQ(p.cmdId, c.cmdId) << c.line;
    EXPECT_FALSE(p.heartbeat) << c.line;
  }
}

TEST(CommandParser, NoiseIsIgnoredNotAnswered) {
  for (const std::string line : {"", "ets Jun  8 2016 00:22:57", "hello world", "\r"}) {
    EXPECT_EQ(parse(line).outcome, evb::ParseOutcome::kIgnore) << line;
  }
}

TEST(CommandParser, GarbageBeforeTheLastDollarIsSkipped) {
  const auto p = parse("rst:0x1 (POWERON_RESET)$EVB1,C,5$" + framed("EVB1,C,6,PING,-").substr(1));
  ASSERT_EQ(p.outcome, evb::ParseOutcome::kCommand);
  EXPECT_EQ(p.cmdId, 6);
}

TEST(CommandParser, TooLongLinesAreAnsweredOnlyWhenFramed) {
  EXPECT_EQ(evb::parseTooLongLine(true).error, evb::AckError::kBadFrame);
  EXPECT_EQ(evb::parseTooLongLine(true).cmdId, 0);
  EXPECT_EQ(evb::parseTooLongLine(false).outcome, evb::ParseOutcome::kIgnore);
}

TEST(CommandParser, ErrorCodesAreTheProtocolNames) {
  EXPECT_STREQ(evb::ackErrorCode(evb::AckError::kBadFrame), "BAD_FRAME");
  EXPECT_STREQ(evb::ackErrorCode(evb::AckError::kBadChecksum), "BAD_CHECKSUM");
  EXPECT_STREQ(evb::ackErrorCode(evb::AckError::kUnknownCommand), "UNKNOWN_COMMAND");
  EXPECT_STREQ(evb::ackErrorCode(evb::AckError::kBadArg), "BAD_ARG");
  EXPECT_STREQ(evb::ackErrorCode(evb::AckError::kLimitActive), "LIMIT_ACTIVE");
}
