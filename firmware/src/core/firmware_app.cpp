#include "firmware_app.h"

#include "device_identity.h"
#include "fw_version.h"

namespace evb {
namespace {

using Detail = TextBuilder<160>;

// Half-period of the identify blink: 2 Hz is unmistakable next to a steady status LED.
constexpr uint64_t kIdentifyBlinkMs = 250;
// Bytes taken from the serial port per tick, so a flood of input cannot starve sampling.
constexpr size_t kMaxSerialBytesPerTick = 256;

}  // namespace

FirmwareApp::FirmwareApp(Hal& hal, const RigConfig& config) : hal_(hal), config_(config) {}

void FirmwareApp::begin() {
  // Relay first: nothing that follows may run with the contactor in an unknown state.
  interlock_.begin();
  hal_.setRelayClosed(false);

  uint8_t mac[6];
  hal_.macAddress(mac);
  formatDeviceId(mac, deviceId_);
  formatBootId(hal_.random32(), bootId_);

  const uint64_t now = hal_.nowMs();
  scheduler_.start(now, config_.periodMs);
  heartbeat_.begin(now, config_.hostTimeoutMs);
  sampler_.configure(config_, now);
  faults_.reset();
  limits_.configure(config_.limits);
  dataSeq_ = 0;
  eventSeq_ = 0;

  sendHello();
  const ResetReason reset = hal_.resetReason();
  Detail d;
  d.put("reset=").put(resetReasonName(reset));
  sendEvent(now, "BOOT", d.c_str());
  if (isWatchdogReset(reset)) sendEvent(now, "WATCHDOG_RESET", d.c_str());

  // A first sample before any command is handled, so RELAY CLOSE is always judged on data.
  tick();
}

void FirmwareApp::tick() {
  hal_.feedWatchdog();
  const uint64_t now = hal_.nowMs();
  pollSerial(now);

  if (heartbeat_.poll(now)) {
    Detail d;
    d.put("silent_ms=").putUint(heartbeat_.silentMs(now)).put(";relay=open");
    sendEvent(now, "HOST_LOST", d.c_str());
  }
  const bool sampled = scheduler_.poll(now);
  if (sampled) takeSample(now);
  applyInterlock(now);
  if (sampled) sendData();
  driveOutputs(now);
}

uint64_t FirmwareApp::nextDeadlineMs(uint64_t nowMs) const {
  uint64_t next = scheduler_.nextDueMs();
  const uint64_t hb = heartbeat_.deadlineMs();
  if (hb < next) next = hb;
  if (identifying(nowMs)) {
    const uint64_t edge = identifyStartMs_ + ((nowMs - identifyStartMs_) / kIdentifyBlinkMs + 1) * kIdentifyBlinkMs;
    if (edge < next) next = edge;
    if (identifyUntilMs_ < next) next = identifyUntilMs_;
  }
  return next;
}

void FirmwareApp::pollSerial(uint64_t now) {
  char buffer[64];
  size_t budget = kMaxSerialBytesPerTick;
  while (budget > 0) {
    const size_t n = hal_.serialRead(buffer, budget < sizeof buffer ? budget : sizeof buffer);
    if (n == 0) break;
    budget -= n;
    for (size_t i = 0; i < n; ++i) {
      const LineStatus st = lineReader_.push(buffer[i]);
      if (st == LineStatus::kLine) {
        handleCommand(parseCommandLine(lineReader_.line(), lineReader_.length()), now);
      } else if (st == LineStatus::kTooLong) {
        handleCommand(parseTooLongLine(lineReader_.sawDollar()), now);
      }
    }
  }
}

InterlockInputs FirmwareApp::interlockInputs() const {
  return InterlockInputs{limits_.anyActive(), faults_.anyProtectiveFault(), heartbeat_.lost()};
}

void FirmwareApp::handleCommand(const ParsedCommand& cmd, uint64_t now) {
  if (cmd.outcome == ParseOutcome::kIgnore) return;
  bool hostBack = false;
  uint64_t silentMs = 0;
  if (cmd.heartbeat) {
    silentMs = heartbeat_.silentMs(now);
    hostBack = heartbeat_.onHeartbeat(now);
  }
  // Everything a command causes is reported after its ack (PROTOCOL.md: HELLO "after the ack").
  auto reportHostBack = [&]() {
    if (!hostBack) return;
    Detail d;
    d.put("silent_ms=").putUint(silentMs);
    sendEvent(now, "HOST_OK", d.c_str());
  };

  if (cmd.outcome == ParseOutcome::kError) {
    sendAck(cmd.cmdId, false, ackErrorCode(cmd.error));
    reportHostBack();
    return;
  }

  Detail d;
  switch (cmd.name) {
    case CommandName::kPing:
      sendAck(cmd.cmdId, true, "-");
      reportHostBack();
      break;
    case CommandName::kHello:
      sendAck(cmd.cmdId, true, "-");
      reportHostBack();
      sendHello();
      break;
    case CommandName::kRate:
      config_.periodMs = cmd.number;
      scheduler_.setPeriod(now, cmd.number);
      d.put("period_ms=").putUint(cmd.number);
      sendAck(cmd.cmdId, true, d.c_str());
      reportHostBack();
      sendEvent(now, "CONFIG_CHANGED", d.c_str());
      break;
    case CommandName::kIdent:
      identifyStartMs_ = now;
      identifyUntilMs_ = now + static_cast<uint64_t>(cmd.number) * 1000u;
      d.put("seconds=").putUint(cmd.number);
      sendAck(cmd.cmdId, true, d.c_str());
      reportHostBack();
      sendEvent(now, "IDENTIFY", d.c_str());
      break;
    case CommandName::kConfig:
      d.put("period_ms=").putUint(config_.periodMs);
      d.put(";cells=").putUint(config_.cellCount);
      d.put(";hb_timeout_ms=").putUint(config_.hostTimeoutMs);
      d.put(";t_max_cc=").putInt(config_.limits.tMaxCc);
      d.put(";v_min_mv=").putInt(config_.limits.vMinMv);
      d.put(";v_max_mv=").putInt(config_.limits.vMaxMv);
      d.put(";i_max_ma=").putInt(config_.limits.iMaxMa);
      sendAck(cmd.cmdId, true, d.c_str());
      reportHostBack();
      break;
    case CommandName::kRelay:
      handleRelay(cmd, now);
      reportHostBack();
      break;
  }
}

void FirmwareApp::handleRelay(const ParsedCommand& cmd, uint64_t now) {
  if (!cmd.relayClose) {
    const bool opened = interlock_.hostOpen();
    hal_.setRelayClosed(false);
    sendAck(cmd.cmdId, true, "relay=open");
    if (opened) sendEvent(now, "RELAY_OPEN", "cause=host");
    return;
  }
  Detail d;
  char channel[4];
  switch (interlock_.hostClose(interlockInputs())) {
    case CloseResult::kRefusedLimit:
      d.put(ackErrorCode(AckError::kLimitActive)).put(";limit=").put(limits_.firstActiveName());
      sendAck(cmd.cmdId, false, d.c_str());
      return;
    case CloseResult::kRefusedFault:
      d.put(ackErrorCode(AckError::kLimitActive)).put(";fault=").put(faults_.firstProtectiveFault(channel));
      sendAck(cmd.cmdId, false, d.c_str());
      return;
    case CloseResult::kAlreadyClosed:
      sendAck(cmd.cmdId, true, "relay=closed");
      return;
    case CloseResult::kClosed:
      hal_.setRelayClosed(true);
      sendAck(cmd.cmdId, true, "relay=closed");
      sendEvent(now, "RELAY_CLOSED", "cause=host");
      return;
  }
}

void FirmwareApp::takeSample(uint64_t now) {
  sampler_.sample(hal_, now, sample_);

  FaultChange changes[ChannelFaults::kMaxChanges];
  const uint8_t nChanges = faults_.update(sample_, changes);
  for (uint8_t i = 0; i < nChanges; ++i) {
    Detail d;
    d.put("ch=").put(changes[i].channel);
    if (changes[i].fault == FaultKind::kNone) {
      sendEvent(now, "SENSOR_OK", d.c_str());
    } else {
      d.put(";fault=").put(faultName(changes[i].fault));
      sendEvent(now, "SENSOR_FAULT", d.c_str());
    }
  }

  LimitTrip trips[kLimitKindCount];
  const uint8_t nTrips = limits_.update(sample_, trips);
  for (uint8_t i = 0; i < nTrips; ++i) {
    Detail d;
    d.put("limit=").put(limitName(trips[i].kind)).put(";ch=").put(trips[i].channel);
    d.put(";value=").putInt(trips[i].value).put(";threshold=").putInt(trips[i].threshold);
    sendEvent(now, "LIMIT_TRIP", d.c_str());
  }
}

void FirmwareApp::applyInterlock(uint64_t now) {
  const OpenCause opened = interlock_.evaluate(interlockInputs());
  if (opened == OpenCause::kNone) return;
  hal_.setRelayClosed(false);
  Detail d;
  d.put("cause=").put(openCauseName(opened));
  sendEvent(now, "RELAY_OPEN", d.c_str());
}

uint32_t FirmwareApp::statusBits() const {
  uint32_t s = 0;
  if (!interlock_.relayClosed()) s |= status_bits::kRelayOpen;
  if (interlock_.latched()) s |= status_bits::kLatched;
  if (heartbeat_.lost()) s |= status_bits::kHostLost;
  if (limits_.anyActive()) s |= status_bits::kLimitTrip;
  if (faults_.anyFault()) s |= status_bits::kSensorFault;
  if (identifyUntilMs_ > sample_.tMs) s |= status_bits::kIdentify;
  return s;
}

void FirmwareApp::sendData() {
  OptionalInt mv[kMaxRigCells];
  OptionalInt tc[kMaxRigCells];
  auto opt = [](const Reading& r) { return r.valid ? OptionalInt::of(r.value) : OptionalInt::none(); };
  for (uint8_t k = 0; k < sample_.cellCount; ++k) {
    mv[k] = opt(sample_.cellMv[k]);
    tc[k] = opt(sample_.cellTempCc[k]);
  }
  const DataFrame f{deviceId_,        bootId_,           dataSeq_++,     sample_.tMs,
                    sample_.cellCount, mv,                tc,             opt(sample_.packMa),
                    opt(sample_.ambientCc), opt(sample_.humidityCpct), OptionalInt::none(), statusBits()};
  // seq advances even when the frame is dropped below, so the station sees the gap.
  if (!encodeData(f, line_)) return;
  if (hal_.serialWrite(line_.c_str(), line_.size(), WritePriority::kDroppable)) {
    ++dataSent_;
  } else {
    ++dataDropped_;
  }
}

void FirmwareApp::sendHello() {
  TextBuilder<200> channels;
  formatChannelMap(config_, channels);
  const HelloFrame f{deviceId_, bootId_, kFirmwareVersion, config_.cellCount, config_.periodMs, channels.c_str()};
  if (encodeHello(f, line_)) hal_.serialWrite(line_.c_str(), line_.size(), WritePriority::kRequired);
}

void FirmwareApp::sendAck(uint16_t cmdId, bool ok, const char* detail) {
  const AckFrame f{deviceId_, cmdId, ok, detail};
  if (encodeAck(f, line_)) hal_.serialWrite(line_.c_str(), line_.size(), WritePriority::kRequired);
}

void FirmwareApp::sendEvent(uint64_t now, const char* code, const char* detail) {
  const EventFrame f{deviceId_, bootId_, eventSeq_++, now, code, detail};
  if (encodeEvent(f, line_)) hal_.serialWrite(line_.c_str(), line_.size(), WritePriority::kRequired);
}

void FirmwareApp::driveOutputs(uint64_t now) {
  // Re-asserted every pass: a pin disturbed by ESD or a glitch is corrected within one loop.
  hal_.setRelayClosed(interlock_.relayClosed());
  const bool led = identifying(now) ? ((now - identifyStartMs_) / kIdentifyBlinkMs) % 2 == 0 : interlock_.relayClosed();
  hal_.setLed(led);
}

}  // namespace evb
