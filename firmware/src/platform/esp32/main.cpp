// ESP32 entry point: bring the relay to its safe state, load the rig's settings, and hand the
// loop to the portable FirmwareApp.
#include <Arduino.h>

#include "esp32_hal.h"
#include "firmware_app.h"
#include "rig_settings.h"

namespace {
evb::FirmwareApp* gApp = nullptr;
}

void setup() {
  evb::esp32::Esp32Hal::forceRelayOpen();

  static const evb::RigConfig config = evb::esp32::rigSettings();
  const char* problem = nullptr;
  if (!evb::validateRigConfig(config, &problem)) {
    // A rig with impossible settings must not run its interlock on them. Say why, forever; the
    // station reads these lines as noise and shows the device as silent.
    Serial.begin(115200);
    for (;;) {
      Serial.printf("rig_settings.h is invalid: %s\r\n", problem);
      delay(2000);
    }
  }

  static evb::esp32::Esp32Hal hal;
  hal.begin();
  static evb::FirmwareApp app(hal, config);
  gApp = &app;
  app.begin();
}

void loop() { gApp->tick(); }
