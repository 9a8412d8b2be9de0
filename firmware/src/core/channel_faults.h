// Remembers which channels are faulted so the app reports each change exactly once:
// SENSOR_FAULT when a channel goes bad (or changes fault kind), SENSOR_OK when it recovers.
// Channel names are the ones used in event details: T1..T16 (thermistors), V1..V16 (cell
// voltages), I (pack current), AMB (ambient sensor).
#pragma once

#include <cstdint>

#include "sample.h"

namespace evb {

struct FaultChange {
  char channel[4];
  FaultKind fault;  // kNone: recovered
};

class ChannelFaults {
 public:
  static constexpr uint8_t kMaxChanges = 2 * kMaxRigCells + 2;

  void reset();
  // Compares with the previous sample; returns the number of changes written to `changes`.
  uint8_t update(const Sample& sample, FaultChange* changes);

  bool anyFault() const;
  // A fault on a channel the interlock relies on: a cell's temperature or voltage, or the pack
  // current. An ambient sensor fault is reported but does not open the relay - the room
  // temperature protects nothing.
  bool anyProtectiveFault() const;
  // The first protective channel at fault, or nullptr; for LIMIT_ACTIVE answers.
  const char* firstProtectiveFault(char* buffer) const;

 private:
  FaultKind temp_[kMaxRigCells] = {};
  FaultKind volt_[kMaxRigCells] = {};
  FaultKind current_ = FaultKind::kNone;
  FaultKind ambient_ = FaultKind::kNone;
  uint8_t cellCount_ = 0;
};

void channelName(char prefix, uint8_t index1, char out[4]);

}  // namespace evb
