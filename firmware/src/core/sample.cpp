#include "sample.h"

namespace evb {

const char* faultName(FaultKind fault) {
  switch (fault) {
    case FaultKind::kNone:
      return "none";
    case FaultKind::kOpen:
      return "open";
    case FaultKind::kShort:
      return "short";
    case FaultKind::kRange:
      return "range";
    case FaultKind::kAdc:
      return "adc";
    case FaultKind::kBus:
      return "bus";
    case FaultKind::kCrc:
      return "crc";
    case FaultKind::kStale:
      return "stale";
    case FaultKind::kReset:
      return "reset";
  }
  return "unknown";
}

}  // namespace evb
