// The firmware's semantic version, reported in the hello frame.
#pragma once

namespace evb {
constexpr const char kFirmwareVersion[] = "1.0.0";
}
