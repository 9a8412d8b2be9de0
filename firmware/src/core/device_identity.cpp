#include "device_identity.h"

namespace evb {
namespace {
constexpr char kHex[] = "0123456789ABCDEF";
}

void formatDeviceId(const uint8_t mac[6], char out[13]) {
  for (int i = 0; i < 6; ++i) {
    out[2 * i] = kHex[mac[i] >> 4];
    out[2 * i + 1] = kHex[mac[i] & 0x0F];
  }
  out[12] = '\0';
}

void formatBootId(uint32_t bootId, char out[9]) {
  for (int i = 0; i < 8; ++i) out[i] = kHex[(bootId >> (28 - 4 * i)) & 0x0F];
  out[8] = '\0';
}

}  // namespace evb
