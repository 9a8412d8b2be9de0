#include "host_heartbeat.h"

#include <gtest/gtest.h>

TEST(HostHeartbeat, LostUntilFirstHeard) {
  evb::HostHeartbeat hb;
  hb.begin(0, 5000);
  EXPECT_TRUE(hb.lost());
  EXPECT_FALSE(hb.poll(10000)) << "no HOST_LOST event before the host was ever seen";
  EXPECT_TRUE(hb.onHeartbeat(10000)) << "first heartbeat ends the lost state";
  EXPECT_FALSE(hb.lost());
}

TEST(HostHeartbeat, LostExactlyAtTheTimeout) {
  evb::HostHeartbeat hb;
  hb.begin(0, 5000);
  hb.onHeartbeat(1000);
  EXPECT_FALSE(hb.poll(5999));
  EXPECT_EQ(hb.deadlineMs(), 6000u);
  EXPECT_TRUE(hb.poll(6000));
  EXPECT_EQ(hb.silentMs(6000), 5000u);
  EXPECT_FALSE(hb.poll(7000)) << "reported once";
  EXPECT_TRUE(hb.lost());
}

TEST(HostHeartbeat, EachHeartbeatRestartsTheTimer) {
  evb::HostHeartbeat hb;
  hb.begin(0, 3000);
  for (uint64_t t = 0; t <= 30000; t += 2999) {
    EXPECT_FALSE(hb.poll(t)) << t;
    hb.onHeartbeat(t);
  }
  EXPECT_FALSE(hb.lost());
}
