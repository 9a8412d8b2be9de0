// The firmware main loop end to end on the host: boot sequence, command acks, the interlock
// wired to limits, sensor faults and the host heartbeat, identify, and frame dropping. The
// sensors are the virtual rig's scripted HAL, so raw readings go through the real conversions.
#include "firmware_app.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "device_identity.h"
#include "frame_encoder.h"
#include "scripted_hal.h"
#include "support/frame_reader.h"
#include "support/golden.h"
#include "support/memory_serial_link.h"

using testsupport::readFrame;
using testsupport::WireFrame;

namespace {

class Rig {
 public:
  explicit Rig(evb::RigConfig config = evb::defaultRigConfig(),
               evb::ResetReason reset = evb::ResetReason::kPowerOn)
      : config_(config), hal_(config_, clock_, link_, 42), app_(hal_, config_) {
    const uint8_t mac[6] = {0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6};
    hal_.setMac(mac);
    hal_.setResetReason(reset);
  }

  void boot() { app_.begin(); }

  // Advances virtual time deadline by deadline, like the virtual rig's fast mode.
  void runUntil(uint64_t tMs) {
    while (clock_.nowMs() < tMs) {
      const uint64_t now = clock_.nowMs();
      clock_.advanceTo(std::max(std::min(app_.nextDeadlineMs(now), tMs), now + 1));
      app_.tick();
    }
  }

  // Sends a framed command and runs one loop pass; returns its id.
  uint16_t command(const char* name, const char* arg = nullptr) {
    evb::EncodedLine line;
    const uint16_t id = nextId_++;
    EXPECT_TRUE(evb::encodeCommand(evb::CommandFrame{id, name, arg}, line));
    link_.send(line.c_str());
    app_.tick();
    return id;
  }

  void raw(const std::string& text) {
    link_.send(text);
    app_.tick();
  }

  // Pings every `everyMs` from now until `untilMs` (a live host).
  void pingUntil(uint64_t untilMs, uint64_t everyMs = 1000) {
    while (clock_.nowMs() + everyMs <= untilMs) {
      runUntil(clock_.nowMs() + everyMs);
      command("PING");
    }
    runUntil(untilMs);
  }

  void set(evb::host::ScriptAction action, int cell, double value) {
    evb::host::ScriptEvent e;
    e.action = action;
    e.cell = cell;
    e.ramp.value = value;
    e.ramp.fromMs = clock_.nowMs();
    hal_.apply(e);
  }

  void fault(const char* channel, const char* kind) {
    evb::host::ScriptEvent e;
    e.action = evb::host::ScriptAction::kFault;
    e.channel = channel;
    e.text = kind;
    hal_.apply(e);
  }

  std::vector<WireFrame> frames() {
    std::vector<WireFrame> out;
    for (const std::string& line : link_.takeLines()) {
      out.push_back(readFrame(line));
      EXPECT_TRUE(out.back().ok) << "unreadable line: " << line;
    }
    return out;
  }

  std::vector<std::string> lines() { return link_.takeLines(); }

  evb::FirmwareApp& app() { return app_; }
  evb::host::ScriptedHal& hal() { return hal_; }
  testsupport::MemorySerialLink& link() { return link_; }
  uint64_t now() const { return clock_.nowMs(); }

 private:
  evb::RigConfig config_;
  evb::host::VirtualClock clock_{0};
  testsupport::MemorySerialLink link_;
  evb::host::ScriptedHal hal_;
  evb::FirmwareApp app_;
  uint16_t nextId_ = 1;
};

std::vector<WireFrame> ofKind(const std::vector<WireFrame>& frames, char kind) {
  std::vector<WireFrame> out;
  std::copy_if(frames.begin(), frames.end(), std::back_inserter(out), [&](const WireFrame& f) { return f.kind() == kind; });
  return out;
}

std::vector<std::string> eventCodes(const std::vector<WireFrame>& frames) {
  std::vector<std::string> out;
  for (const WireFrame& f : ofKind(frames, 'E')) out.push_back(f.at(6));
  return out;
}

const WireFrame* findEvent(const std::vector<WireFrame>& frames, const std::string& code) {
  for (const WireFrame& f : frames) {
    if (f.kind() == 'E' && f.at(6) == code) return &f;
  }
  return nullptr;
}

uint32_t statusOf(const WireFrame& data) { return static_cast<uint32_t>(std::stoul(data.at(13), nullptr, 16)); }

constexpr uint32_t kOpen = evb::status_bits::kRelayOpen;
constexpr uint32_t kLatched = evb::status_bits::kLatched;
constexpr uint32_t kHostLost = evb::status_bits::kHostLost;
constexpr uint32_t kLimit = evb::status_bits::kLimitTrip;
constexpr uint32_t kFault = evb::status_bits::kSensorFault;
constexpr uint32_t kIdentify = evb::status_bits::kIdentify;

}  // namespace

TEST(FirmwareBoot, HelloBootEventAndFirstDataFrame) {
  Rig rig;
  rig.boot();
  const auto frames = rig.frames();
  ASSERT_GE(frames.size(), 3u);

  const WireFrame& hello = frames[0];
  ASSERT_EQ(hello.kind(), 'H');
  EXPECT_EQ(hello.at(2), "A1B2C3D4E5F6") << "device id: the MAC as 12 uppercase hex digits";
  EXPECT_EQ(hello.at(3).size(), 8u);
  EXPECT_EQ(hello.at(4), "1.0.0");
  EXPECT_EQ(hello.at(5), "4");
  EXPECT_EQ(hello.at(6), "1000");
  EXPECT_EQ(hello.at(7), "ntc:4;vdiv:4;ina226;sht31");

  ASSERT_EQ(frames[1].kind(), 'E');
  EXPECT_EQ(frames[1].at(3), hello.at(3)) << "same boot id";
  EXPECT_EQ(frames[1].at(4), "0") << "event seq starts at 0";
  EXPECT_EQ(frames[1].at(6), "BOOT");
  EXPECT_EQ(frames[1].at(7), "reset=poweron");

  const WireFrame& data = frames[2];
  ASSERT_EQ(data.kind(), 'D');
  EXPECT_EQ(data.at(4), "0");
  EXPECT_EQ(data.at(7), "3700;3700;3700;3700");
  EXPECT_EQ(data.at(8), "2500;2500;2500;2500");
  EXPECT_EQ(data.at(9), "0");
  EXPECT_EQ(data.at(12), "-") << "the rig leaves SOC to the station";
  EXPECT_EQ(statusOf(data), kOpen | kLatched | kHostLost) << "boots open, latched, without a host";
  EXPECT_FALSE(rig.hal().relayClosed());
}

TEST(FirmwareBoot, BootIdsDifferBetweenBoots) {
  Rig a;
  a.boot();
  evb::RigConfig c = evb::defaultRigConfig();
  Rig b(c);
  b.hal().random32();  // a different RNG position stands in for another boot
  b.boot();
  EXPECT_NE(std::string(a.app().bootId()), std::string(b.app().bootId()));
}

TEST(FirmwareBoot, WatchdogResetIsReported) {
  Rig rig(evb::defaultRigConfig(), evb::ResetReason::kTaskWatchdog);
  rig.boot();
  const auto codes = eventCodes(rig.frames());
  EXPECT_EQ(codes, (std::vector<std::string>{"BOOT", "WATCHDOG_RESET"}));
}

TEST(FirmwareData, FramesAtTheConfiguredRateWithConsecutiveSeq) {
  Rig rig;
  rig.boot();
  rig.runUntil(5000);
  const auto data = ofKind(rig.frames(), 'D');
  ASSERT_EQ(data.size(), 6u);  // t = 0, 1000, ..., 5000
  for (size_t i = 0; i < data.size(); ++i) {
    EXPECT_EQ(data[i].num(4), static_cast<long long>(i));
    EXPECT_EQ(data[i].num(5), static_cast<long long>(i * 1000));
  }
}

TEST(FirmwareData, ScriptedValuesComeBackThroughTheConversions) {
  Rig rig;
  rig.set(evb::host::ScriptAction::kCellMv, 0, 3712);
  rig.set(evb::host::ScriptAction::kCellTempC, 2, 41.85);
  rig.set(evb::host::ScriptAction::kPackMa, -1, -1250);
  rig.set(evb::host::ScriptAction::kAmbientTempC, -1, 23.1);
  rig.set(evb::host::ScriptAction::kAmbientRh, -1, 45.2);
  rig.boot();
  rig.runUntil(1000);
  const auto data = ofKind(rig.frames(), 'D');
  ASSERT_EQ(data.size(), 2u);
  EXPECT_EQ(data[1].at(7), "3712;3700;3700;3700");
  EXPECT_EQ(data[1].at(8), "2500;2500;4185;2500");
  EXPECT_EQ(data[1].at(9), "-1250");
  EXPECT_EQ(data[1].at(10), "2310");
  EXPECT_EQ(data[1].at(11), "4520");
}

TEST(FirmwareData, FullTransmitBufferDropsDataButKeepsSeq) {
  Rig rig;
  rig.boot();
  rig.frames();
  rig.link().acceptDroppable = false;
  rig.runUntil(2000);
  rig.link().acceptDroppable = true;
  rig.runUntil(3000);
  const auto data = ofKind(rig.frames(), 'D');
  ASSERT_EQ(data.size(), 1u);
  EXPECT_EQ(data[0].num(4), 3) << "frames 1 and 2 were dropped; the gap shows";
  EXPECT_EQ(rig.app().dataFramesDropped(), 2u);
}

TEST(FirmwareCommands, ConfigAckIsTheGoldenVector) {
  Rig rig;
  rig.boot();
  rig.lines();
  for (int i = 1; i < 17; ++i) rig.command("PING");
  rig.lines();
  rig.command("CONFIG");
  std::string golden;
  for (const auto& v : testsupport::golden()["valid"].array) {
    if (v["name"].string == "ack ok config") golden = v["line"].string;
  }
  ASSERT_FALSE(golden.empty());
  EXPECT_EQ(rig.lines(), (std::vector<std::string>{golden}));
}

TEST(FirmwareCommands, EveryCommandLineGetsExactlyOneAck) {
  Rig rig;
  rig.boot();
  rig.command("PING");
  rig.frames();
  // Five lines in one burst: good, bad checksum, unknown, bad arg, unframed noise.
  rig.raw("$EVB1,C,2,PING,-*" + std::string("00000000") + "\n" + "$EVB1,C,3,FLY,-*" +
          "00000000" "\n");
  evb::EncodedLine a, b, c;
  evb::encodeCommand({4, "FLY", nullptr}, a);
  evb::encodeCommand({5, "RATE", "5"}, b);
  evb::encodeCommand({6, "PING", nullptr}, c);
  rig.raw(std::string(a.c_str()) + b.c_str() + "just noise\r\n" + c.c_str());
  const auto acks = ofKind(rig.frames(), 'A');
  ASSERT_EQ(acks.size(), 5u);
  EXPECT_EQ(acks[0].at(3), "0");
  EXPECT_EQ(acks[0].at(5), "BAD_CHECKSUM");
  EXPECT_EQ(acks[1].at(5), "BAD_CHECKSUM");
  EXPECT_EQ(acks[2].at(3), "4");
  EXPECT_EQ(acks[2].at(4), "ERR");
  EXPECT_EQ(acks[2].at(5), "UNKNOWN_COMMAND");
  EXPECT_EQ(acks[3].at(3), "5");
  EXPECT_EQ(acks[3].at(5), "BAD_ARG");
  EXPECT_EQ(acks[4].at(3), "6");
  EXPECT_EQ(acks[4].at(4), "OK");
}

TEST(FirmwareCommands, HelloIsSentAfterItsAck) {
  Rig rig;
  rig.boot();
  rig.frames();
  rig.command("HELLO");
  const auto frames = rig.frames();
  ASSERT_GE(frames.size(), 2u);
  EXPECT_EQ(frames[0].kind(), 'A');
  EXPECT_EQ(frames[0].at(5), "-");
  const auto hellos = ofKind(frames, 'H');
  ASSERT_EQ(hellos.size(), 1u);
  EXPECT_EQ(hellos[0].at(2), "A1B2C3D4E5F6");
}

TEST(FirmwareCommands, RateChangesThePeriodAndIsReported) {
  Rig rig;
  rig.boot();
  rig.runUntil(500);
  rig.frames();
  rig.command("RATE", "100");
  auto frames = rig.frames();
  ASSERT_FALSE(frames.empty());
  EXPECT_EQ(frames[0].at(5), "period_ms=100");
  const WireFrame* changed = findEvent(frames, "CONFIG_CHANGED");
  ASSERT_NE(changed, nullptr);
  EXPECT_EQ(changed->at(7), "period_ms=100");
  rig.runUntil(1000);
  const auto data = ofKind(rig.frames(), 'D');
  ASSERT_EQ(data.size(), 5u);  // 600, 700, 800, 900, 1000
  EXPECT_EQ(data.front().num(5), 600);
  rig.command("HELLO");
  EXPECT_EQ(ofKind(rig.frames(), 'H').at(0).at(6), "100");
}

TEST(FirmwareCommands, IdentifyBlinksTheLedAndSetsTheStatusBit) {
  Rig rig;
  rig.boot();
  rig.frames();
  rig.command("IDENT", "2");
  auto frames = rig.frames();
  EXPECT_EQ(frames[0].at(5), "seconds=2");
  ASSERT_NE(findEvent(frames, "IDENTIFY"), nullptr);
  std::vector<bool> led;
  for (uint64_t t = 125; t <= 1875; t += 250) {
    rig.runUntil(t);
    led.push_back(rig.hal().ledOn());
  }
  EXPECT_EQ(led, (std::vector<bool>{true, false, true, false, true, false, true, false}));
  const auto data = ofKind(rig.frames(), 'D');
  ASSERT_FALSE(data.empty());
  EXPECT_TRUE(statusOf(data.back()) & kIdentify);
  rig.runUntil(3000);
  EXPECT_FALSE(rig.hal().ledOn()) << "identify over; LED shows the (open) relay again";
  EXPECT_FALSE(statusOf(ofKind(rig.frames(), 'D').back()) & kIdentify);
}

TEST(FirmwareInterlock, HostClosesAndOpensTheRelay) {
  Rig rig;
  rig.boot();
  rig.frames();
  rig.command("RELAY", "CLOSE");
  auto frames = rig.frames();
  EXPECT_EQ(frames[0].at(5), "relay=closed");
  EXPECT_EQ(eventCodes(frames), (std::vector<std::string>{"RELAY_CLOSED", "HOST_OK"}));
  EXPECT_TRUE(rig.hal().relayClosed());
  EXPECT_TRUE(rig.hal().ledOn());
  rig.runUntil(1000);
  EXPECT_EQ(statusOf(ofKind(rig.frames(), 'D').back()), 0u);

  rig.command("RELAY", "OPEN");
  frames = rig.frames();
  EXPECT_EQ(frames[0].at(5), "relay=open");
  const WireFrame* opened = findEvent(frames, "RELAY_OPEN");
  ASSERT_NE(opened, nullptr);
  EXPECT_EQ(opened->at(7), "cause=host");
  EXPECT_FALSE(rig.hal().relayClosed());
}

TEST(FirmwareInterlock, HeartbeatLossOpensTheRelayAndItStaysLatched) {
  evb::RigConfig config = evb::defaultRigConfig();
  config.hostTimeoutMs = 3000;
  Rig rig(config);
  rig.boot();
  rig.command("RELAY", "CLOSE");
  rig.pingUntil(10000);
  EXPECT_TRUE(rig.hal().relayClosed()) << "a live host keeps it closed";
  rig.frames();

  // The host hangs: last heartbeat at t = 10000.
  rig.runUntil(12999);
  EXPECT_TRUE(rig.hal().relayClosed()) << "not before the timeout";
  rig.runUntil(13000);
  EXPECT_FALSE(rig.hal().relayClosed());
  auto frames = rig.frames();
  const WireFrame* lost = findEvent(frames, "HOST_LOST");
  ASSERT_NE(lost, nullptr);
  EXPECT_EQ(lost->num(5), 13000);
  EXPECT_EQ(lost->at(7), "silent_ms=3000;relay=open");
  const WireFrame* opened = findEvent(frames, "RELAY_OPEN");
  ASSERT_NE(opened, nullptr);
  EXPECT_EQ(opened->at(7), "cause=host_lost");
  EXPECT_EQ(statusOf(ofKind(frames, 'D').back()), kOpen | kLatched | kHostLost);

  // The host comes back: the relay stays open until it explicitly closes it.
  rig.command("PING");
  frames = rig.frames();
  ASSERT_NE(findEvent(frames, "HOST_OK"), nullptr);
  rig.pingUntil(20000);
  EXPECT_FALSE(rig.hal().relayClosed());
  EXPECT_EQ(statusOf(ofKind(rig.frames(), 'D').back()), kOpen | kLatched);
  rig.command("RELAY", "CLOSE");
  EXPECT_TRUE(rig.hal().relayClosed());
}

TEST(FirmwareInterlock, CorruptedCommandsAreNotHeartbeats) {
  evb::RigConfig config = evb::defaultRigConfig();
  config.hostTimeoutMs = 2000;
  Rig rig(config);
  rig.boot();
  rig.command("RELAY", "CLOSE");
  for (uint64_t t = 500; t <= 3000; t += 500) {
    rig.runUntil(t);
    rig.raw("$EVB1,C,9,PING,-*DEADBEEF\n");
  }
  EXPECT_FALSE(rig.hal().relayClosed()) << "line noise must not keep a hung host alive";
}

TEST(FirmwareInterlock, TemperatureLimitTripsAndRefusesCloseUntilCooled) {
  Rig rig;
  rig.boot();
  rig.command("RELAY", "CLOSE");
  rig.pingUntil(2000);
  rig.frames();
  rig.set(evb::host::ScriptAction::kCellTempC, 1, 61.0);
  rig.pingUntil(3000);
  EXPECT_FALSE(rig.hal().relayClosed());
  auto frames = rig.frames();
  const WireFrame* trip = findEvent(frames, "LIMIT_TRIP");
  ASSERT_NE(trip, nullptr);
  EXPECT_EQ(trip->at(7), "limit=t_max;ch=T2;value=6100;threshold=6000");
  EXPECT_EQ(findEvent(frames, "RELAY_OPEN")->at(7), "cause=limit");
  EXPECT_EQ(statusOf(ofKind(frames, 'D').back()), kOpen | kLatched | kLimit);

  rig.command("RELAY", "CLOSE");
  auto acks = ofKind(rig.frames(), 'A');
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].at(4), "ERR");
  EXPECT_EQ(acks[0].at(5), "LIMIT_ACTIVE;limit=t_max");
  EXPECT_FALSE(rig.hal().relayClosed());

  rig.set(evb::host::ScriptAction::kCellTempC, 1, 59.0);  // inside the limit, not the hysteresis
  rig.pingUntil(4000);
  rig.frames();
  rig.command("RELAY", "CLOSE");
  EXPECT_EQ(ofKind(rig.frames(), 'A').at(0).at(5), "LIMIT_ACTIVE;limit=t_max");

  rig.set(evb::host::ScriptAction::kCellTempC, 1, 45.0);
  rig.pingUntil(5000);
  EXPECT_FALSE(rig.hal().relayClosed()) << "cooling down does not close it by itself";
  rig.command("RELAY", "CLOSE");
  EXPECT_TRUE(rig.hal().relayClosed());
}

TEST(FirmwareInterlock, VoltageWindowAndOverCurrentTrip) {
  Rig rig;
  rig.boot();
  rig.command("RELAY", "CLOSE");
  rig.set(evb::host::ScriptAction::kCellMv, 3, 4300);
  rig.pingUntil(1000);
  EXPECT_FALSE(rig.hal().relayClosed());
  EXPECT_EQ(findEvent(rig.frames(), "LIMIT_TRIP")->at(7), "limit=v_max;ch=V4;value=4300;threshold=4250");

  rig.set(evb::host::ScriptAction::kCellMv, 3, 3700);
  rig.pingUntil(2000);
  rig.command("RELAY", "CLOSE");
  ASSERT_TRUE(rig.hal().relayClosed());
  rig.set(evb::host::ScriptAction::kPackMa, -1, -12000);  // charging too hard
  rig.pingUntil(3000);
  EXPECT_FALSE(rig.hal().relayClosed());
  EXPECT_EQ(findEvent(rig.frames(), "LIMIT_TRIP")->at(7), "limit=i_max;ch=I;value=-12000;threshold=10000");
}

TEST(FirmwareInterlock, SensorFaultOpensTheRelayAndBlocksClose) {
  Rig rig;
  rig.boot();
  rig.command("RELAY", "CLOSE");
  rig.pingUntil(1000);
  rig.frames();
  rig.fault("T2", "short");
  rig.pingUntil(2000);
  EXPECT_FALSE(rig.hal().relayClosed());
  auto frames = rig.frames();
  EXPECT_EQ(findEvent(frames, "SENSOR_FAULT")->at(7), "ch=T2;fault=short");
  EXPECT_EQ(findEvent(frames, "RELAY_OPEN")->at(7), "cause=sensor_fault");
  const auto data = ofKind(frames, 'D');
  EXPECT_EQ(data.back().at(8), "2500;-;2500;2500");
  EXPECT_EQ(statusOf(data.back()), kOpen | kLatched | kFault);

  rig.command("RELAY", "CLOSE");
  EXPECT_EQ(ofKind(rig.frames(), 'A').at(0).at(5), "LIMIT_ACTIVE;fault=T2");
  rig.fault("T2", "ok");
  rig.pingUntil(3000);
  EXPECT_EQ(findEvent(rig.frames(), "SENSOR_OK")->at(7), "ch=T2");
  rig.command("RELAY", "CLOSE");
  EXPECT_TRUE(rig.hal().relayClosed());
}

TEST(FirmwareInterlock, Ina226ResetIsAProtectiveFault) {
  Rig rig;
  rig.boot();
  rig.command("RELAY", "CLOSE");
  rig.pingUntil(1000);
  rig.frames();
  rig.fault("I", "reset");
  rig.pingUntil(2000);
  EXPECT_FALSE(rig.hal().relayClosed()) << "a current monitor that lost its calibration protects nothing";
  auto frames = rig.frames();
  EXPECT_EQ(findEvent(frames, "SENSOR_FAULT")->at(7), "ch=I;fault=reset");
  rig.pingUntil(3000);
  EXPECT_NE(findEvent(rig.frames(), "SENSOR_OK"), nullptr) << "re-programmed on the next sample";
}

TEST(FirmwareInterlock, AmbientSensorFaultIsReportedButDoesNotOpenTheRelay) {
  Rig rig;
  rig.boot();
  rig.command("RELAY", "CLOSE");
  rig.fault("AMB", "bus");
  rig.pingUntil(8000);
  EXPECT_TRUE(rig.hal().relayClosed());
  auto frames = rig.frames();
  EXPECT_EQ(findEvent(frames, "SENSOR_FAULT")->at(7), "ch=AMB;fault=bus");
  const auto data = ofKind(frames, 'D');
  EXPECT_EQ(data.back().at(10), "-");
  EXPECT_EQ(statusOf(data.back()), kFault);
}

TEST(FirmwareAmbient, Dht22InsteadOfSht31) {
  evb::RigConfig config = evb::defaultRigConfig();
  config.ambient = evb::AmbientSensorKind::kDht22;
  Rig rig(config);
  rig.set(evb::host::ScriptAction::kAmbientTempC, -1, -10.1);
  rig.set(evb::host::ScriptAction::kAmbientRh, -1, 65.2);
  rig.boot();
  const auto frames = rig.frames();
  EXPECT_EQ(ofKind(frames, 'H').at(0).at(7), "ntc:4;vdiv:4;ina226;dht22");
  const auto data = ofKind(frames, 'D');
  EXPECT_EQ(data.at(0).at(10), "-1010");
  EXPECT_EQ(data.at(0).at(11), "6520");
}

TEST(DeviceIdentity, MacAndBootIdFormats) {
  const uint8_t mac[6] = {0x24, 0x0a, 0xc4, 0x00, 0x1f, 0xe0};
  char id[13];
  evb::formatDeviceId(mac, id);
  EXPECT_STREQ(id, "240AC4001FE0");
  char boot[9];
  evb::formatBootId(0x0000BEEF, boot);
  EXPECT_STREQ(boot, "0000BEEF");
}
