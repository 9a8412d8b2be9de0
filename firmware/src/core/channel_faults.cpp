#include "channel_faults.h"

#include <cstring>

namespace evb {

void channelName(char prefix, uint8_t index1, char out[4]) {
  out[0] = prefix;
  if (index1 >= 10) {
    out[1] = static_cast<char>('0' + index1 / 10);
    out[2] = static_cast<char>('0' + index1 % 10);
    out[3] = '\0';
  } else {
    out[1] = static_cast<char>('0' + index1);
    out[2] = '\0';
  }
}

void ChannelFaults::reset() { *this = ChannelFaults{}; }

uint8_t ChannelFaults::update(const Sample& s, FaultChange* changes) {
  uint8_t n = 0;
  auto track = [&](FaultKind& previous, FaultKind now, const char* name) {
    if (previous == now) return;
    previous = now;
    FaultChange& c = changes[n++];
    std::strncpy(c.channel, name, sizeof c.channel - 1);
    c.channel[sizeof c.channel - 1] = '\0';
    c.fault = now;
  };
  cellCount_ = s.cellCount;
  char name[4];
  for (uint8_t k = 0; k < s.cellCount; ++k) {
    channelName('T', static_cast<uint8_t>(k + 1), name);
    track(temp_[k], s.cellTempCc[k].fault, name);
  }
  for (uint8_t k = 0; k < s.cellCount; ++k) {
    channelName('V', static_cast<uint8_t>(k + 1), name);
    track(volt_[k], s.cellMv[k].fault, name);
  }
  track(current_, s.packMa.fault, "I");
  track(ambient_, s.ambientCc.fault, "AMB");
  return n;
}

bool ChannelFaults::anyFault() const { return anyProtectiveFault() || ambient_ != FaultKind::kNone; }

bool ChannelFaults::anyProtectiveFault() const {
  char unused[4];
  return firstProtectiveFault(unused) != nullptr;
}

const char* ChannelFaults::firstProtectiveFault(char* buffer) const {
  for (uint8_t k = 0; k < cellCount_; ++k) {
    if (temp_[k] != FaultKind::kNone) {
      channelName('T', static_cast<uint8_t>(k + 1), buffer);
      return buffer;
    }
  }
  for (uint8_t k = 0; k < cellCount_; ++k) {
    if (volt_[k] != FaultKind::kNone) {
      channelName('V', static_cast<uint8_t>(k + 1), buffer);
      return buffer;
    }
  }
  if (current_ != FaultKind::kNone) {
    std::strcpy(buffer, "I");
    return buffer;
  }
  return nullptr;
}

}  // namespace evb
