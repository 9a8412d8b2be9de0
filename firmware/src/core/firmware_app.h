// The firmware's main loop, identical on the ESP32 and in the virtual rig: read commands, watch
// the host heartbeat, sample on schedule, report faults and limit trips, drive the interlock and
// the LED, and stream data frames. All hardware goes through the Hal.
#pragma once

#include <cstddef>
#include <cstdint>

#include "channel_faults.h"
#include "command_parser.h"
#include "frame_encoder.h"
#include "hal.h"
#include "host_heartbeat.h"
#include "interlock.h"
#include "limit_monitor.h"
#include "line_reader.h"
#include "rig_config.h"
#include "sample.h"
#include "sample_scheduler.h"
#include "sensor_sampler.h"

namespace evb {

class FirmwareApp {
 public:
  // `config` is copied; it must already be valid (validateRigConfig).
  FirmwareApp(Hal& hal, const RigConfig& config);

  // Boot: relay open and latched, identity, hello, BOOT (and WATCHDOG_RESET) events, the first
  // sample and data frame.
  void begin();
  // One pass of the main loop; call as often as possible.
  void tick();

  // The earliest time at which tick() has timed work to do (sample, heartbeat deadline, LED
  // blink). Lets the virtual rig skip idle time; incoming serial bytes are not included.
  uint64_t nextDeadlineMs(uint64_t nowMs) const;

  uint32_t statusBits() const;
  const Interlock& interlock() const { return interlock_; }
  bool hostLost() const { return heartbeat_.lost(); }
  const Sample& lastSample() const { return sample_; }
  const RigConfig& config() const { return config_; }
  const char* deviceId() const { return deviceId_; }
  const char* bootId() const { return bootId_; }
  uint32_t dataFramesSent() const { return dataSent_; }
  uint32_t dataFramesDropped() const { return dataDropped_; }

 private:
  void pollSerial(uint64_t nowMs);
  void handleCommand(const ParsedCommand& cmd, uint64_t nowMs);
  void handleRelay(const ParsedCommand& cmd, uint64_t nowMs);
  void takeSample(uint64_t nowMs);
  void applyInterlock(uint64_t nowMs);
  void sendData();
  void sendHello();
  void sendAck(uint16_t cmdId, bool ok, const char* detail);
  void sendEvent(uint64_t nowMs, const char* code, const char* detail);
  void driveOutputs(uint64_t nowMs);
  InterlockInputs interlockInputs() const;
  bool identifying(uint64_t nowMs) const { return nowMs < identifyUntilMs_; }

  Hal& hal_;
  RigConfig config_;
  SampleScheduler scheduler_;
  HostHeartbeat heartbeat_;
  SensorSampler sampler_;
  ChannelFaults faults_;
  LimitMonitor limits_;
  Interlock interlock_;
  LineReader lineReader_;
  Sample sample_;
  EncodedLine line_;

  char deviceId_[13] = {};
  char bootId_[9] = {};
  uint32_t dataSeq_ = 0;
  uint32_t eventSeq_ = 0;
  uint32_t dataSent_ = 0;
  uint32_t dataDropped_ = 0;
  uint64_t identifyStartMs_ = 0;
  uint64_t identifyUntilMs_ = 0;
};

}  // namespace evb
