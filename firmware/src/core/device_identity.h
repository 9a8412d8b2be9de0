// Device and boot identity for hello and every data/event frame.
#pragma once

#include <cstdint>

namespace evb {

// The 12 uppercase hex digits of the base MAC, in transmission order (the order printed on
// the module's label), e.g. "246F28A1B2C3".
void formatDeviceId(const uint8_t mac[6], char out[13]);

// 8 uppercase hex digits; a new random value each boot tells the station the device restarted
// even if its seq happens to continue plausibly.
void formatBootId(uint32_t bootId, char out[9]);

}  // namespace evb
