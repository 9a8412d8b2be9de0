#include "host_heartbeat.h"

#include <cstdint>

namespace evb {

void HostHeartbeat::begin(uint64_t nowMs, uint32_t timeoutMs) {
  lastHeardMs_ = nowMs;
  timeoutMs_ = timeoutMs;
  lost_ = true;
  everSeen_ = false;
}

bool HostHeartbeat::onHeartbeat(uint64_t nowMs) {
  lastHeardMs_ = nowMs;
  everSeen_ = true;
  const bool recovered = lost_;
  lost_ = false;
  return recovered;
}

bool HostHeartbeat::poll(uint64_t nowMs) {
  if (lost_) return false;
  if (nowMs - lastHeardMs_ >= timeoutMs_) {
    lost_ = true;
    return true;
  }
  return false;
}

uint64_t HostHeartbeat::deadlineMs() const { return lost_ ? UINT64_MAX : lastHeardMs_ + timeoutMs_; }

}  // namespace evb
