// INA226 current/power monitor register maths (TI SBOS547, "Programming the INA226").
//
//   Current_LSB = Maximum Expected Current / 2^15                     (Equation 2, the minimum)
//   CAL         = 0.00512 / (Current_LSB * R_SHUNT)                   (Equation 1)
//   Current     = ShuntVoltage * CAL / 2048                           (Equation 3, in LSBs)
//   Power       = Current * BusVoltage / 20000                        (Equation 4, LSB 25 x Current_LSB)
//   Shunt voltage LSB 2.5 uV (two's complement), bus voltage LSB 1.25 mV.
//
// The shunt sits in the pack's negative lead (low side), so the chip's 36 V bus-voltage limit
// does not cap the stack height; the firmware uses it for current only.
#pragma once

#include <cstdint>

namespace evb {
namespace ina226 {

constexpr uint8_t kDefaultAddress = 0x40;  // A0 = A1 = GND

constexpr uint8_t kRegConfig = 0x00;
constexpr uint8_t kRegShunt = 0x01;
constexpr uint8_t kRegBus = 0x02;
constexpr uint8_t kRegPower = 0x03;
constexpr uint8_t kRegCurrent = 0x04;
constexpr uint8_t kRegCalibration = 0x05;
constexpr uint8_t kRegManufacturerId = 0xFE;
constexpr uint8_t kRegDieId = 0xFF;
constexpr uint16_t kManufacturerIdTi = 0x5449;  // "TI"
constexpr uint16_t kDieIdIna226 = 0x2260;

// Configuration register fields (datasheet "Configuration Register (00h)").
enum class Averages : uint8_t { k1 = 0, k4, k16, k64, k128, k256, k512, k1024 };
enum class ConversionTime : uint8_t { k140us = 0, k204us, k332us, k588us, k1100us, k2116us, k4156us, k8244us };
enum class Mode : uint8_t { kPowerDown = 0, kShuntTriggered = 1, kShuntAndBusContinuous = 7 };

uint16_t configRegister(Averages avg, ConversionTime busCt, ConversionTime shuntCt, Mode mode);

// Smallest Current_LSB (in uA, rounded up) that still represents maxCurrentMa (Equation 2).
uint32_t minimumCurrentLsbUa(uint32_t maxCurrentMa);
// Equation 1 with R in micro-ohms and the LSB in microamps: 0.00512 / (1e-6 LSB * 1e-6 R).
// Returns 0 when the result does not fit the 15 usable bits (bit 15 is reserved).
uint16_t calibrationRegister(uint32_t shuntMicroOhm, uint32_t currentLsbUa);

int32_t currentMa(int16_t currentRegister, uint32_t currentLsbUa);
int32_t shuntUv(int16_t shuntRegister);            // 2.5 uV per LSB, rounded toward zero at .5
uint32_t busMv(uint16_t busRegister);               // 1.25 mV per LSB, truncated
int16_t currentRegisterFromShunt(int16_t shuntRegister, uint16_t calibration);  // Equation 3
uint16_t powerRegister(int16_t currentRegister, uint16_t busRegister);          // Equation 4
// What the chip's shunt register reads for a current through the shunt (the virtual rig uses it).
int16_t shuntRegisterForCurrent(int32_t currentMa, uint32_t shuntMicroOhm);

}  // namespace ina226
}  // namespace evb
