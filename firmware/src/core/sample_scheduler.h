// Decides when the next sample is due. Slots are kept on a fixed grid (start + k * period) so
// data frames stay evenly spaced and do not drift with loop jitter; slots missed because the loop
// was late (a slow I2C bus, a long command burst) are skipped rather than sampled in a burst.
#pragma once

#include <cstdint>

namespace evb {

class SampleScheduler {
 public:
  // The first sample is due immediately.
  void start(uint64_t nowMs, uint32_t periodMs);

  // True when a sample is due at nowMs; consumes the slot.
  bool poll(uint64_t nowMs);

  // A new period applies from the last taken sample: the next slot is lastSample + period, or now
  // if that has already passed.
  void setPeriod(uint64_t nowMs, uint32_t periodMs);

  uint32_t periodMs() const { return periodMs_; }
  uint64_t nextDueMs() const { return nextDueMs_; }
  uint32_t skippedSlots() const { return skippedSlots_; }

 private:
  uint32_t periodMs_ = 1000;
  uint64_t nextDueMs_ = 0;
  uint64_t lastSampleMs_ = 0;
  bool sampled_ = false;
  uint32_t skippedSlots_ = 0;
};

}  // namespace evb
