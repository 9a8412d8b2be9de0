#include "boot_log.h"

namespace evb {
namespace host {
namespace {

// The ROM's "rst:" codes for the classic ESP32 (ESP-IDF components/esp_rom, RESET_REASON).
const char* romResetText(ResetReason r) {
  switch (r) {
    case ResetReason::kPowerOn:
      return "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)";
    case ResetReason::kSoftware:
    case ResetReason::kPanic:
      return "rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)";
    case ResetReason::kTaskWatchdog:
    case ResetReason::kInterruptWatchdog:
      return "rst:0x7 (TG0WDT_SYS_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)";
    case ResetReason::kOtherWatchdog:
      return "rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)";
    case ResetReason::kBrownout:
      return "rst:0xf (RTCWDT_BROWN_OUT_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)";
    case ResetReason::kDeepSleep:
      return "rst:0x5 (DEEPSLEEP_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)";
    case ResetReason::kExternal:
    case ResetReason::kUnknown:
      break;
  }
  return "rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)";
}

}  // namespace

std::string esp32BootLog(ResetReason reason) {
  std::string log = "ets Jun  8 2016 00:22:57\r\n\r\n";
  log += romResetText(reason);
  log +=
      "\r\n"
      "configsip: 0, SPIWP:0xee\r\n"
      "clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00\r\n"
      "mode:DIO, clock div:1\r\n"
      "load:0x3fff0030,len:1184\r\n"
      "load:0x40078000,len:13232\r\n"
      "load:0x40080400,len:3028\r\n"
      "entry 0x400805e4\r\n";
  return log;
}

}  // namespace host
}  // namespace evb
