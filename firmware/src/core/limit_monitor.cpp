#include "limit_monitor.h"

#include <cstring>

#include "channel_faults.h"

namespace evb {
namespace {

struct Extreme {
  bool found = false;
  int32_t value = 0;
  char channel[4] = {};
};

// The highest (or lowest) valid reading among the cells, with its channel name.
Extreme extreme(const Reading* readings, uint8_t count, char prefix, bool highest) {
  Extreme e;
  for (uint8_t k = 0; k < count; ++k) {
    if (!readings[k].valid) continue;
    const int32_t v = readings[k].value;
    if (!e.found || (highest ? v > e.value : v < e.value)) {
      e.found = true;
      e.value = v;
      channelName(prefix, static_cast<uint8_t>(k + 1), e.channel);
    }
  }
  return e;
}

}  // namespace

const char* limitName(LimitKind kind) {
  switch (kind) {
    case LimitKind::kTMax:
      return "t_max";
    case LimitKind::kVMin:
      return "v_min";
    case LimitKind::kVMax:
      return "v_max";
    case LimitKind::kIMax:
      return "i_max";
  }
  return "unknown";
}

void LimitMonitor::configure(const LimitConfig& limits) {
  limits_ = limits;
  reset();
}

void LimitMonitor::reset() {
  for (bool& a : active_) a = false;
}

uint8_t LimitMonitor::update(const Sample& s, LimitTrip* trips) {
  uint8_t n = 0;
  // `beyond` is the trip test; `inside` the clear test with hysteresis. An active limit whose
  // channels are all faulted stays active: there is no evidence it cleared.
  auto check = [&](LimitKind kind, const Extreme& e, bool beyond, bool inside, int32_t threshold) {
    bool& a = active_[static_cast<uint8_t>(kind)];
    if (!e.found) return;
    if (!a && beyond) {
      a = true;
      LimitTrip& t = trips[n++];
      t.kind = kind;
      std::memcpy(t.channel, e.channel, sizeof t.channel);
      t.value = e.value;
      t.threshold = threshold;
    } else if (a && inside) {
      a = false;
    }
  };

  const Extreme hot = extreme(s.cellTempCc, s.cellCount, 'T', true);
  check(LimitKind::kTMax, hot, hot.value > limits_.tMaxCc, hot.value <= limits_.tMaxCc - limits_.tHysteresisCc,
        limits_.tMaxCc);

  const Extreme low = extreme(s.cellMv, s.cellCount, 'V', false);
  check(LimitKind::kVMin, low, low.value < limits_.vMinMv, low.value >= limits_.vMinMv + limits_.vHysteresisMv,
        limits_.vMinMv);

  const Extreme high = extreme(s.cellMv, s.cellCount, 'V', true);
  check(LimitKind::kVMax, high, high.value > limits_.vMaxMv, high.value <= limits_.vMaxMv - limits_.vHysteresisMv,
        limits_.vMaxMv);

  Extreme current;
  if (s.packMa.valid) {
    current.found = true;
    current.value = s.packMa.value;
    std::strcpy(current.channel, "I");
  }
  const int32_t magnitude = current.value < 0 ? -current.value : current.value;
  check(LimitKind::kIMax, current, magnitude > limits_.iMaxMa, magnitude <= limits_.iMaxMa - limits_.iHysteresisMa,
        limits_.iMaxMa);
  return n;
}

bool LimitMonitor::anyActive() const { return firstActiveName() != nullptr; }

const char* LimitMonitor::firstActiveName() const {
  for (uint8_t k = 0; k < kLimitKindCount; ++k) {
    if (active_[k]) return limitName(static_cast<LimitKind>(k));
  }
  return nullptr;
}

}  // namespace evb
