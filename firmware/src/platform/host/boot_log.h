// What an ESP32's ROM bootloader prints at 115200 baud before the firmware starts. The station
// must treat it as noise (PROTOCOL.md, "Framing"); the virtual rig prints it with --boot-log so
// the station's serial tests see the same junk a real board sends on connect.
#pragma once

#include <string>

#include "hal.h"

namespace evb {
namespace host {

std::string esp32BootLog(ResetReason reason);

}  // namespace host
}  // namespace evb
