// Frames of protocol v1 (firmware/PROTOCOL.md) as the firmware builds them. Values stay in wire
// units (mV, 0.01 degC, mA, 0.01 %RH, 0.1 % SOC); an absent or faulted value is an OptionalInt
// without a value and goes on the wire as "-".
#pragma once

#include <cstddef>
#include <cstdint>

namespace evb {

constexpr const char kProtocolTag[] = "EVB1";
constexpr size_t kMaxLineBytes = 1024;    // before the terminator
constexpr uint8_t kMaxProtocolCells = 32;  // the wire's limit; the board's is kMaxRigCells

// Status bits of a data frame (PROTOCOL.md, "D - data").
namespace status_bits {
constexpr uint32_t kRelayOpen = 1u << 0;
constexpr uint32_t kLatched = 1u << 1;
constexpr uint32_t kHostLost = 1u << 2;
constexpr uint32_t kLimitTrip = 1u << 3;
constexpr uint32_t kSensorFault = 1u << 4;
constexpr uint32_t kIdentify = 1u << 5;
}  // namespace status_bits

struct OptionalInt {
  int64_t value = 0;
  bool present = false;

  static OptionalInt of(int64_t v) { return OptionalInt{v, true}; }
  static OptionalInt none() { return OptionalInt{}; }
};

struct HelloFrame {
  const char* deviceId;
  const char* bootId;
  const char* fwVersion;
  uint32_t cellCount;
  uint32_t periodMs;
  const char* channels;
};

struct DataFrame {
  const char* deviceId;
  const char* bootId;
  uint32_t seq;
  uint64_t tDevMs;
  uint32_t cellCount;
  const OptionalInt* cellMv;      // cellCount items
  const OptionalInt* cellTempCc;  // cellCount items
  OptionalInt packMa;
  OptionalInt ambientCc;
  OptionalInt humidityCpct;
  OptionalInt socPermille;
  uint32_t status;
};

struct EventFrame {
  const char* deviceId;
  const char* bootId;
  uint32_t eventSeq;
  uint64_t tDevMs;
  const char* code;
  const char* detail;
};

struct AckFrame {
  const char* deviceId;
  uint32_t cmdId;
  bool ok;
  const char* detail;
};

// Station -> rig. The firmware only parses commands; it encodes them for the virtual rig's
// scripted host and for the golden-vector tests.
struct CommandFrame {
  uint32_t cmdId;
  const char* name;
  const char* arg;  // nullptr is the wire's "-"
};

}  // namespace evb
