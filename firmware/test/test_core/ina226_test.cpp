// INA226 register maths against TI's worked example (SBOS547, Table 1 "Configure/Measure/
// Calculate Example": 10 A load, 12 V, 2 mOhm shunt, 1 mA current LSB), and the driver against
// a register-level simulation of the chip.
#include "ina226.h"

#include <gtest/gtest.h>

#include "ina226_monitor.h"
#include "simulated_chips.h"

namespace {

// Routes I2C traffic to one simulated chip, or NACKs everything.
class OneChipBus final : public evb::I2cBus {
 public:
  explicit OneChipBus(evb::host::SimulatedIna226& chip) : chip_(chip) {}
  bool write(uint8_t address, const uint8_t* data, size_t length) override {
    return present && address == chip_.address() && chip_.write(data, length);
  }
  bool read(uint8_t address, uint8_t* data, size_t length) override {
    return present && address == chip_.address() && chip_.read(data, length);
  }
  bool present = true;

 private:
  evb::host::SimulatedIna226& chip_;
};

}  // namespace

TEST(Ina226Maths, TiWorkedExample) {
  using namespace evb::ina226;
  // Step 1: the power-on configuration 4127h is AVG=1, VBUSCT=VSHCT=1.1 ms, continuous.
  EXPECT_EQ(configRegister(Averages::k1, ConversionTime::k1100us, ConversionTime::k1100us, Mode::kShuntAndBusContinuous),
            0x4127);
  // Step 2: shunt register 1F40h = 8000 x 2.5 uV = 20 mV.
  EXPECT_EQ(shuntUv(0x1F40), 20000);
  // Step 3: bus register 2570h = 9584 x 1.25 mV = 11.98 V.
  EXPECT_EQ(busMv(0x2570), 11980u);
  // Step 4: CAL = 0.00512 / (1 mA x 2 mOhm) = 2560 = A00h.
  EXPECT_EQ(calibrationRegister(2000, 1000), 0x0A00);
  // Step 5: current = 8000 x 2560 / 2048 = 10000 = 2710h -> 10 A.
  EXPECT_EQ(currentRegisterFromShunt(8000, 2560), 0x2710);
  EXPECT_EQ(currentMa(0x2710, 1000), 10000);
  // Step 6: power = 10000 x 9584 / 20000 = 4792 = 12B8h -> 119.8 W at 25 mW/LSB.
  EXPECT_EQ(powerRegister(0x2710, 0x2570), 0x12B8);
}

TEST(Ina226Maths, MinimumCurrentLsbIsMaxCurrentOver2To15) {
  using namespace evb::ina226;
  EXPECT_EQ(minimumCurrentLsbUa(15000), 458u);   // 457.8 uA rounded up
  EXPECT_EQ(minimumCurrentLsbUa(32768), 1000u);  // exactly 1 mA
  EXPECT_EQ(calibrationRegister(2000, 458), 5589);
}

TEST(Ina226Maths, CalibrationThatDoesNotFit15BitsIsRejected) {
  using namespace evb::ina226;
  EXPECT_EQ(calibrationRegister(100, 1000), 0) << "51200 exceeds 0x7FFF";
  EXPECT_EQ(calibrationRegister(0, 1000), 0);
  EXPECT_EQ(calibrationRegister(2000, 0), 0);
  EXPECT_EQ(calibrationRegister(157, 1000), 32611);
}

TEST(Ina226Maths, NegativeCurrentsAreTwosComplement) {
  using namespace evb::ina226;
  EXPECT_EQ(currentRegisterFromShunt(-8000, 2560), -10000);
  EXPECT_EQ(currentMa(static_cast<int16_t>(0xD8F0), 1000), -10000);
  EXPECT_EQ(shuntRegisterForCurrent(-1250, 2000), -1000);
  EXPECT_EQ(shuntRegisterForCurrent(10000, 2000), 8000);
}

TEST(Ina226Monitor, ProgramsTheChipAndReadsCurrent) {
  evb::host::SimulatedIna226 chip(0x40, 2000);
  OneChipBus bus(chip);
  evb::Ina226Monitor monitor;
  monitor.configure(evb::Ina226Config{true, 0x40, 2000, 1000, false});
  chip.setCurrentMa(10000);
  const evb::Reading r = monitor.read(bus);
  ASSERT_TRUE(r.valid);
  EXPECT_EQ(r.value, 10000);
  EXPECT_EQ(chip.calibration(), 2560);
}

TEST(Ina226Monitor, InvertedShuntFlipsTheSign) {
  evb::host::SimulatedIna226 chip(0x40, 2000);
  OneChipBus bus(chip);
  evb::Ina226Monitor monitor;
  monitor.configure(evb::Ina226Config{true, 0x40, 2000, 1000, true});
  chip.setCurrentMa(-2500);
  EXPECT_EQ(monitor.read(bus).value, 2500);
}

TEST(Ina226Monitor, MissingChipIsABusFaultAndRecovers) {
  evb::host::SimulatedIna226 chip(0x40, 2000);
  OneChipBus bus(chip);
  evb::Ina226Monitor monitor;
  monitor.configure(evb::Ina226Config{true, 0x40, 2000, 1000, false});
  bus.present = false;
  EXPECT_EQ(monitor.read(bus).fault, evb::FaultKind::kBus);
  bus.present = true;
  chip.setCurrentMa(500);
  EXPECT_EQ(monitor.read(bus).value, 500);
}

TEST(Ina226Monitor, LostCalibrationIsDetectedAndRepaired) {
  // After a supply glitch the chip reports 0 A with CAL = 0; trusting it would silently disable
  // the over-current trip.
  evb::host::SimulatedIna226 chip(0x40, 2000);
  OneChipBus bus(chip);
  evb::Ina226Monitor monitor;
  monitor.configure(evb::Ina226Config{true, 0x40, 2000, 1000, false});
  chip.setCurrentMa(12000);
  EXPECT_EQ(monitor.read(bus).value, 12000);
  chip.powerCycle();
  const evb::Reading glitched = monitor.read(bus);
  EXPECT_FALSE(glitched.valid);
  EXPECT_EQ(glitched.fault, evb::FaultKind::kReset);
  EXPECT_EQ(monitor.read(bus).value, 12000);
}

TEST(Ina226Monitor, NotFittedIsAbsentNotFaulted) {
  evb::host::SimulatedIna226 chip(0x40, 2000);
  OneChipBus bus(chip);
  evb::Ina226Monitor monitor;
  monitor.configure(evb::Ina226Config{false, 0x40, 2000, 1000, false});
  const evb::Reading r = monitor.read(bus);
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(r.fault, evb::FaultKind::kNone);
}
