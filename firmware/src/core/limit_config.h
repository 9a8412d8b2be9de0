// The rig's local hard limits. They are enforced by the firmware itself, so they hold when the
// station is down; the station's own safety rules are a second, independent layer.
#pragma once

#include <cstdint>

namespace evb {

struct LimitConfig {
  int32_t tMaxCc;   // any cell above: trip (0.01 degC)
  int32_t vMinMv;   // any cell below: trip
  int32_t vMaxMv;   // any cell above: trip
  int32_t iMaxMa;   // |pack current| above: trip, charge or discharge
  // A tripped limit stays active until the value is back inside by this margin, so a reading
  // that hovers at the threshold cannot flood the station with LIMIT_TRIP events, and RELAY
  // CLOSE is refused until there is real headroom.
  int32_t tHysteresisCc;
  int32_t vHysteresisMv;
  int32_t iHysteresisMa;
};

}  // namespace evb
