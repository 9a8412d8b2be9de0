// The virtual rig in-process: CLI parsing, the script format, and the cross-check scenario
// (fixtures/virtual-rig/cross-check.rig) run through the same runner as the executable.
#include "virtual_rig.h"

#include <gtest/gtest.h>

#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "boot_log.h"
#include "frame_encoder.h"
#include "support/frame_reader.h"
#include "support/golden.h"
#include "support/memory_serial_link.h"

using evb::host::RigScript;
using evb::host::VirtualRigOptions;
using testsupport::readFrame;
using testsupport::WireFrame;

namespace {

bool parseArgs(std::vector<const char*> args, VirtualRigOptions& o, std::string& error) {
  args.insert(args.begin(), "virtual-rig");
  return evb::host::parseVirtualRigArgs(static_cast<int>(args.size()), args.data(), o, error);
}

bool parseScript(const std::string& text, RigScript& script, std::string& error) {
  std::istringstream in(text);
  return evb::host::parseRigScript(in, script, error);
}

}  // namespace

TEST(VirtualRigCli, ParsesEveryOption) {
  VirtualRigOptions o;
  std::string error;
  ASSERT_TRUE(parseArgs({"--fast", "--count", "10", "--seed", "7", "--boot-log", "--cells", "8", "--period-ms", "100",
                         "--hb-timeout-ms", "2000", "--t-max-cc", "5500", "--v-min-mv", "2800", "--v-max-mv",
                         "4200", "--i-max-ma", "5000", "--ambient", "dht22", "--no-ina226", "--device-id",
                         "240AC4A1B2C3", "--reset-reason", "task_wdt", "--noise-uv", "500", "--heartbeat-ms", "1000",
                         "--duration-ms", "60000", "scenario.rig"},
                        o, error))
      << error;
  EXPECT_EQ(o.speed, 0.0);
  EXPECT_EQ(o.count, 10u);
  EXPECT_EQ(o.seed, 7u);
  EXPECT_TRUE(o.bootLog);
  EXPECT_EQ(o.cells, 8u);
  EXPECT_EQ(o.tMaxCc, 5500);
  EXPECT_EQ(o.ambient, evb::AmbientSensorKind::kDht22);
  EXPECT_TRUE(o.noIna226);
  EXPECT_EQ(o.resetReason, evb::ResetReason::kTaskWatchdog);
  EXPECT_EQ(o.scriptPath, "scenario.rig");
  EXPECT_EQ(o.durationMs, 60000u);
}

TEST(VirtualRigCli, RejectsBadInput) {
  const std::vector<std::vector<const char*>> bad = {
      {"--count"},        {"--count", "-1"},  {"--speed", "0"},          {"--device-id", "XYZ"},
      {"--bogus"},        {"--ambient", "x"}, {"--port", "a", "--pty", "b"}, {"--reset-reason", "meltdown"},
  };
  for (const auto& args : bad) {
    VirtualRigOptions o;
    std::string error;
    EXPECT_FALSE(parseArgs(args, o, error)) << args[0];
    EXPECT_FALSE(error.empty()) << args[0];
  }
}

TEST(VirtualRigCli, InvalidRigConfigurationIsRefused) {
  VirtualRigOptions o;
  o.cells = 17;
  evb::RigConfig config;
  std::string error;
  EXPECT_FALSE(evb::host::buildRigConfig(o, RigScript{}, config, error));
  EXPECT_NE(error.find("cells"), std::string::npos);
}

TEST(RigScriptFormat, SettingsEventsRampsAndComments) {
  RigScript s;
  std::string error;
  ASSERT_TRUE(parseScript("cells 6   # six\n"
                          "t_max_c 55.5\n"
                          "at 2000 cell 3 temp_c 25 ramp 0.5 to 40\n"
                          "at 0 cell * mv 3650\n"
                          "at 100 raw $EVB1,C,1,PING,-*541279E1   # a raw line\n"
                          "at 5 fault T2 open\n"
                          "at 6 command RELAY CLOSE\n"
                          "at 7 heartbeat off\n",
                          s, error))
      << error;
  EXPECT_EQ(s.cells, 6u);
  EXPECT_EQ(s.tMaxCc, 5550);
  ASSERT_EQ(s.events.size(), 6u);
  EXPECT_EQ(s.events[0].atMs, 0u) << "events are sorted by time";
  EXPECT_EQ(s.events[0].cell, -1);
  const auto& ramp = s.events.back().ramp;
  EXPECT_EQ(s.events.back().cell, 2);
  EXPECT_DOUBLE_EQ(ramp.at(1000), 25.0);
  EXPECT_DOUBLE_EQ(ramp.at(4000), 26.0);
  EXPECT_DOUBLE_EQ(ramp.at(100000), 40.0) << "stops at its bound";
  EXPECT_EQ(s.events[4].text, "$EVB1,C,1,PING,-*541279E1");
}

TEST(RigScriptFormat, ErrorsNameTheLine) {
  for (const char* text : {"cells four\n", "at x cell 1 mv 1\n", "at 0 cell 17 mv 1\n", "at 0 cell 1 volts 3\n",
                           "at 0 fault T1 melted\n", "at 0 heartbeat 0\n", "frobnicate 1\n",
                           "at 0 pack ma 1 ramp\n"}) {
    RigScript s;
    std::string error;
    EXPECT_FALSE(parseScript(text, s, error)) << text;
    EXPECT_EQ(error.rfind("line 1:", 0), 0u) << error;
  }
}

TEST(VirtualRigBootLog, LooksLikeAnEsp32AndContainsNoFrame) {
  const std::string log = evb::host::esp32BootLog(evb::ResetReason::kTaskWatchdog);
  EXPECT_NE(log.find("rst:0x7 (TG0WDT_SYS_RESET)"), std::string::npos);
  EXPECT_EQ(log.find('$'), std::string::npos) << "the station must see it as noise";
}

// The scenario every cross-language check uses; expectations mirror the comments in the script.
TEST(VirtualRigRun, CrossCheckScenario) {
  RigScript script;
  std::string error;
  ASSERT_TRUE(evb::host::loadRigScript(testsupport::fixturePath("virtual-rig/cross-check.rig"), script, error)) << error;
  VirtualRigOptions o;
  o.seed = 7;
  o.bootLog = true;
  evb::RigConfig config;
  ASSERT_TRUE(evb::host::buildRigConfig(o, script, config, error)) << error;
  testsupport::MemorySerialLink link;
  const auto summary = evb::host::runVirtualRig(config, script, o, 0.0, link, nullptr);
  EXPECT_EQ(summary.dataFrames, 72u);  // 0..35.5 s every 500 ms
  EXPECT_EQ(summary.endMs, 36000u);
  EXPECT_FALSE(summary.relayClosedAtEnd);

  std::vector<WireFrame> frames;
  int noise = 0;
  for (const std::string& line : link.takeLines()) {
    if (line.find('$') == std::string::npos) {
      ++noise;
      continue;
    }
    frames.push_back(readFrame(line));
    ASSERT_TRUE(frames.back().ok) << line;
  }
  EXPECT_GE(noise, 5) << "boot log lines";

  std::vector<std::string> events;
  std::vector<std::string> errors;
  for (const WireFrame& f : frames) {
    if (f.kind() == 'E') events.push_back(f.at(5) + " " + f.at(6) + " " + f.at(7));
    if (f.kind() == 'A' && f.at(4) == "ERR") errors.push_back(f.at(3) + " " + f.at(5));
  }
  EXPECT_EQ(events, (std::vector<std::string>{
                        "0 BOOT reset=poweron",
                        "0 HOST_OK silent_ms=0",
                        "1000 RELAY_CLOSED cause=host",
                        "5000 SENSOR_FAULT ch=T4;fault=open",
                        "5000 RELAY_OPEN cause=sensor_fault",
                        "7000 SENSOR_OK ch=T4",
                        "8000 RELAY_CLOSED cause=host",
                        "28000 LIMIT_TRIP limit=t_max;ch=T2;value=6100;threshold=6000",
                        "28000 RELAY_OPEN cause=limit",
                        "30000 RELAY_CLOSED cause=host",
                        "33000 HOST_LOST silent_ms=3000;relay=open",
                        "33000 RELAY_OPEN cause=host_lost",
                    }));
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0], "0 BAD_CHECKSUM");
  EXPECT_EQ(errors[1].substr(errors[1].find(' ')), " UNKNOWN_COMMAND");
  EXPECT_EQ(errors[2].substr(errors[2].find(' ')), " BAD_ARG");
  EXPECT_EQ(errors[3].substr(errors[3].find(' ')), " LIMIT_ACTIVE;limit=t_max");
}

TEST(VirtualRigRun, CountStopsAfterNDataFrames) {
  RigScript script;
  VirtualRigOptions o;
  o.seed = 1;
  o.count = 3;
  evb::RigConfig config;
  std::string error;
  ASSERT_TRUE(evb::host::buildRigConfig(o, script, config, error));
  testsupport::MemorySerialLink link;
  EXPECT_EQ(evb::host::runVirtualRig(config, script, o, 0.0, link, nullptr).dataFrames, 3u);
}

TEST(VirtualRigRun, SameSeedSameBytes) {
  auto run = [](uint64_t seed) {
    RigScript script;
    VirtualRigOptions o;
    o.seed = seed;
    o.count = 5;
    o.noiseUv = 2000;
    evb::RigConfig config;
    std::string error;
    evb::host::buildRigConfig(o, script, config, error);
    testsupport::MemorySerialLink link;
    evb::host::runVirtualRig(config, script, o, 0.0, link, nullptr);
    std::string all;
    for (const auto& l : link.takeLines()) all += l + "\n";
    return all;
  };
  EXPECT_EQ(run(11), run(11));
  EXPECT_NE(run(11), run(12));
}

// The path the station's serial tests take: a real pseudo-terminal, raw mode, wall-clock time
// (sped up 10x), commands written by "the station" and the heartbeat loss seen from outside.
TEST(VirtualRigPty, StationTalksToTheRigThroughAPseudoTerminal) {
  const std::string link = "/tmp/evb-virtual-rig-test-" + std::to_string(::getpid());
  std::string slave;
  std::string error;
  const int master = evb::host::createPty(link, slave, error);
  ASSERT_GE(master, 0) << error;

  RigScript script;
  VirtualRigOptions o;
  o.seed = 5;
  o.periodMs = 100;
  o.hbTimeoutMs = 1000;
  evb::RigConfig config;
  ASSERT_TRUE(evb::host::buildRigConfig(o, script, config, error)) << error;
  evb::host::FdSerialLink rigSide(master, master, false);
  std::atomic<bool> stop{false};
  std::thread rig([&] { evb::host::runVirtualRig(config, script, o, 10.0, rigSide, &stop); });

  const int station = evb::host::openTty(link, error);
  ASSERT_GE(station, 0) << error;
  evb::EncodedLine close;
  ASSERT_TRUE(evb::encodeCommand({1, "RELAY", "CLOSE"}, close));
  ASSERT_EQ(::write(station, close.c_str(), close.size()), static_cast<ssize_t>(close.size()));

  std::string received;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (received.find("RELAY_OPEN,cause=host_lost") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    pollfd p{station, POLLIN, 0};
    if (::poll(&p, 1, 50) > 0) {
      char buffer[4096];
      const ssize_t n = ::read(station, buffer, sizeof buffer);
      if (n > 0) received.append(buffer, static_cast<size_t>(n));
    }
  }
  stop = true;
  rig.join();
  evb::host::closeTty(station);
  ::close(master);
  ::unlink(link.c_str());

  // Real time: how long the host was silent varies by a loop pass or two, so only codes are compared.
  std::vector<std::string> codes;
  std::istringstream lines(received);
  for (std::string line; std::getline(lines, line);) {
    const WireFrame f = readFrame(line);
    ASSERT_TRUE(f.ok) << line;
    if (f.kind() == 'A') codes.push_back("ack " + f.at(5));
    if (f.kind() == 'E' && f.at(6) != "BOOT") codes.push_back(f.at(6) + (f.at(6) == "RELAY_OPEN" ? " " + f.at(7) : ""));
  }
  EXPECT_EQ(codes, (std::vector<std::string>{"ack relay=closed", "RELAY_CLOSED", "HOST_OK", "HOST_LOST",
                                              "RELAY_OPEN cause=host_lost"}));
}
