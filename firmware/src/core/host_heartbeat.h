// Tracks whether the station is alive. Every valid command is a heartbeat (PROTOCOL.md, "C -
// command"); when none arrives for the configured time the host is lost and the interlock opens
// the relay, because a hung PC can no longer watch the rig.
#pragma once

#include <cstdint>

namespace evb {

class HostHeartbeat {
 public:
  // At boot the host has not been heard from yet, so it counts as lost until its first command.
  void begin(uint64_t nowMs, uint32_t timeoutMs);
  void setTimeout(uint32_t timeoutMs) { timeoutMs_ = timeoutMs; }

  // Returns true when this heartbeat ends a lost period (the caller emits HOST_OK).
  bool onHeartbeat(uint64_t nowMs);

  // Returns true exactly once when the host becomes lost (the caller emits HOST_LOST).
  bool poll(uint64_t nowMs);

  bool lost() const { return lost_; }
  bool everSeen() const { return everSeen_; }
  uint64_t silentMs(uint64_t nowMs) const { return nowMs - lastHeardMs_; }
  uint32_t timeoutMs() const { return timeoutMs_; }
  // When poll() would next change state; UINT64_MAX while already lost.
  uint64_t deadlineMs() const;

 private:
  uint64_t lastHeardMs_ = 0;
  uint32_t timeoutMs_ = 5000;
  bool lost_ = true;
  bool everSeen_ = false;
};

}  // namespace evb
