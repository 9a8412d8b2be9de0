#include "virtual_rig.h"

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <limits>
#include <poll.h>
#include <random>
#include <unistd.h>

#include "boot_log.h"
#include "firmware_app.h"
#include "frame_encoder.h"
#include "scripted_hal.h"
#include "virtual_clock.h"

namespace evb {
namespace host {
namespace {

constexpr uint64_t kNever = std::numeric_limits<uint64_t>::max();
// Longest wall-clock wait per loop pass in real-time mode, so a stop signal or a newly opened
// pty is noticed promptly even when nothing is due.
constexpr int kMaxWaitMs = 50;

std::atomic<bool> gStop{false};

void onSignal(int) { gStop = true; }

bool parseU64(const char* s, uint64_t& out) {
  if (s == nullptr || *s == '\0' || *s == '-') return false;
  char* end = nullptr;
  out = std::strtoull(s, &end, 10);
  return *end == '\0';
}

bool parseI64(const char* s, int64_t& out) {
  if (s == nullptr || *s == '\0') return false;
  char* end = nullptr;
  out = std::strtoll(s, &end, 10);
  return *end == '\0';
}

bool parseMac(const std::string& hex, uint8_t mac[6]) {
  if (hex.size() != 12) return false;
  for (int i = 0; i < 6; ++i) {
    const std::string byte = hex.substr(static_cast<size_t>(2 * i), 2);
    if (!std::isxdigit(static_cast<unsigned char>(byte[0])) || !std::isxdigit(static_cast<unsigned char>(byte[1]))) {
      return false;
    }
    mac[i] = static_cast<uint8_t>(std::strtoul(byte.c_str(), nullptr, 16));
  }
  return true;
}

// The scripted host's side of the protocol: framed, checksummed commands with rolling ids.
class ScriptedHost {
 public:
  std::string command(const std::string& name, const std::string& arg) {
    EncodedLine line;
    const CommandFrame f{nextId_, name.c_str(), arg.empty() ? nullptr : arg.c_str()};
    nextId_ = nextId_ == 65535 ? 1 : nextId_ + 1;  // wraps, skipping 0 (PROTOCOL.md)
    if (!encodeCommand(f, line)) return name + "," + arg;  // unencodable: send as garbage
    return std::string(line.c_str(), line.size() - 1);      // without the LF; injectLine adds it
  }

 private:
  uint16_t nextId_ = 1;
};

}  // namespace

const char* virtualRigUsage() {
  return "usage: virtual-rig [options] [SCRIPT]\n"
         "Runs the EV battery rig firmware's main loop with scripted sensors (protocol v1).\n"
         "\n"
         "transport (default: frames to stdout, commands from stdin)\n"
         "  --port PATH          open an existing tty (e.g. one end of a socat pty pair), raw 115200\n"
         "  --pty LINK           create a pseudo-terminal and symlink LINK to it\n"
         "time\n"
         "  --fast               as fast as possible (default on stdout)\n"
         "  --realtime           wall-clock time (default on --port/--pty)\n"
         "  --speed X            X times real time\n"
         "  --count N            exit after N data frames\n"
         "  --duration-ms T      exit when virtual time reaches T\n"
         "rig (override the script's settings)\n"
         "  --script FILE        the scenario (see README.md); also the positional argument\n"
         "  --cells N  --period-ms N  --hb-timeout-ms N\n"
         "  --t-max-cc N  --v-min-mv N  --v-max-mv N  --i-max-ma N\n"
         "  --ambient sht31|dht22|none  --no-ina226  --noise-uv N\n"
         "  --heartbeat-ms N     the scripted host pings every N ms from t=0\n"
         "identity and boot\n"
         "  --seed N             deterministic boot id, MAC and noise\n"
         "  --device-id HEX12    MAC / device id, e.g. 240AC4A1B2C3\n"
         "  --boot-log           print an ESP32 ROM boot log before the hello\n"
         "  --reset-reason NAME  poweron|software|panic|task_wdt|int_wdt|wdt|brownout|deepsleep|external\n"
         "  --help\n";
}

bool parseVirtualRigArgs(int argc, const char* const* argv, VirtualRigOptions& o, std::string& error) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](const char*& out) {
      if (i + 1 >= argc) {
        error = a + " needs a value";
        return false;
      }
      out = argv[++i];
      return true;
    };
    auto u32 = [&](std::optional<uint32_t>& field) {
      const char* v = nullptr;
      uint64_t n = 0;
      if (!value(v)) return false;
      if (!parseU64(v, n) || n > UINT32_MAX) {
        error = a + " needs a non-negative integer";
        return false;
      }
      field = static_cast<uint32_t>(n);
      return true;
    };
    auto i32 = [&](std::optional<int32_t>& field) {
      const char* v = nullptr;
      int64_t n = 0;
      if (!value(v)) return false;
      if (!parseI64(v, n) || n < INT32_MIN || n > INT32_MAX) {
        error = a + " needs an integer";
        return false;
      }
      field = static_cast<int32_t>(n);
      return true;
    };
    const char* v = nullptr;
    bool ok = true;
    if (a == "--help" || a == "-h") {
      o.help = true;
    } else if (a == "--script") {
      ok = value(v);
      if (ok) o.scriptPath = v;
    } else if (a == "--port") {
      ok = value(v);
      if (ok) o.portPath = v;
    } else if (a == "--pty") {
      ok = value(v);
      if (ok) o.ptyLink = v;
    } else if (a == "--fast") {
      o.speed = 0.0;
    } else if (a == "--realtime") {
      o.speed = 1.0;
    } else if (a == "--speed") {
      ok = value(v);
      if (ok) {
        char* end = nullptr;
        const double s = std::strtod(v, &end);
        if (*end != '\0' || !(s > 0) || s > 1e6) {
          error = "--speed needs a positive factor";
          return false;
        }
        o.speed = s;
      }
    } else if (a == "--count") {
      ok = value(v) && parseU64(v, o.count);
      if (!ok && error.empty()) error = "--count needs a non-negative integer";
    } else if (a == "--duration-ms") {
      uint64_t d = 0;
      ok = value(v) && parseU64(v, d);
      if (ok) o.durationMs = d;
      if (!ok && error.empty()) error = "--duration-ms needs a non-negative integer";
    } else if (a == "--cells") {
      ok = u32(o.cells);
    } else if (a == "--period-ms") {
      ok = u32(o.periodMs);
    } else if (a == "--hb-timeout-ms") {
      ok = u32(o.hbTimeoutMs);
    } else if (a == "--noise-uv") {
      ok = u32(o.noiseUv);
    } else if (a == "--heartbeat-ms") {
      ok = u32(o.heartbeatMs);
    } else if (a == "--t-max-cc") {
      ok = i32(o.tMaxCc);
    } else if (a == "--v-min-mv") {
      ok = i32(o.vMinMv);
    } else if (a == "--v-max-mv") {
      ok = i32(o.vMaxMv);
    } else if (a == "--i-max-ma") {
      ok = i32(o.iMaxMa);
    } else if (a == "--ambient") {
      AmbientSensorKind k{};
      ok = value(v) && parseAmbientKind(v, k);
      if (ok) o.ambient = k;
      if (!ok && error.empty()) error = "--ambient must be sht31, dht22 or none";
    } else if (a == "--no-ina226") {
      o.noIna226 = true;
    } else if (a == "--boot-log") {
      o.bootLog = true;
    } else if (a == "--seed") {
      uint64_t s = 0;
      ok = value(v) && parseU64(v, s);
      if (ok) o.seed = s;
      if (!ok && error.empty()) error = "--seed needs a non-negative integer";
    } else if (a == "--device-id") {
      uint8_t mac[6];
      ok = value(v) && parseMac(v, mac);
      if (ok) o.deviceId = v;
      if (!ok && error.empty()) error = "--device-id needs 12 hex digits";
    } else if (a == "--reset-reason") {
      ResetReason r{};
      ok = value(v) && parseResetReason(v, r);
      if (ok) o.resetReason = r;
      if (!ok && error.empty()) error = "unknown --reset-reason";
    } else if (!a.empty() && a[0] != '-' && o.scriptPath.empty()) {
      o.scriptPath = a;
    } else {
      error = "unknown option '" + a + "'";
      return false;
    }
    if (!ok) return false;
  }
  if (!o.portPath.empty() && !o.ptyLink.empty()) {
    error = "--port and --pty are exclusive";
    return false;
  }
  return true;
}

bool buildRigConfig(const VirtualRigOptions& o, const RigScript& script, RigConfig& c, std::string& error) {
  c = defaultRigConfig();
  applyScriptSettings(script, c);
  if (o.cells) c.cellCount = static_cast<uint8_t>(std::min<uint32_t>(*o.cells, 255));
  if (o.periodMs) c.periodMs = *o.periodMs;
  if (o.hbTimeoutMs) c.hostTimeoutMs = *o.hbTimeoutMs;
  if (o.tMaxCc) c.limits.tMaxCc = *o.tMaxCc;
  if (o.vMinMv) c.limits.vMinMv = *o.vMinMv;
  if (o.vMaxMv) c.limits.vMaxMv = *o.vMaxMv;
  if (o.iMaxMa) c.limits.iMaxMa = *o.iMaxMa;
  if (o.ambient) c.ambient = *o.ambient;
  if (o.noIna226) c.ina226.fitted = false;
  const char* problem = nullptr;
  if (!validateRigConfig(c, &problem)) {
    error = problem;
    return false;
  }
  return true;
}

RunSummary runVirtualRig(const RigConfig& config, const RigScript& script, const VirtualRigOptions& o, double speed,
                         SerialLink& link, const std::atomic<bool>* stop) {
  VirtualClock clock(speed);
  const uint64_t seed = o.seed ? *o.seed : std::random_device{}();
  ScriptedHal hal(config, clock, link, seed);
  if (o.deviceId) {
    uint8_t mac[6];
    parseMac(*o.deviceId, mac);
    hal.setMac(mac);
  }
  const ResetReason reset = o.resetReason ? *o.resetReason : script.resetReason.value_or(ResetReason::kPowerOn);
  hal.setResetReason(reset);
  hal.setNoiseUv(o.noiseUv ? *o.noiseUv : script.noiseUv.value_or(0));

  uint64_t endMs = kNever;
  if (o.durationMs) endMs = *o.durationMs;
  if (script.endMs) endMs = std::min<uint64_t>(endMs, *script.endMs);

  ScriptedHost host;
  size_t nextEvent = 0;
  uint32_t pingPeriodMs = o.heartbeatMs.value_or(0);
  uint64_t nextPingMs = 0;

  auto applyDue = [&](uint64_t now) {
    while (nextEvent < script.events.size() && script.events[nextEvent].atMs <= now) {
      const ScriptEvent& e = script.events[nextEvent++];
      switch (e.action) {
        case ScriptAction::kCommand:
          hal.injectLine(host.command(e.text, e.arg));
          break;
        case ScriptAction::kRaw:
          hal.injectLine(e.text);
          break;
        case ScriptAction::kHeartbeat:
          pingPeriodMs = e.number;
          nextPingMs = e.atMs;
          break;
        default:
          hal.apply(e);
          break;
      }
    }
    if (pingPeriodMs > 0 && now >= nextPingMs) {
      hal.injectLine(host.command("PING", ""));
      nextPingMs = now + pingPeriodMs;
    }
  };

  if (o.bootLog) {
    const std::string log = esp32BootLog(reset);
    link.write(log.data(), log.size(), false);
  }
  applyDue(clock.nowMs());  // values scripted for t=0 are in place for the first sample
  FirmwareApp app(hal, config);
  app.begin();
  link.flush();

  RunSummary summary;
  for (;;) {
    const uint64_t frames = static_cast<uint64_t>(app.dataFramesSent()) + app.dataFramesDropped();
    summary.dataFrames = frames;
    if (o.count > 0 && frames >= o.count) break;
    if (stop != nullptr && stop->load()) break;
    if (auto* fd = dynamic_cast<FdSerialLink*>(&link); fd != nullptr && fd->outputBroken()) break;

    const uint64_t now = clock.nowMs();
    uint64_t next = app.nextDeadlineMs(now);
    if (nextEvent < script.events.size()) next = std::min(next, script.events[nextEvent].atMs);
    if (pingPeriodMs > 0) next = std::min(next, nextPingMs);
    next = std::min(next, endMs);

    if (clock.fast()) {
      clock.advanceTo(std::max(next, now + 1));
    } else {
      const int64_t waitMs = std::min<int64_t>(clock.realMsUntil(next), kMaxWaitMs);
      if (waitMs > 0) {
        pollfd p{link.inputFd(), POLLIN, 0};
        if (p.fd >= 0) {
          ::poll(&p, 1, static_cast<int>(waitMs));
        } else {
          ::usleep(static_cast<useconds_t>(waitMs * 1000));
        }
      }
    }
    const uint64_t t = clock.nowMs();
    if (t >= endMs) break;
    applyDue(t);
    app.tick();
    link.flush();
  }
  summary.endMs = clock.nowMs();
  summary.relayClosedAtEnd = hal.relayClosed();
  return summary;
}

int virtualRigMain(int argc, const char* const* argv) {
  VirtualRigOptions o;
  std::string error;
  if (!parseVirtualRigArgs(argc, argv, o, error)) {
    std::cerr << "virtual-rig: " << error << "\n\n" << virtualRigUsage();
    return 2;
  }
  if (o.help) {
    std::cout << virtualRigUsage();
    return 0;
  }
  RigScript script;
  if (!o.scriptPath.empty() && !loadRigScript(o.scriptPath, script, error)) {
    std::cerr << "virtual-rig: " << o.scriptPath << ": " << error << "\n";
    return 2;
  }
  RigConfig config;
  if (!buildRigConfig(o, script, config, error)) {
    std::cerr << "virtual-rig: invalid rig configuration: " << error << "\n";
    return 2;
  }
  const bool onTty = !o.portPath.empty() || !o.ptyLink.empty();
  const double speed = o.speed ? *o.speed : (onTty ? 1.0 : 0.0);
  if (speed <= 0 && o.count == 0 && !o.durationMs && !script.endMs) {
    std::cerr << "virtual-rig: --fast needs --count, --duration-ms or the script's end_ms to stop\n";
    return 2;
  }

  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGINT, onSignal);
  std::signal(SIGTERM, onSignal);

  int ttyFd = -1;
  if (!o.portPath.empty()) {
    ttyFd = openTty(o.portPath, error);
  } else if (!o.ptyLink.empty()) {
    std::string slave;
    ttyFd = createPty(o.ptyLink, slave, error);
    if (ttyFd >= 0) std::cerr << "virtual-rig: pty " << slave << " linked at " << o.ptyLink << "\n";
  }
  if (onTty && ttyFd < 0) {
    std::cerr << "virtual-rig: " << error << "\n";
    return 1;
  }

  FdSerialLink link(onTty ? ttyFd : STDIN_FILENO, onTty ? ttyFd : STDOUT_FILENO, !onTty);
  const RunSummary summary = runVirtualRig(config, script, o, speed, link, &gStop);
  link.flush();
  if (onTty) {
    closeTty(ttyFd);
    if (!o.ptyLink.empty()) ::unlink(o.ptyLink.c_str());
  }
  std::cerr << "virtual-rig: " << summary.dataFrames << " data frames, stopped at t=" << summary.endMs << " ms\n";
  return 0;
}

}  // namespace host
}  // namespace evb
