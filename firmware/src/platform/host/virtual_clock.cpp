#include "virtual_clock.h"

#include <cmath>

namespace evb {
namespace host {

VirtualClock::VirtualClock(double speed) : speed_(speed), start_(std::chrono::steady_clock::now()) {}

uint64_t VirtualClock::nowMs() const {
  if (fast()) return fastNowMs_;
  const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_);
  return static_cast<uint64_t>(std::floor(elapsed.count() * speed_));
}

void VirtualClock::advanceTo(uint64_t ms) {
  if (ms > fastNowMs_) fastNowMs_ = ms;
}

int64_t VirtualClock::realMsUntil(uint64_t ms) const {
  const uint64_t now = nowMs();
  if (ms <= now) return 0;
  return static_cast<int64_t>(std::ceil(static_cast<double>(ms - now) / speed_));
}

}  // namespace host
}  // namespace evb
