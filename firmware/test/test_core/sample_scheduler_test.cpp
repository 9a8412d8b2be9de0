#include "sample_scheduler.h"

#include <gtest/gtest.h>

#include <vector>

namespace {

std::vector<uint64_t> run(evb::SampleScheduler& s, uint64_t from, uint64_t to, uint64_t step) {
  std::vector<uint64_t> taken;
  for (uint64_t t = from; t <= to; t += step) {
    if (s.poll(t)) taken.push_back(t);
  }
  return taken;
}

}  // namespace

TEST(SampleScheduler, FirstSampleImmediatelyThenOnAGrid) {
  evb::SampleScheduler s;
  s.start(0, 100);
  EXPECT_EQ(run(s, 0, 350, 1), (std::vector<uint64_t>{0, 100, 200, 300}));
}

TEST(SampleScheduler, LoopJitterDoesNotDriftTheGrid) {
  evb::SampleScheduler s;
  s.start(0, 100);
  EXPECT_TRUE(s.poll(0));
  EXPECT_TRUE(s.poll(107));  // late by 7 ms
  EXPECT_EQ(s.nextDueMs(), 200u) << "the next slot stays on the grid";
}

TEST(SampleScheduler, MissedSlotsAreSkippedNotBurst) {
  evb::SampleScheduler s;
  s.start(0, 100);
  EXPECT_TRUE(s.poll(0));
  EXPECT_TRUE(s.poll(350));  // the loop stalled for three slots
  EXPECT_FALSE(s.poll(351));
  EXPECT_EQ(s.nextDueMs(), 400u);
  EXPECT_EQ(s.skippedSlots(), 2u);
}

TEST(SampleScheduler, NewPeriodCountsFromTheLastSample) {
  evb::SampleScheduler s;
  s.start(0, 1000);
  EXPECT_TRUE(s.poll(0));
  s.setPeriod(300, 100);
  EXPECT_EQ(s.nextDueMs(), 300u) << "last sample + 100 already passed: sample now";
  s.setPeriod(300, 5000);
  EXPECT_EQ(s.nextDueMs(), 5000u);
}
