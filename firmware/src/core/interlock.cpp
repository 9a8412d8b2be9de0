#include "interlock.h"

namespace evb {

const char* openCauseName(OpenCause cause) {
  switch (cause) {
    case OpenCause::kNone:
      return "none";
    case OpenCause::kBoot:
      return "boot";
    case OpenCause::kHost:
      return "host";
    case OpenCause::kLimit:
      return "limit";
    case OpenCause::kSensorFault:
      return "sensor_fault";
    case OpenCause::kHostLost:
      return "host_lost";
  }
  return "unknown";
}

void Interlock::begin() {
  closed_ = false;
  latched_ = true;
  cause_ = OpenCause::kBoot;
}

OpenCause Interlock::evaluate(const InterlockInputs& in) {
  OpenCause cause = OpenCause::kNone;
  if (in.limitActive) {
    cause = OpenCause::kLimit;
  } else if (in.protectiveFault) {
    cause = OpenCause::kSensorFault;
  } else if (in.hostLost) {
    cause = OpenCause::kHostLost;
  }
  if (cause == OpenCause::kNone || !closed_) return OpenCause::kNone;
  closed_ = false;
  latched_ = true;
  cause_ = cause;
  return cause;
}

bool Interlock::hostOpen() {
  const bool wasClosed = closed_;
  closed_ = false;
  latched_ = true;
  if (wasClosed) cause_ = OpenCause::kHost;
  return wasClosed;
}

CloseResult Interlock::hostClose(const InterlockInputs& in) {
  // Host loss cannot refuse a CLOSE: the command itself is a heartbeat.
  if (in.limitActive) return CloseResult::kRefusedLimit;
  if (in.protectiveFault) return CloseResult::kRefusedFault;
  if (closed_) return CloseResult::kAlreadyClosed;
  closed_ = true;
  latched_ = false;
  cause_ = OpenCause::kNone;
  return CloseResult::kClosed;
}

}  // namespace evb
