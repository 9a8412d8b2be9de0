// SHT31 CRC and conversion against the Sensirion SHT3x-DIS datasheet, and the periodic-mode
// driver against a simulated sensor.
#include "sht31.h"

#include <gtest/gtest.h>

#include "ambient_sensor.h"
#include "rig_config.h"
#include "scripted_hal.h"
#include "support/memory_serial_link.h"

TEST(Sht31Crc, DatasheetExample) {
  // Section 4.12: CRC-8 (0x31, init 0xFF) of 0xBEEF is 0x92.
  const uint8_t data[2] = {0xBE, 0xEF};
  EXPECT_EQ(evb::sht31::crc8(data, 2), 0x92);
}

TEST(Sht31Conversion, RangeEndsAndMidpoints) {
  using namespace evb::sht31;
  EXPECT_EQ(tempCcFromRaw(0), -4500);
  EXPECT_EQ(tempCcFromRaw(65535), 13000);
  EXPECT_EQ(tempCcFromRaw(0x6666), 2500);  // -45 + 175 x 26214 / 65535 = 25.00 degC
  EXPECT_EQ(humidityCpctFromRaw(0), 0);
  EXPECT_EQ(humidityCpctFromRaw(65535), 10000);
  EXPECT_EQ(humidityCpctFromRaw(0x8000), 5000);
}

TEST(Sht31Conversion, EncodeDecodeRoundTrip) {
  using namespace evb::sht31;
  for (int32_t t = -4000; t <= 12500; t += 37) {
    uint8_t raw[6];
    encodeMeasurement(t, 4520, raw);
    int32_t tOut = 0, rhOut = 0;
    ASSERT_TRUE(decodeMeasurement(raw, tOut, rhOut));
    EXPECT_NEAR(tOut, t, 1);
    EXPECT_NEAR(rhOut, 4520, 1);
  }
}

TEST(Sht31Conversion, CorruptedBytesAreRejected) {
  using namespace evb::sht31;
  uint8_t raw[6];
  encodeMeasurement(2310, 4520, raw);
  for (int i = 0; i < 6; ++i) {
    uint8_t bad[6];
    std::copy(raw, raw + 6, bad);
    bad[i] ^= 0x04;
    int32_t t = 0, rh = 0;
    EXPECT_FALSE(decodeMeasurement(bad, t, rh)) << "byte " << i;
  }
}

namespace {

struct AmbientFixture {
  evb::RigConfig config = evb::defaultRigConfig();
  evb::host::VirtualClock clock{0};
  testsupport::MemorySerialLink link;
  evb::host::ScriptedHal hal{config, clock, link, 1};
  evb::AmbientSensor sensor;

  AmbientFixture() { sensor.configure(config, 0); }

  void set(uint64_t atMs, evb::host::ScriptAction action, double value) {
    evb::host::ScriptEvent e;
    e.atMs = atMs;
    e.action = action;
    e.ramp.value = value;
    hal.apply(e);
  }
  void fault(const char* kind) {
    evb::host::ScriptEvent e;
    e.action = evb::host::ScriptAction::kFault;
    e.channel = "AMB";
    e.text = kind;
    hal.apply(e);
  }
  std::pair<evb::Reading, evb::Reading> readAt(uint64_t ms) {
    clock.advanceTo(ms);
    std::pair<evb::Reading, evb::Reading> r;
    sensor.read(hal, ms, r.first, r.second);
    return r;
  }
};

}  // namespace

TEST(Sht31Driver, FirstValueAfterTheFirstPeriodicMeasurement) {
  AmbientFixture f;
  f.set(0, evb::host::ScriptAction::kAmbientTempC, 23.1);
  f.set(0, evb::host::ScriptAction::kAmbientRh, 45.2);
  auto r = f.readAt(0);
  EXPECT_FALSE(r.first.valid);
  EXPECT_EQ(r.first.fault, evb::FaultKind::kNone) << "no data yet is not a fault";
  r = f.readAt(1000);
  ASSERT_TRUE(r.first.valid);
  EXPECT_EQ(r.first.value, 2310);
  EXPECT_EQ(r.second.value, 4520);
  // Between measurements the sensor NACKs the fetch; the last value stays.
  r = f.readAt(1500);
  EXPECT_EQ(r.first.value, 2310);
}

TEST(Sht31Driver, CrcErrorsBecomeAFaultOnlyWhenStale) {
  AmbientFixture f;
  f.readAt(0);
  ASSERT_TRUE(f.readAt(1000).first.valid);
  f.fault("crc");
  EXPECT_TRUE(f.readAt(3000).first.valid) << "one bad CRC keeps the last good value";
  const auto stale = f.readAt(7000);
  EXPECT_FALSE(stale.first.valid);
  EXPECT_EQ(stale.first.fault, evb::FaultKind::kCrc);
  f.fault("ok");
  EXPECT_TRUE(f.readAt(8000).first.valid);
}

TEST(Sht31Driver, MissingSensorIsABusFault) {
  AmbientFixture f;
  f.fault("bus");
  EXPECT_EQ(f.readAt(1000).first.fault, evb::FaultKind::kNone);
  EXPECT_EQ(f.readAt(5000).first.fault, evb::FaultKind::kBus);
  f.fault("ok");
  f.readAt(5500);  // restarts periodic mode
  EXPECT_TRUE(f.readAt(6600).first.valid);
}
