#include "sample_scheduler.h"

namespace evb {

void SampleScheduler::start(uint64_t nowMs, uint32_t periodMs) {
  periodMs_ = periodMs == 0 ? 1 : periodMs;
  nextDueMs_ = nowMs;
  lastSampleMs_ = nowMs;
  sampled_ = false;
  skippedSlots_ = 0;
}

bool SampleScheduler::poll(uint64_t nowMs) {
  if (nowMs < nextDueMs_) return false;
  lastSampleMs_ = nowMs;
  sampled_ = true;
  const uint64_t late = nowMs - nextDueMs_;
  const uint64_t missed = late / periodMs_;
  skippedSlots_ += static_cast<uint32_t>(missed);
  nextDueMs_ += (missed + 1) * periodMs_;
  return true;
}

void SampleScheduler::setPeriod(uint64_t nowMs, uint32_t periodMs) {
  periodMs_ = periodMs == 0 ? 1 : periodMs;
  if (!sampled_) return;  // the first sample is still due at its original time
  const uint64_t next = lastSampleMs_ + periodMs_;
  nextDueMs_ = next < nowMs ? nowMs : next;
}

}  // namespace evb
