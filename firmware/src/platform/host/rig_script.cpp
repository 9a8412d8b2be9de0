#include "rig_script.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace evb {
namespace host {
namespace {

bool toDouble(const std::string& s, double& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end != nullptr && *end == '\0' && std::isfinite(out);
}

bool toUint(const std::string& s, uint64_t& out) {
  if (s.empty() || s[0] == '-') return false;
  char* end = nullptr;
  out = std::strtoull(s.c_str(), &end, 10);
  return end != nullptr && *end == '\0';
}

bool toInt(const std::string& s, int64_t& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtoll(s.c_str(), &end, 10);
  return end != nullptr && *end == '\0';
}

std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream ss(line);
  std::string w;
  while (ss >> w) out.push_back(w);
  return out;
}

// "<value> [ramp <per_s> [to <bound>]]" starting at words[i].
bool parseRamp(const std::vector<std::string>& w, size_t i, uint64_t atMs, Ramp& r, std::string& why) {
  if (i >= w.size() || !toDouble(w[i], r.value)) {
    why = "expected a number";
    return false;
  }
  r.fromMs = atMs;
  ++i;
  if (i < w.size() && w[i] == "ramp") {
    if (i + 1 >= w.size() || !toDouble(w[i + 1], r.ratePerS)) {
      why = "ramp needs a rate per second";
      return false;
    }
    i += 2;
    if (i < w.size() && w[i] == "to") {
      double b = 0;
      if (i + 1 >= w.size() || !toDouble(w[i + 1], b)) {
        why = "'to' needs a bound";
        return false;
      }
      r.bound = b;
      i += 2;
    }
  }
  if (i != w.size()) {
    why = "unexpected '" + w[i] + "'";
    return false;
  }
  return true;
}

bool parseEvent(const std::vector<std::string>& w, ScriptEvent& e, std::string& why) {
  uint64_t at = 0;
  if (w.size() < 3 || !toUint(w[1], at)) {
    why = "expected 'at <ms> <target> ...'";
    return false;
  }
  e.atMs = at;
  const std::string& target = w[2];
  if (target == "cell") {
    if (w.size() < 6) {
      why = "expected 'cell <n|*> mv|temp_c <value>'";
      return false;
    }
    if (w[3] == "*") {
      e.cell = -1;
    } else {
      uint64_t n = 0;
      if (!toUint(w[3], n) || n < 1 || n > kMaxRigCells) {
        why = "cell number must be 1-16 or *";
        return false;
      }
      e.cell = static_cast<int>(n - 1);
    }
    if (w[4] == "mv") {
      e.action = ScriptAction::kCellMv;
    } else if (w[4] == "temp_c") {
      e.action = ScriptAction::kCellTempC;
    } else {
      why = "cell quantity must be mv or temp_c";
      return false;
    }
    return parseRamp(w, 5, at, e.ramp, why);
  }
  if (target == "pack") {
    if (w.size() < 5 || w[3] != "ma") {
      why = "expected 'pack ma <value>'";
      return false;
    }
    e.action = ScriptAction::kPackMa;
    return parseRamp(w, 4, at, e.ramp, why);
  }
  if (target == "ambient") {
    if (w.size() < 5 || (w[3] != "temp_c" && w[3] != "rh")) {
      why = "expected 'ambient temp_c|rh <value>'";
      return false;
    }
    e.action = w[3] == "rh" ? ScriptAction::kAmbientRh : ScriptAction::kAmbientTempC;
    return parseRamp(w, 4, at, e.ramp, why);
  }
  if (target == "fault") {
    static const char* const kKinds[] = {"open", "short", "adc", "bus", "crc", "reset", "ok"};
    if (w.size() != 5 || std::find(std::begin(kKinds), std::end(kKinds), w[4]) == std::end(kKinds)) {
      why = "expected 'fault <T1..|V1..|I|AMB> open|short|adc|bus|crc|reset|ok'";
      return false;
    }
    e.action = ScriptAction::kFault;
    e.channel = w[3];
    e.text = w[4];
    return true;
  }
  if (target == "command") {
    if (w.size() < 4 || w.size() > 5) {
      why = "expected 'command <NAME> [ARG]'";
      return false;
    }
    e.action = ScriptAction::kCommand;
    e.text = w[3];
    e.arg = w.size() == 5 ? w[4] : "";
    return true;
  }
  if (target == "raw") {
    e.action = ScriptAction::kRaw;
    return true;  // the text is the rest of the original line, filled in by the caller
  }
  if (target == "heartbeat") {
    uint64_t period = 0;
    if (w.size() != 4 || !(w[3] == "off" || (toUint(w[3], period) && period > 0))) {
      why = "expected 'heartbeat <period_ms>|off'";
      return false;
    }
    e.action = ScriptAction::kHeartbeat;
    e.number = static_cast<uint32_t>(period);
    return true;
  }
  why = "unknown target '" + target + "'";
  return false;
}

bool parseSetting(const std::vector<std::string>& w, RigScript& s, std::string& why) {
  const std::string& key = w[0];
  if (w.size() != 2) {
    why = "expected '" + key + " <value>'";
    return false;
  }
  const std::string& v = w[1];
  uint64_t u = 0;
  int64_t i = 0;
  double d = 0;
  auto needUint = [&](std::optional<uint32_t>& field) {
    if (!toUint(v, u) || u > UINT32_MAX) {
      why = key + " needs a non-negative integer";
      return false;
    }
    field = static_cast<uint32_t>(u);
    return true;
  };
  auto needInt = [&](std::optional<int32_t>& field) {
    if (!toInt(v, i) || i < INT32_MIN || i > INT32_MAX) {
      why = key + " needs an integer";
      return false;
    }
    field = static_cast<int32_t>(i);
    return true;
  };
  if (key == "cells") return needUint(s.cells);
  if (key == "period_ms") return needUint(s.periodMs);
  if (key == "hb_timeout_ms") return needUint(s.hbTimeoutMs);
  if (key == "end_ms") return needUint(s.endMs);
  if (key == "noise_uv") return needUint(s.noiseUv);
  if (key == "t_max_cc") return needInt(s.tMaxCc);
  if (key == "v_min_mv") return needInt(s.vMinMv);
  if (key == "v_max_mv") return needInt(s.vMaxMv);
  if (key == "i_max_ma") return needInt(s.iMaxMa);
  if (key == "t_max_c") {
    if (!toDouble(v, d)) {
      why = "t_max_c needs a number";
      return false;
    }
    s.tMaxCc = static_cast<int32_t>(std::lround(d * 100));
    return true;
  }
  if (key == "ambient") {
    AmbientSensorKind k{};
    if (!parseAmbientKind(v, k)) {
      why = "ambient must be sht31, dht22 or none";
      return false;
    }
    s.ambient = k;
    return true;
  }
  if (key == "ina226") {
    if (v != "on" && v != "off") {
      why = "ina226 must be on or off";
      return false;
    }
    s.ina226 = v == "on";
    return true;
  }
  if (key == "reset_reason") {
    ResetReason r{};
    if (!parseResetReason(v, r)) {
      why = "unknown reset_reason '" + v + "'";
      return false;
    }
    s.resetReason = r;
    return true;
  }
  why = "unknown setting '" + key + "'";
  return false;
}

}  // namespace

double Ramp::at(uint64_t tMs) const {
  if (ratePerS == 0 || tMs <= fromMs) return value;
  double v = value + ratePerS * static_cast<double>(tMs - fromMs) / 1000.0;
  if (bound) v = ratePerS > 0 ? std::min(v, *bound) : std::max(v, *bound);
  return v;
}

bool parseResetReason(const std::string& name, ResetReason& out) {
  for (uint8_t k = 0; k <= static_cast<uint8_t>(ResetReason::kUnknown); ++k) {
    const auto r = static_cast<ResetReason>(k);
    if (name == resetReasonName(r)) {
      out = r;
      return true;
    }
  }
  return false;
}

bool parseAmbientKind(const std::string& name, AmbientSensorKind& out) {
  if (name == "sht31") {
    out = AmbientSensorKind::kSht31;
  } else if (name == "dht22") {
    out = AmbientSensorKind::kDht22;
  } else if (name == "none") {
    out = AmbientSensorKind::kNone;
  } else {
    return false;
  }
  return true;
}

bool parseRigScript(std::istream& in, RigScript& script, std::string& error) {
  std::string line;
  int lineNo = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::vector<std::string> all = words(line);
    const bool isRaw = all.size() >= 3 && all[0] == "at" && all[2] == "raw";
    // Comments start at '#'. A raw line may itself contain '#', so there only " #" (a hash after
    // whitespace) starts a comment; the protocol never puts a space before a '#'.
    const std::string content = isRaw ? line.substr(0, line.find(" #")) : line.substr(0, line.find('#'));
    const std::vector<std::string> w = words(content);
    if (w.empty()) continue;
    std::string why;
    bool ok = false;
    if (w[0] == "at") {
      ScriptEvent e;
      e.sourceLine = lineNo;
      ok = parseEvent(w, e, why);
      if (ok && e.action == ScriptAction::kRaw) {
        const size_t pos = content.find("raw");
        size_t start = pos + 3;
        while (start < content.size() && content[start] == ' ') ++start;
        e.text = content.substr(start);
        while (!e.text.empty() && (e.text.back() == ' ' || e.text.back() == '\t')) e.text.pop_back();
      }
      if (ok) script.events.push_back(e);
    } else {
      ok = parseSetting(w, script, why);
    }
    if (!ok) {
      error = "line " + std::to_string(lineNo) + ": " + why;
      return false;
    }
  }
  std::stable_sort(script.events.begin(), script.events.end(),
                   [](const ScriptEvent& a, const ScriptEvent& b) { return a.atMs < b.atMs; });
  return true;
}

bool loadRigScript(const std::string& path, RigScript& script, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot open script '" + path + "'";
    return false;
  }
  return parseRigScript(in, script, error);
}

void applyScriptSettings(const RigScript& s, RigConfig& c) {
  if (s.cells) c.cellCount = static_cast<uint8_t>(*s.cells > 255 ? 255 : *s.cells);
  if (s.periodMs) c.periodMs = *s.periodMs;
  if (s.hbTimeoutMs) c.hostTimeoutMs = *s.hbTimeoutMs;
  if (s.tMaxCc) c.limits.tMaxCc = *s.tMaxCc;
  if (s.vMinMv) c.limits.vMinMv = *s.vMinMv;
  if (s.vMaxMv) c.limits.vMaxMv = *s.vMaxMv;
  if (s.iMaxMa) c.limits.iMaxMa = *s.iMaxMa;
  if (s.ambient) c.ambient = *s.ambient;
  if (s.ina226) c.ina226.fitted = *s.ina226;
}

}  // namespace host
}  // namespace evb
