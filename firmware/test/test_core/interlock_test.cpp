// The relay interlock's state machine on its own; FirmwareApp tests cover it wired to the loop.
#include "interlock.h"

#include <gtest/gtest.h>

namespace {
const evb::InterlockInputs kQuiet{false, false, false};
}

TEST(Interlock, BootsOpenAndLatched) {
  evb::Interlock il;
  il.begin();
  EXPECT_FALSE(il.relayClosed());
  EXPECT_TRUE(il.latched());
  EXPECT_EQ(il.lastCause(), evb::OpenCause::kBoot);
  EXPECT_EQ(il.evaluate(kQuiet), evb::OpenCause::kNone);
  EXPECT_FALSE(il.relayClosed()) << "nothing closes the relay by itself";
}

TEST(Interlock, HostCloseThenEachAutomaticCauseOpensAndLatches) {
  const struct {
    evb::InterlockInputs in;
    evb::OpenCause cause;
  } cases[] = {
      {{true, false, false}, evb::OpenCause::kLimit},
      {{false, true, false}, evb::OpenCause::kSensorFault},
      {{false, false, true}, evb::OpenCause::kHostLost},
      {{true, true, true}, evb::OpenCause::kLimit},
  };
  for (const auto& c : cases) {
    evb::Interlock il;
    il.begin();
    ASSERT_EQ(il.hostClose(kQuiet), evb::CloseResult::kClosed);
    EXPECT_TRUE(il.relayClosed());
    EXPECT_FALSE(il.latched());
    EXPECT_EQ(il.evaluate(c.in), c.cause);
    EXPECT_FALSE(il.relayClosed());
    EXPECT_TRUE(il.latched());
    // The cause going away does not close the relay: it stays latched.
    EXPECT_EQ(il.evaluate(kQuiet), evb::OpenCause::kNone);
    EXPECT_FALSE(il.relayClosed());
    EXPECT_EQ(il.lastCause(), c.cause);
  }
}

TEST(Interlock, CloseIsRefusedWhileALimitOrFaultHolds) {
  evb::Interlock il;
  il.begin();
  EXPECT_EQ(il.hostClose({true, false, false}), evb::CloseResult::kRefusedLimit);
  EXPECT_EQ(il.hostClose({false, true, false}), evb::CloseResult::kRefusedFault);
  EXPECT_FALSE(il.relayClosed());
  EXPECT_TRUE(il.latched());
  EXPECT_EQ(il.hostClose(kQuiet), evb::CloseResult::kClosed);
  EXPECT_EQ(il.hostClose(kQuiet), evb::CloseResult::kAlreadyClosed);
}

TEST(Interlock, HostOpenLatchesUntilHostClose) {
  evb::Interlock il;
  il.begin();
  il.hostClose(kQuiet);
  EXPECT_TRUE(il.hostOpen());
  EXPECT_EQ(il.lastCause(), evb::OpenCause::kHost);
  EXPECT_FALSE(il.hostOpen()) << "already open";
  EXPECT_EQ(il.evaluate(kQuiet), evb::OpenCause::kNone);
  EXPECT_FALSE(il.relayClosed());
  EXPECT_EQ(il.hostClose(kQuiet), evb::CloseResult::kClosed);
}

TEST(Interlock, CauseNames) {
  EXPECT_STREQ(evb::openCauseName(evb::OpenCause::kHostLost), "host_lost");
  EXPECT_STREQ(evb::openCauseName(evb::OpenCause::kSensorFault), "sensor_fault");
  EXPECT_STREQ(evb::openCauseName(evb::OpenCause::kLimit), "limit");
}
