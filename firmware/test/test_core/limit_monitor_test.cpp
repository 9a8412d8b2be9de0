#include "limit_monitor.h"

#include <gtest/gtest.h>

#include <string>

namespace {

const evb::LimitConfig kLimits{6000, 2500, 4250, 10000, 200, 50, 500};

evb::Sample healthy(uint8_t cells = 4) {
  evb::Sample s;
  s.cellCount = cells;
  for (uint8_t k = 0; k < cells; ++k) {
    s.cellMv[k] = evb::Reading::of(3700);
    s.cellTempCc[k] = evb::Reading::of(2500);
  }
  s.packMa = evb::Reading::of(-1250);
  return s;
}

}  // namespace

TEST(LimitMonitor, HealthySampleTripsNothing) {
  evb::LimitMonitor m;
  m.configure(kLimits);
  evb::LimitTrip trips[4];
  EXPECT_EQ(m.update(healthy(), trips), 0);
  EXPECT_FALSE(m.anyActive());
}

TEST(LimitMonitor, HotCellTripsWithItsChannelAndClearsWithHysteresis) {
  evb::LimitMonitor m;
  m.configure(kLimits);
  evb::LimitTrip trips[4];
  evb::Sample s = healthy();
  s.cellTempCc[2] = evb::Reading::of(6000);
  EXPECT_EQ(m.update(s, trips), 0) << "at the limit is still inside";
  s.cellTempCc[2] = evb::Reading::of(6001);
  ASSERT_EQ(m.update(s, trips), 1);
  EXPECT_EQ(trips[0].kind, evb::LimitKind::kTMax);
  EXPECT_EQ(std::string(trips[0].channel), "T3");
  EXPECT_EQ(trips[0].value, 6001);
  EXPECT_EQ(trips[0].threshold, 6000);
  EXPECT_EQ(m.update(s, trips), 0) << "one event per trip, not per sample";

  s.cellTempCc[2] = evb::Reading::of(5900);
  m.update(s, trips);
  EXPECT_TRUE(m.active(evb::LimitKind::kTMax)) << "inside the 2 degC hysteresis band";
  s.cellTempCc[2] = evb::Reading::of(5800);
  m.update(s, trips);
  EXPECT_FALSE(m.active(evb::LimitKind::kTMax));
}

TEST(LimitMonitor, VoltageWindowBothWays) {
  evb::LimitMonitor m;
  m.configure(kLimits);
  evb::LimitTrip trips[4];
  evb::Sample s = healthy();
  s.cellMv[0] = evb::Reading::of(2499);
  s.cellMv[3] = evb::Reading::of(4251);
  ASSERT_EQ(m.update(s, trips), 2);
  EXPECT_EQ(trips[0].kind, evb::LimitKind::kVMin);
  EXPECT_EQ(std::string(trips[0].channel), "V1");
  EXPECT_EQ(trips[1].kind, evb::LimitKind::kVMax);
  EXPECT_EQ(std::string(trips[1].channel), "V4");
  EXPECT_STREQ(m.firstActiveName(), "v_min");
}

TEST(LimitMonitor, OverCurrentInEitherDirection) {
  evb::LimitMonitor m;
  m.configure(kLimits);
  evb::LimitTrip trips[4];
  evb::Sample s = healthy();
  s.packMa = evb::Reading::of(-10001);  // charging
  ASSERT_EQ(m.update(s, trips), 1);
  EXPECT_EQ(trips[0].kind, evb::LimitKind::kIMax);
  EXPECT_EQ(trips[0].value, -10001);
  s.packMa = evb::Reading::of(9600);
  m.update(s, trips);
  EXPECT_TRUE(m.active(evb::LimitKind::kIMax));
  s.packMa = evb::Reading::of(9500);
  m.update(s, trips);
  EXPECT_FALSE(m.anyActive());
}

TEST(LimitMonitor, FaultedChannelsNeitherTripNorClear) {
  evb::LimitMonitor m;
  m.configure(kLimits);
  evb::LimitTrip trips[4];
  evb::Sample s = healthy(1);
  s.cellTempCc[0] = evb::Reading::faulted(evb::FaultKind::kShort);
  EXPECT_EQ(m.update(s, trips), 0);
  s.cellTempCc[0] = evb::Reading::of(7000);
  EXPECT_EQ(m.update(s, trips), 1);
  s.cellTempCc[0] = evb::Reading::faulted(evb::FaultKind::kOpen);
  m.update(s, trips);
  EXPECT_TRUE(m.active(evb::LimitKind::kTMax)) << "no evidence the cell cooled down";
}
