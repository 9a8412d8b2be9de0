// The I2C bus as the sensor drivers see it: whole transactions, true on ACK. The ESP32 layer
// maps it onto Wire; the virtual rig onto simulated chips; tests onto fakes.
#pragma once

#include <cstddef>
#include <cstdint>

namespace evb {

class I2cBus {
 public:
  virtual ~I2cBus() = default;
  // START, address+W, bytes, STOP. False on any NACK.
  virtual bool write(uint8_t address, const uint8_t* data, size_t length) = 0;
  // START, address+R, `length` bytes, STOP. False on NACK of the address (e.g. SHT31 "no data").
  virtual bool read(uint8_t address, uint8_t* data, size_t length) = 0;
};

}  // namespace evb
