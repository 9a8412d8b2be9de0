#include "scripted_hal.h"

#include <cmath>

#include "cell_taps.h"
#include "dht22.h"
#include "ntc.h"

namespace evb {
namespace host {
namespace {

// Where an ESP32 ADC input at 11/12 dB attenuation stops responding: an open thermistor or an
// over-range tap reads this, not the full 3.3 V.
constexpr double kAdcCeilingUv = 3150000.0;

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

int32_t roundToInt(double v) { return static_cast<int32_t>(std::lround(v)); }

}  // namespace

ScriptedHal::ScriptedHal(const RigConfig& config, VirtualClock& clock, SerialLink& link, uint64_t seed)
    : config_(config),
      clock_(clock),
      link_(link),
      rngState_(seed),
      ina226_(config.ina226.address, config.ina226.shuntMicroOhm),
      sht31_(config.sht31Address) {
  for (auto& r : cellMv_) r.value = 3700;
  for (auto& r : cellTempC_) r.value = 25.0;
  ambientC_.value = 23.0;
  ambientRh_.value = 45.0;
  // The last three bytes of the MAC come from the seed, so each seed is its own device.
  const uint64_t id = splitmix64(rngState_);
  mac_[3] = static_cast<uint8_t>(id >> 16);
  mac_[4] = static_cast<uint8_t>(id >> 8);
  mac_[5] = static_cast<uint8_t>(id);
}

void ScriptedHal::setMac(const uint8_t mac[6]) {
  for (int i = 0; i < 6; ++i) mac_[i] = mac[i];
}

void ScriptedHal::apply(const ScriptEvent& e) {
  auto forCells = [&](std::array<Ramp, kMaxRigCells>& ramps) {
    for (int k = 0; k < kMaxRigCells; ++k) {
      if (e.cell < 0 || e.cell == k) ramps[static_cast<size_t>(k)] = e.ramp;
    }
  };
  switch (e.action) {
    case ScriptAction::kCellMv:
      forCells(cellMv_);
      break;
    case ScriptAction::kCellTempC:
      forCells(cellTempC_);
      break;
    case ScriptAction::kPackMa:
      packMa_ = e.ramp;
      break;
    case ScriptAction::kAmbientTempC:
      ambientC_ = e.ramp;
      break;
    case ScriptAction::kAmbientRh:
      ambientRh_ = e.ramp;
      break;
    case ScriptAction::kFault: {
      const std::string kind = e.text == "ok" ? "" : e.text;
      const char prefix = e.channel.empty() ? '\0' : e.channel[0];
      if ((prefix == 'T' || prefix == 'V') && e.channel.size() > 1) {
        const int index = std::atoi(e.channel.c_str() + 1) - 1;
        if (index >= 0 && index < kMaxRigCells) {
          (prefix == 'T' ? faults_.thermistor : faults_.tap)[static_cast<size_t>(index)] = kind;
        }
      } else if (e.channel == "I") {
        // A reset is a one-off glitch: the chip loses its registers and then works again.
        if (kind == "reset") {
          ina226_.powerCycle();
        } else {
          faults_.current = kind;
        }
      } else if (e.channel == "AMB") {
        faults_.ambient = kind;
      }
      break;
    }
    case ScriptAction::kCommand:
    case ScriptAction::kRaw:
    case ScriptAction::kHeartbeat:
      break;  // the runner's business
  }
}

void ScriptedHal::injectLine(const std::string& line) {
  for (char c : line) injected_.push_back(c);
  injected_.push_back('\n');
}

uint32_t ScriptedHal::withNoise(double microvolts) {
  if (noiseUv_ > 0) {
    const uint64_t r = splitmix64(rngState_);
    microvolts += static_cast<double>(r % (2ull * noiseUv_ + 1)) - noiseUv_;
  }
  if (microvolts < 0) microvolts = 0;
  if (microvolts > kAdcCeilingUv) microvolts = kAdcCeilingUv;
  return static_cast<uint32_t>(std::lround(microvolts));
}

bool ScriptedHal::readNtcUv(uint8_t channel, uint32_t& microvolts) {
  const std::string& fault = faults_.thermistor[channel];
  if (fault == "adc") return false;
  if (fault == "open") {
    microvolts = static_cast<uint32_t>(kAdcCeilingUv);
    return true;
  }
  if (fault == "short") {
    microvolts = 0;
    return true;
  }
  const double tempC = cellTempC_[channel].at(clock_.nowMs());
  const NtcChannelCal& cal = config_.ntcCal[channel];
  const double rOhm = ntcResistanceOhm(config_.ntcModel[channel], tempC + kZeroCelsiusK) + cal.leadOhm;
  const double node = static_cast<double>(config_.ntcFrontEnd.supplyUv) * rOhm / (cal.seriesOhm + rOhm);
  microvolts = withNoise(node);
  return true;
}

bool ScriptedHal::readTapUv(uint8_t channel, uint32_t& microvolts) {
  const std::string& fault = faults_.tap[channel];
  if (fault == "adc") return false;
  if (fault == "open") {
    microvolts = withNoise(0);  // the divider's bottom resistor pulls the floating tap to 0 V
    return true;
  }
  const uint64_t now = clock_.nowMs();
  double tapUv = 0;
  for (uint8_t k = 0; k <= channel; ++k) tapUv += std::round(cellMv_[k].at(now)) * 1000.0;
  const TapCal& cal = config_.tapCal[channel];
  const double scale = (cal.ratioMilli / 1000.0) * (1.0 + cal.gainPpm / 1e6);
  microvolts = withNoise(tapUv / scale + cal.offsetUv);
  return true;
}

void ScriptedHal::refreshChips() {
  const uint64_t now = clock_.nowMs();
  const int32_t ma = roundToInt(packMa_.at(now));
  ina226_.setCurrentMa(config_.ina226.invert ? -ma : ma);
  sht31_.set(roundToInt(ambientC_.at(now) * 100.0), roundToInt(ambientRh_.at(now) * 100.0), now);
  sht31_.setCorruptCrc(faults_.ambient == "crc");
}

bool ScriptedHal::write(uint8_t address, const uint8_t* data, size_t length) {
  refreshChips();
  if (config_.ina226.fitted && address == ina226_.address() && faults_.current.empty()) {
    return ina226_.write(data, length);
  }
  if (config_.ambient == AmbientSensorKind::kSht31 && address == sht31_.address() && faults_.ambient != "bus") {
    return sht31_.write(data, length);
  }
  return false;  // nobody acknowledges the address
}

bool ScriptedHal::read(uint8_t address, uint8_t* data, size_t length) {
  refreshChips();
  if (config_.ina226.fitted && address == ina226_.address() && faults_.current.empty()) {
    return ina226_.read(data, length);
  }
  if (config_.ambient == AmbientSensorKind::kSht31 && address == sht31_.address() && faults_.ambient != "bus") {
    return sht31_.read(data, length);
  }
  return false;
}

bool ScriptedHal::readDht22(uint8_t bytes[5]) {
  if (config_.ambient != AmbientSensorKind::kDht22 || faults_.ambient == "bus") return false;
  const uint64_t now = clock_.nowMs();
  dht22::encode(roundToInt(ambientC_.at(now) * 100.0), roundToInt(ambientRh_.at(now) * 100.0), bytes);
  if (faults_.ambient == "crc") bytes[4] ^= 0x01;
  return true;
}

void ScriptedHal::setRelayClosed(bool closed) {
  if (closed != relayClosed_) ++relaySwitches_;
  relayClosed_ = closed;
}

size_t ScriptedHal::serialRead(char* buffer, size_t capacity) {
  size_t n = 0;
  while (n < capacity && !injected_.empty()) {
    buffer[n++] = injected_.front();
    injected_.pop_front();
  }
  if (n < capacity) n += link_.read(buffer + n, capacity - n);
  return n;
}

bool ScriptedHal::serialWrite(const char* data, size_t length, WritePriority priority) {
  return link_.write(data, length, priority == WritePriority::kDroppable);
}

void ScriptedHal::macAddress(uint8_t mac[6]) {
  for (int i = 0; i < 6; ++i) mac[i] = mac_[i];
}

uint32_t ScriptedHal::random32() { return static_cast<uint32_t>(splitmix64(rngState_) >> 32); }

}  // namespace host
}  // namespace evb
