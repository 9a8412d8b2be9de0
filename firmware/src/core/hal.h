// Hardware abstraction: everything the firmware core needs from a board. The ESP32 layer
// (src/platform/esp32) implements it with Arduino APIs; the virtual rig (src/platform/host) with
// scripted sensors and a tty. The core never includes a platform header.
#pragma once

#include <cstddef>
#include <cstdint>

#include "i2c_bus.h"

namespace evb {

enum class ResetReason : uint8_t {
  kPowerOn,
  kSoftware,
  kPanic,
  kTaskWatchdog,
  kInterruptWatchdog,
  kOtherWatchdog,
  kBrownout,
  kDeepSleep,
  kExternal,
  kUnknown,
};

const char* resetReasonName(ResetReason r);
bool isWatchdogReset(ResetReason r);

enum class WritePriority : uint8_t {
  // Data frames: dropped when the transmit buffer cannot take the whole line, so a slow or
  // absent reader never stalls the control loop. Their seq still advances, so the station sees
  // the gap.
  kDroppable,
  // Hello, events and acks: worth a short wait, the station needs every one.
  kRequired,
};

class Hal {
 public:
  virtual ~Hal() = default;

  // Monotonic milliseconds since boot, 64-bit so it never wraps in the rig's lifetime.
  virtual uint64_t nowMs() = 0;

  // Averaged ADC readings in microvolts (oversampling gives sub-millivolt resolution).
  // `channel` is 0-based: thermistor `channel` / balance tap `channel` + 1. False on ADC error.
  virtual bool readNtcUv(uint8_t channel, uint32_t& microvolts) = 0;
  virtual bool readTapUv(uint8_t channel, uint32_t& microvolts) = 0;

  virtual I2cBus& i2c() = 0;

  // One DHT22 transaction; false on timeout. The core spaces calls by >= 2 s.
  virtual bool readDht22(uint8_t bytes[5]) = 0;

  // Relay output: true energises the coil, closing the rig's charger/heater contactor.
  virtual void setRelayClosed(bool closed) = 0;
  virtual void setLed(bool on) = 0;

  // Non-blocking: returns the bytes available now, at most `capacity`.
  virtual size_t serialRead(char* buffer, size_t capacity) = 0;
  // Writes one whole line or (only for kDroppable) nothing; returns whether it was written.
  virtual bool serialWrite(const char* data, size_t length, WritePriority priority) = 0;

  virtual void macAddress(uint8_t mac[6]) = 0;
  virtual uint32_t random32() = 0;
  virtual ResetReason resetReason() = 0;
  virtual void feedWatchdog() = 0;
};

}  // namespace evb
