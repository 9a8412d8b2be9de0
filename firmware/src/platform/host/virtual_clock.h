// The virtual rig's time. Fast mode jumps from deadline to deadline (a one-hour script runs in
// milliseconds); scaled mode follows the wall clock times a speed factor (1 = real time, which a
// station's serial tests need for heartbeat timing).
#pragma once

#include <chrono>
#include <cstdint>

namespace evb {
namespace host {

class VirtualClock {
 public:
  // speed <= 0: fast mode.
  explicit VirtualClock(double speed);

  bool fast() const { return speed_ <= 0; }
  uint64_t nowMs() const;
  // Fast mode only: time never goes backwards.
  void advanceTo(uint64_t ms);
  // Scaled mode: wall-clock milliseconds until virtual time `ms` (0 if already past).
  int64_t realMsUntil(uint64_t ms) const;

 private:
  double speed_;
  uint64_t fastNowMs_ = 0;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace host
}  // namespace evb
