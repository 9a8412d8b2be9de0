#include "sensor_sampler.h"

#include "cell_taps.h"
#include "ntc.h"

namespace evb {
namespace {

FaultKind fromNtc(NtcFault f) {
  switch (f) {
    case NtcFault::kNone:
      return FaultKind::kNone;
    case NtcFault::kOpen:
      return FaultKind::kOpen;
    case NtcFault::kShort:
      return FaultKind::kShort;
    case NtcFault::kRange:
      return FaultKind::kRange;
  }
  return FaultKind::kRange;
}

FaultKind fromCell(CellFault f) {
  switch (f) {
    case CellFault::kNone:
      return FaultKind::kNone;
    case CellFault::kOpen:
      return FaultKind::kOpen;
    case CellFault::kRange:
      return FaultKind::kRange;
    case CellFault::kAdc:
      return FaultKind::kAdc;
  }
  return FaultKind::kRange;
}

}  // namespace

void SensorSampler::configure(const RigConfig& config, uint64_t nowMs) {
  config_ = &config;
  ina226_.configure(config.ina226);
  ambient_.configure(config, nowMs);
}

void SensorSampler::sample(Hal& hal, uint64_t nowMs, Sample& out) {
  const RigConfig& c = *config_;
  out.tMs = nowMs;
  out.cellCount = c.cellCount;

  for (uint8_t k = 0; k < c.cellCount; ++k) {
    uint32_t uv = 0;
    if (!hal.readNtcUv(k, uv)) {
      out.cellTempCc[k] = Reading::faulted(FaultKind::kAdc);
      continue;
    }
    const NtcReading r = convertNtc(uv, c.ntcModel[k], c.ntcCal[k], c.ntcFrontEnd);
    out.cellTempCc[k] = r.fault == NtcFault::kNone ? Reading::of(r.tempCc) : Reading::faulted(fromNtc(r.fault));
  }

  uint32_t tapUv[kMaxRigCells] = {};
  bool tapOk[kMaxRigCells] = {};
  for (uint8_t k = 0; k < c.cellCount; ++k) tapOk[k] = hal.readTapUv(k, tapUv[k]);
  CellVoltage cells[kMaxRigCells];
  cellsFromTaps(tapUv, tapOk, c.tapCal, c.cellCount, c.tapFrontEnd, cells);
  for (uint8_t k = 0; k < c.cellCount; ++k) {
    out.cellMv[k] = cells[k].fault == CellFault::kNone ? Reading::of(cells[k].mv) : Reading::faulted(fromCell(cells[k].fault));
  }

  out.packMa = ina226_.read(hal.i2c());
  ambient_.read(hal, nowMs, out.ambientCc, out.humidityCpct);
}

}  // namespace evb
