// Checks every sample against the local hard limits, with hysteresis on the way back. Faulted
// channels are skipped here: a missing value is a sensor fault (ChannelFaults), not a limit.
#pragma once

#include <cstdint>

#include "limit_config.h"
#include "sample.h"

namespace evb {

enum class LimitKind : uint8_t { kTMax, kVMin, kVMax, kIMax };
constexpr uint8_t kLimitKindCount = 4;

// The `limit=` value in LIMIT_TRIP events and LIMIT_ACTIVE answers; matches the CONFIG keys.
const char* limitName(LimitKind kind);

struct LimitTrip {
  LimitKind kind;
  char channel[4];  // the worst channel at the moment of the trip
  int32_t value;
  int32_t threshold;
};

class LimitMonitor {
 public:
  void configure(const LimitConfig& limits);
  void reset();

  // Returns the number of limits that became active with this sample (written to `trips`).
  uint8_t update(const Sample& sample, LimitTrip* trips);

  bool active(LimitKind kind) const { return active_[static_cast<uint8_t>(kind)]; }
  bool anyActive() const;
  // The first active limit's name, or nullptr.
  const char* firstActiveName() const;

 private:
  LimitConfig limits_{};
  bool active_[kLimitKindCount] = {};
};

}  // namespace evb
