#include "hal.h"

namespace evb {

const char* resetReasonName(ResetReason r) {
  switch (r) {
    case ResetReason::kPowerOn:
      return "poweron";
    case ResetReason::kSoftware:
      return "software";
    case ResetReason::kPanic:
      return "panic";
    case ResetReason::kTaskWatchdog:
      return "task_wdt";
    case ResetReason::kInterruptWatchdog:
      return "int_wdt";
    case ResetReason::kOtherWatchdog:
      return "wdt";
    case ResetReason::kBrownout:
      return "brownout";
    case ResetReason::kDeepSleep:
      return "deepsleep";
    case ResetReason::kExternal:
      return "external";
    case ResetReason::kUnknown:
      break;
  }
  return "unknown";
}

bool isWatchdogReset(ResetReason r) {
  return r == ResetReason::kTaskWatchdog || r == ResetReason::kInterruptWatchdog || r == ResetReason::kOtherWatchdog;
}

}  // namespace evb
