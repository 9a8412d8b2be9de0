// GPIO assignment of the reference wiring (firmware/README.md, "Pin table"). Chosen to avoid
// strapping pins, flash/PSRAM pins and the S3's USB pins, and to put both analog inputs on ADC1
// (ADC2 cannot be used while Wi-Fi is on, and a later firmware may want Wi-Fi).
#pragma once

#include <cstdint>

namespace evb {
namespace esp32 {

struct BoardPins {
  uint8_t ntcMuxSignal;   // CD74HC4067 #1 common pin (thermistor dividers) -> ADC1
  uint8_t tapMuxSignal;   // CD74HC4067 #2 common pin (divided cell taps) -> ADC1
  uint8_t muxSelect[4];   // S0..S3, shared by both multiplexers
  uint8_t i2cSda;
  uint8_t i2cScl;
  uint8_t dht22;
  uint8_t relay;          // high = relay coil energised = contactor closed
  uint8_t led;            // identify / status LED, high = on
};

#if defined(CONFIG_IDF_TARGET_ESP32S3)
// ESP32-S3-DevKitC-1. GPIO 19/20 are USB, 26-32 flash, 33-37 octal PSRAM on N8R8 modules,
// 0/3/45/46 strapping, 48 (or 38) the on-board RGB LED, which needs a WS2812 driver.
constexpr BoardPins kPins{1, 2, {4, 5, 6, 7}, 8, 9, 10, 11, 12};
#else
// ESP32-DevKitC / DOIT ESP32 DevKit (ESP32-WROOM-32). GPIO 36/39 are input-only ADC1 pins;
// 16/17 are avoided because WROVER modules use them for PSRAM; GPIO 2 drives the on-board LED
// on most boards (a strapping pin, but an LED to ground keeps it at its required low level).
constexpr BoardPins kPins{36, 39, {32, 33, 25, 26}, 21, 22, 4, 23, 2};
#endif

}  // namespace esp32
}  // namespace evb
