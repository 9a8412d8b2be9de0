// The Hal on an ESP32 with the Arduino core: two CD74HC4067 multiplexers into ADC1, Wire for the
// INA226 and SHT31, a bit-banged DHT22, the relay and LED pins, the UART, the eFuse MAC, the
// hardware RNG and the task watchdog. Only pins and buses here; every decision is in the core.
#pragma once

#include <Wire.h>

#include "board_pins.h"
#include "hal.h"

namespace evb {
namespace esp32 {

class Esp32Hal final : public Hal, public I2cBus {
 public:
  // Drives the relay pin low. Call first thing in setup(), before anything that can fail.
  static void forceRelayOpen();

  void begin();

  uint64_t nowMs() override;
  bool readNtcUv(uint8_t channel, uint32_t& microvolts) override;
  bool readTapUv(uint8_t channel, uint32_t& microvolts) override;
  I2cBus& i2c() override { return *this; }
  bool readDht22(uint8_t bytes[5]) override;
  void setRelayClosed(bool closed) override;
  void setLed(bool on) override;
  size_t serialRead(char* buffer, size_t capacity) override;
  bool serialWrite(const char* data, size_t length, WritePriority priority) override;
  void macAddress(uint8_t mac[6]) override;
  uint32_t random32() override;
  ResetReason resetReason() override;
  void feedWatchdog() override;

  bool write(uint8_t address, const uint8_t* data, size_t length) override;
  bool read(uint8_t address, uint8_t* data, size_t length) override;

 private:
  bool readMuxUv(uint8_t signalPin, uint8_t channel, uint32_t& microvolts);
};

}  // namespace esp32
}  // namespace evb
