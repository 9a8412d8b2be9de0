// A Hal whose sensors follow a script. Each scripted value is turned into the raw signal the
// real hardware would produce (NTC divider voltage, divided tap voltage, INA226 and SHT31
// registers, DHT22 bytes) by inverting the same maths the core uses, so the firmware's
// conversion code runs unchanged and its output can be compared with the script.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <string>

#include "hal.h"
#include "rig_config.h"
#include "rig_script.h"
#include "serial_link.h"
#include "simulated_chips.h"
#include "virtual_clock.h"

namespace evb {
namespace host {

struct SimulatedFaults {
  std::array<std::string, kMaxRigCells> thermistor;  // "", "open", "short", "adc"
  std::array<std::string, kMaxRigCells> tap;          // "", "open", "adc"
  std::string current;                                // "", "bus"
  std::string ambient;                                // "", "bus", "crc"
};

class ScriptedHal final : public Hal, public I2cBus {
 public:
  ScriptedHal(const RigConfig& config, VirtualClock& clock, SerialLink& link, uint64_t seed);

  // Script events that change sensor values or faults. Commands are injected by the runner.
  void apply(const ScriptEvent& event);
  void injectLine(const std::string& line);

  void setMac(const uint8_t mac[6]);
  void setResetReason(ResetReason r) { resetReason_ = r; }
  void setNoiseUv(uint32_t noise) { noiseUv_ = noise; }

  // What the firmware did to the outputs.
  bool relayClosed() const { return relayClosed_; }
  bool ledOn() const { return ledOn_; }
  uint32_t relaySwitches() const { return relaySwitches_; }

  // Hal
  uint64_t nowMs() override { return clock_.nowMs(); }
  bool readNtcUv(uint8_t channel, uint32_t& microvolts) override;
  bool readTapUv(uint8_t channel, uint32_t& microvolts) override;
  I2cBus& i2c() override { return *this; }
  bool readDht22(uint8_t bytes[5]) override;
  void setRelayClosed(bool closed) override;
  void setLed(bool on) override { ledOn_ = on; }
  size_t serialRead(char* buffer, size_t capacity) override;
  bool serialWrite(const char* data, size_t length, WritePriority priority) override;
  void macAddress(uint8_t mac[6]) override;
  uint32_t random32() override;
  ResetReason resetReason() override { return resetReason_; }
  void feedWatchdog() override {}

  // I2cBus
  bool write(uint8_t address, const uint8_t* data, size_t length) override;
  bool read(uint8_t address, uint8_t* data, size_t length) override;

 private:
  uint32_t withNoise(double microvolts);
  void refreshChips();

  const RigConfig& config_;
  VirtualClock& clock_;
  SerialLink& link_;
  uint64_t rngState_;
  uint32_t noiseUv_ = 0;
  uint8_t mac_[6] = {0x24, 0x0A, 0xC4, 0, 0, 0};
  ResetReason resetReason_ = ResetReason::kPowerOn;

  std::array<Ramp, kMaxRigCells> cellMv_;
  std::array<Ramp, kMaxRigCells> cellTempC_;
  Ramp packMa_;
  Ramp ambientC_;
  Ramp ambientRh_;
  SimulatedFaults faults_;
  SimulatedIna226 ina226_;
  SimulatedSht31 sht31_;

  std::deque<char> injected_;
  bool relayClosed_ = false;
  bool ledOn_ = false;
  uint32_t relaySwitches_ = 0;
};

}  // namespace host
}  // namespace evb
