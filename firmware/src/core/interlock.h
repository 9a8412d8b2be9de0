// The relay interlock. The relay drives the rig's charger/heater contactor; de-energised means
// open, so a dead or resetting board is safe. It opens on:
//   - a host RELAY OPEN command,
//   - a local hard limit (cell temperature, voltage window, over-current),
//   - a fault on a channel the limits depend on,
//   - loss of the host heartbeat,
// and then stays open (latched) until the host sends RELAY CLOSE while none of the automatic
// causes holds. It also starts open and latched at boot: a brown-out or watchdog reset must not
// switch a charger back on without the station's say-so.
#pragma once

#include <cstdint>

namespace evb {

enum class OpenCause : uint8_t { kNone, kBoot, kHost, kLimit, kSensorFault, kHostLost };

// The `cause=` value in RELAY_OPEN events.
const char* openCauseName(OpenCause cause);

struct InterlockInputs {
  bool limitActive;
  bool protectiveFault;
  bool hostLost;
};

enum class CloseResult : uint8_t { kClosed, kAlreadyClosed, kRefusedLimit, kRefusedFault };

class Interlock {
 public:
  void begin();

  // Applies the automatic causes. Returns the cause when the relay opened on this call, else
  // kNone. The first cause in the order limit, sensor fault, host lost is reported.
  OpenCause evaluate(const InterlockInputs& inputs);

  // Returns true when the relay was closed and is now open.
  bool hostOpen();
  CloseResult hostClose(const InterlockInputs& inputs);

  bool relayClosed() const { return closed_; }
  bool latched() const { return latched_; }
  OpenCause lastCause() const { return cause_; }

 private:
  bool closed_ = false;
  bool latched_ = true;
  OpenCause cause_ = OpenCause::kBoot;
};

}  // namespace evb
