// Register-level simulations of the rig's I2C chips, so the virtual rig exercises the same
// driver code (identity check, calibration, periodic mode, fetch, CRC) as the real board.
#pragma once

#include <cstdint>

#include "i2c_bus.h"

namespace evb {
namespace host {

// INA226: pointer register, configuration, calibration, and a current register computed from
// the shunt voltage exactly as the chip does (Equation 3 of SBOS547): no CAL, no current.
class SimulatedIna226 {
 public:
  SimulatedIna226(uint8_t address, uint32_t shuntMicroOhm) : address_(address), shuntMicroOhm_(shuntMicroOhm) {}
  uint8_t address() const { return address_; }
  void setCurrentMa(int32_t ma) { currentMa_ = ma; }
  // A supply glitch: registers back to their reset values.
  void powerCycle();
  bool write(const uint8_t* data, size_t length);
  bool read(uint8_t* data, size_t length);
  uint16_t calibration() const { return calibration_; }

 private:
  uint16_t registerValue(uint8_t reg) const;

  uint8_t address_;
  uint32_t shuntMicroOhm_;
  int32_t currentMa_ = 0;
  uint8_t pointer_ = 0;
  uint16_t config_ = 0x4127;
  uint16_t calibration_ = 0;
};

// SHT31 in periodic mode: a new measurement every second after the start command; a fetch
// returns it once, and NACKs until the next one is ready (datasheet section 4.5).
class SimulatedSht31 {
 public:
  explicit SimulatedSht31(uint8_t address) : address_(address) {}
  uint8_t address() const { return address_; }
  void set(int32_t tempCc, int32_t humidityCpct, uint64_t nowMs);
  void setCorruptCrc(bool corrupt) { corruptCrc_ = corrupt; }
  bool write(const uint8_t* data, size_t length);
  bool read(uint8_t* data, size_t length);

 private:
  uint8_t address_;
  int32_t tempCc_ = 0;
  int32_t humidityCpct_ = 0;
  uint64_t nowMs_ = 0;
  bool periodic_ = false;
  uint64_t periodicStartMs_ = 0;
  uint64_t lastFetchedIndex_ = 0;
  bool fetchArmed_ = false;
  bool corruptCrc_ = false;
};

}  // namespace host
}  // namespace evb
