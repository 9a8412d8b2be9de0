#include "esp32_hal.h"

#include <Arduino.h>
#include <esp_idf_version.h>
#include <esp_system.h>
#include <esp_task_wdt.h>
#include <esp_timer.h>
#if __has_include(<esp_mac.h>)
#include <esp_mac.h>  // ESP-IDF 5: esp_efuse_mac_get_default moved here
#endif
#if __has_include(<esp_random.h>)
#include <esp_random.h>
#endif

#include "dht22.h"

namespace evb {
namespace esp32 {
namespace {

// 16 conversions per channel: the ESP32 ADC's noise is several LSB, averaging gains ~2 bits.
constexpr int kAdcOversample = 16;
// After switching the multiplexer, its ~15 pF output node and the ADC's sample capacitor charge
// from the 100 nF filter capacitor on each divider (README.md): well under a microsecond, so
// 20 us is margin for the mux's switching time and for wiring capacitance.
constexpr uint32_t kMuxSettleUs = 20;
// A loop that stops for this long is stuck; the task watchdog then resets the board, which
// boots with the relay open. Long enough for a 1 KiB line at 115200 baud (~90 ms) many times.
constexpr uint32_t kWatchdogTimeoutMs = 3000;
constexpr uint32_t kI2cClockHz = 400000;
constexpr size_t kSerialBufferBytes = 2048;  // a whole 1024-byte command line fits
// Datasheet AM2302: host start signal >= 1 ms low; response and bits within ~5 ms.
constexpr uint32_t kDht22StartLowUs = 1100;
constexpr uint32_t kDht22TimeoutUs = 200;

portMUX_TYPE gDhtMux = portMUX_INITIALIZER_UNLOCKED;

// Waits while the pin is at `level`; returns the microseconds spent, or -1 on timeout.
int32_t measureLevel(uint8_t pin, int level, uint32_t timeoutUs) {
  const uint32_t start = micros();
  while (digitalRead(pin) == level) {
    if (micros() - start > timeoutUs) return -1;
  }
  return static_cast<int32_t>(micros() - start);
}

}  // namespace

void Esp32Hal::forceRelayOpen() {
  // Level before direction, so the pin never drives high even for a moment; a 10 kOhm pull-down
  // on the driver's gate keeps the relay off while the pin floats during reset and boot.
  digitalWrite(kPins.relay, LOW);
  pinMode(kPins.relay, OUTPUT);
}

void Esp32Hal::begin() {
  forceRelayOpen();
  digitalWrite(kPins.led, LOW);
  pinMode(kPins.led, OUTPUT);
  for (uint8_t pin : kPins.muxSelect) {
    digitalWrite(pin, LOW);
    pinMode(pin, OUTPUT);
  }
  // 11 dB attenuation: the 0-3.1 V range the dividers are designed for. analogReadMilliVolts
  // applies the per-chip eFuse calibration, so no lookup table is needed here.
  analogReadResolution(12);
  analogSetPinAttenuation(kPins.ntcMuxSignal, ADC_11db);
  analogSetPinAttenuation(kPins.tapMuxSignal, ADC_11db);

  Wire.begin(kPins.i2cSda, kPins.i2cScl, kI2cClockHz);
  Wire.setTimeOut(10);  // a stuck bus must not stall the loop past the watchdog

  Serial.setRxBufferSize(kSerialBufferBytes);
  Serial.setTxBufferSize(kSerialBufferBytes);
  Serial.begin(115200);

  // The loop task is not watched by default in the Arduino core; subscribe it with our timeout.
#if ESP_IDF_VERSION_MAJOR >= 5
  const esp_task_wdt_config_t wdt = {kWatchdogTimeoutMs, 0, true};
  esp_task_wdt_reconfigure(&wdt);
#else
  esp_task_wdt_init(kWatchdogTimeoutMs / 1000, true);  // reconfigures the running watchdog
#endif
  esp_task_wdt_add(nullptr);
}

uint64_t Esp32Hal::nowMs() {
  // esp_timer is 64-bit microseconds since boot; Arduino's millis() is 32-bit and wraps after
  // 49.7 days, which a long soak test reaches.
  return static_cast<uint64_t>(esp_timer_get_time()) / 1000u;
}

bool Esp32Hal::readMuxUv(uint8_t signalPin, uint8_t channel, uint32_t& microvolts) {
  for (int bit = 0; bit < 4; ++bit) digitalWrite(kPins.muxSelect[bit], (channel >> bit) & 1 ? HIGH : LOW);
  delayMicroseconds(kMuxSettleUs);
  analogReadMilliVolts(signalPin);  // discard: the first conversion after switching is low
  uint32_t sumMv = 0;
  for (int i = 0; i < kAdcOversample; ++i) sumMv += analogReadMilliVolts(signalPin);
  microvolts = sumMv * 1000u / kAdcOversample;
  return true;
}

bool Esp32Hal::readNtcUv(uint8_t channel, uint32_t& microvolts) {
  return readMuxUv(kPins.ntcMuxSignal, channel, microvolts);
}

bool Esp32Hal::readTapUv(uint8_t channel, uint32_t& microvolts) {
  return readMuxUv(kPins.tapMuxSignal, channel, microvolts);
}

bool Esp32Hal::readDht22(uint8_t bytes[5]) {
  const uint8_t pin = kPins.dht22;
  digitalWrite(pin, LOW);
  pinMode(pin, OUTPUT);
  delayMicroseconds(kDht22StartLowUs);
  uint16_t highUs[40];
  bool ok = true;
  pinMode(pin, INPUT_PULLUP);  // release the line; the sensor answers 20-40 us later
  // The 40 bits take ~4-5 ms; an interrupt in the middle would stretch a pulse into a wrong bit.
  portENTER_CRITICAL(&gDhtMux);
  ok = measureLevel(pin, HIGH, kDht22TimeoutUs) >= 0 &&  // host release, sensor pulls low
       measureLevel(pin, LOW, kDht22TimeoutUs) >= 0 &&   // 80 us response low
       measureLevel(pin, HIGH, kDht22TimeoutUs) >= 0;     // 80 us response high
  for (int bit = 0; ok && bit < 40; ++bit) {
    ok = measureLevel(pin, LOW, kDht22TimeoutUs) >= 0;  // 50 us bit start
    const int32_t high = ok ? measureLevel(pin, HIGH, kDht22TimeoutUs) : -1;
    ok = ok && high >= 0;
    highUs[bit] = static_cast<uint16_t>(high < 0 ? 0 : high);
  }
  portEXIT_CRITICAL(&gDhtMux);
  if (ok) dht22::bytesFromHighPulses(highUs, bytes);
  return ok;
}

void Esp32Hal::setRelayClosed(bool closed) { digitalWrite(kPins.relay, closed ? HIGH : LOW); }

void Esp32Hal::setLed(bool on) { digitalWrite(kPins.led, on ? HIGH : LOW); }

size_t Esp32Hal::serialRead(char* buffer, size_t capacity) {
  size_t n = 0;
  while (n < capacity && Serial.available() > 0) buffer[n++] = static_cast<char>(Serial.read());
  return n;
}

bool Esp32Hal::serialWrite(const char* data, size_t length, WritePriority priority) {
  if (priority == WritePriority::kDroppable && static_cast<size_t>(Serial.availableForWrite()) < length) {
    return false;
  }
  return Serial.write(reinterpret_cast<const uint8_t*>(data), length) == length;
}

void Esp32Hal::macAddress(uint8_t mac[6]) { esp_efuse_mac_get_default(mac); }

uint32_t Esp32Hal::random32() {
  // esp_random() is a true RNG only while the RF subsystem runs; without it, it is still seeded
  // from SAR ADC noise at boot. Mixing in the boot time keeps boot ids distinct either way.
  return esp_random() ^ static_cast<uint32_t>(esp_timer_get_time());
}

ResetReason Esp32Hal::resetReason() {
  switch (esp_reset_reason()) {
    case ESP_RST_POWERON:
      return ResetReason::kPowerOn;
    case ESP_RST_EXT:
      return ResetReason::kExternal;
    case ESP_RST_SW:
      return ResetReason::kSoftware;
    case ESP_RST_PANIC:
      return ResetReason::kPanic;
    case ESP_RST_INT_WDT:
      return ResetReason::kInterruptWatchdog;
    case ESP_RST_TASK_WDT:
      return ResetReason::kTaskWatchdog;
    case ESP_RST_WDT:
      return ResetReason::kOtherWatchdog;
    case ESP_RST_DEEPSLEEP:
      return ResetReason::kDeepSleep;
    case ESP_RST_BROWNOUT:
      return ResetReason::kBrownout;
    default:
      return ResetReason::kUnknown;
  }
}

void Esp32Hal::feedWatchdog() { esp_task_wdt_reset(); }

bool Esp32Hal::write(uint8_t address, const uint8_t* data, size_t length) {
  Wire.beginTransmission(address);
  Wire.write(data, length);
  return Wire.endTransmission(true) == 0;
}

bool Esp32Hal::read(uint8_t address, uint8_t* data, size_t length) {
  const size_t got = Wire.requestFrom(address, length, true);
  if (got != length) return false;
  for (size_t i = 0; i < length; ++i) data[i] = static_cast<uint8_t>(Wire.read());
  return true;
}

}  // namespace esp32
}  // namespace evb
