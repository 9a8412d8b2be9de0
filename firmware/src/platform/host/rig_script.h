// The virtual rig's script: rig settings plus timed changes of sensor values, injected faults and
// commands from a scripted host. Format (README.md, "virtual-rig script"):
//
//   cells 4                          # settings, any order, before or between events
//   period_ms 500
//   at 0     cell * mv 3700          # at <ms> <target> ...
//   at 10000 cell 2 temp_c 25 ramp 2 to 80
//   at 5000  fault T4 open
//   at 1000  command RELAY CLOSE
//   at 0     heartbeat 1000
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "hal.h"
#include "rig_config.h"

namespace evb {
namespace host {

// A value that may change linearly from a start time, optionally stopping at a bound.
struct Ramp {
  double value = 0;
  double ratePerS = 0;
  uint64_t fromMs = 0;
  std::optional<double> bound;

  double at(uint64_t tMs) const;
};

enum class ScriptAction : uint8_t {
  kCellMv,
  kCellTempC,
  kPackMa,
  kAmbientTempC,
  kAmbientRh,
  kFault,      // channel + fault name ("ok" clears)
  kCommand,    // text = name, arg = argument or empty
  kRaw,        // text = the line as sent
  kHeartbeat,  // number = ping period in ms, 0 = stop
};

struct ScriptEvent {
  uint64_t atMs = 0;
  ScriptAction action = ScriptAction::kCellMv;
  int cell = -1;  // 0-based; -1 = every cell
  Ramp ramp;
  std::string channel;
  std::string text;
  std::string arg;
  uint32_t number = 0;
  int sourceLine = 0;
};

struct RigScript {
  std::optional<uint32_t> cells, periodMs, hbTimeoutMs, endMs, noiseUv;
  std::optional<int32_t> tMaxCc, vMinMv, vMaxMv, iMaxMa;
  std::optional<AmbientSensorKind> ambient;
  std::optional<bool> ina226;
  std::optional<ResetReason> resetReason;
  std::vector<ScriptEvent> events;  // sorted by time, stable
};

bool parseRigScript(std::istream& in, RigScript& script, std::string& error);
bool loadRigScript(const std::string& path, RigScript& script, std::string& error);
void applyScriptSettings(const RigScript& script, RigConfig& config);

bool parseResetReason(const std::string& name, ResetReason& out);
bool parseAmbientKind(const std::string& name, AmbientSensorKind& out);

}  // namespace host
}  // namespace evb
