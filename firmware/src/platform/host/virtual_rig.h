// The virtual rig: the firmware's FirmwareApp main loop on a PC, with scripted sensors, talking
// protocol v1 over stdout/stdin, a tty path or a pty it creates. CLI in README.md.
#pragma once

#include <atomic>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "rig_config.h"
#include "rig_script.h"
#include "serial_link.h"

namespace evb {
namespace host {

struct VirtualRigOptions {
  std::string scriptPath;
  // Rig overrides (after the script's settings).
  std::optional<uint32_t> cells, periodMs, hbTimeoutMs, noiseUv, heartbeatMs;
  std::optional<int32_t> tMaxCc, vMinMv, vMaxMv, iMaxMa;
  std::optional<AmbientSensorKind> ambient;
  bool noIna226 = false;
  // Transport.
  std::string portPath;  // --port: an existing tty
  std::string ptyLink;   // --pty: create a pty, symlink here
  // Time.
  std::optional<double> speed;  // <= 0 fast; unset: fast on stdout, real time on a tty
  uint64_t count = 0;           // stop after this many data frames (0: no limit)
  std::optional<uint64_t> durationMs;
  // Identity and boot.
  bool bootLog = false;
  std::optional<uint64_t> seed;
  std::optional<std::string> deviceId;  // 12 hex digits
  std::optional<ResetReason> resetReason;
  bool help = false;
};

bool parseVirtualRigArgs(int argc, const char* const* argv, VirtualRigOptions& options, std::string& error);
const char* virtualRigUsage();

// Builds the rig configuration from defaults, the script's settings and the options.
bool buildRigConfig(const VirtualRigOptions& options, const RigScript& script, RigConfig& config, std::string& error);

struct RunSummary {
  uint64_t dataFrames = 0;  // sent + dropped
  uint64_t endMs = 0;
  bool relayClosedAtEnd = false;
};

// Runs until the count or duration is reached, the script's end_ms passes, the output breaks,
// or `stop` is set. The link decides where bytes go; speed <= 0 is fast mode.
RunSummary runVirtualRig(const RigConfig& config, const RigScript& script, const VirtualRigOptions& options,
                         double speed, SerialLink& link, const std::atomic<bool>* stop);

// The whole program: parse, open the transport, run, clean up. Returns the exit status.
int virtualRigMain(int argc, const char* const* argv);

}  // namespace host
}  // namespace evb
