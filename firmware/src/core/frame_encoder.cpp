// Builds the body in place after the '$', then appends the CRC of exactly those bytes.
#include "frame_encoder.h"

#include <cstring>

#include "crc32.h"
#include "field_rules.h"

namespace evb {
namespace {

bool putOptional(EncodedLine& out, const OptionalInt& v, IntRange range) {
  if (!v.present) {
    out.put('-');
    return true;
  }
  if (!inRange(v.value, range)) return false;
  out.putInt(v.value);
  return true;
}

bool putList(EncodedLine& out, const OptionalInt* items, uint32_t count, IntRange range) {
  for (uint32_t i = 0; i < count; ++i) {
    if (i > 0) out.put(';');
    if (!putOptional(out, items[i], range)) return false;
  }
  return true;
}

void beginBody(EncodedLine& out, char kind) {
  out.clear();
  out.put('$').put(kProtocolTag).put(',').put(kind);
}

// Appends "*CRC\n" and checks the line length limit; on any failure leaves `out` empty.
bool finish(EncodedLine& out, bool fieldsOk) {
  if (!fieldsOk || out.overflowed()) {
    out.clear();
    return false;
  }
  const uint32_t crc = crc32(out.c_str() + 1, out.size() - 1);
  out.put('*').putHex(crc, 8);
  if (out.overflowed() || out.size() > kMaxLineBytes) {
    out.clear();
    return false;
  }
  out.put('\n');
  return true;
}

}  // namespace

bool encodeHello(const HelloFrame& f, EncodedLine& out) {
  beginBody(out, 'H');
  const bool ok = isDeviceId(f.deviceId) && isBootId(f.bootId) && isFwVersion(f.fwVersion) &&
                  inRange(f.cellCount, ranges::kCellCount) && inRange(f.periodMs, ranges::kPeriodMs) &&
                  isChannelMap(f.channels);
  if (ok) {
    out.put(',').put(f.deviceId).put(',').put(f.bootId).put(',').put(f.fwVersion);
    out.put(',').putUint(f.cellCount).put(',').putUint(f.periodMs).put(',').put(f.channels);
  }
  return finish(out, ok);
}

bool encodeData(const DataFrame& f, EncodedLine& out) {
  beginBody(out, 'D');
  bool ok = isDeviceId(f.deviceId) && isBootId(f.bootId) && inRange(f.tDevMs, ranges::kTDevMs) &&
            inRange(f.cellCount, ranges::kCellCount) && f.cellMv != nullptr && f.cellTempCc != nullptr;
  if (ok) {
    out.put(',').put(f.deviceId).put(',').put(f.bootId);
    out.put(',').putUint(f.seq).put(',').putUint(f.tDevMs).put(',').putUint(f.cellCount).put(',');
    ok = putList(out, f.cellMv, f.cellCount, ranges::kCellMv);
    out.put(',');
    ok = ok && putList(out, f.cellTempCc, f.cellCount, ranges::kCellTempCc);
    out.put(',');
    ok = ok && putOptional(out, f.packMa, ranges::kPackMa);
    out.put(',');
    ok = ok && putOptional(out, f.ambientCc, ranges::kAmbientCc);
    out.put(',');
    ok = ok && putOptional(out, f.humidityCpct, ranges::kHumidityCpct);
    out.put(',');
    ok = ok && putOptional(out, f.socPermille, ranges::kSocPermille);
    // Status is hex without padding ("B", "FFFFFFFF"), as in the golden vectors.
    out.put(',').putHex(f.status, 1);
  }
  return finish(out, ok);
}

bool encodeEvent(const EventFrame& f, EncodedLine& out) {
  beginBody(out, 'E');
  const bool ok = isDeviceId(f.deviceId) && isBootId(f.bootId) && inRange(f.tDevMs, ranges::kTDevMs) &&
                  isEventCode(f.code) && isDetail(f.detail);
  if (ok) {
    out.put(',').put(f.deviceId).put(',').put(f.bootId).put(',').putUint(f.eventSeq);
    out.put(',').putUint(f.tDevMs).put(',').put(f.code).put(',').put(f.detail);
  }
  return finish(out, ok);
}

bool encodeAck(const AckFrame& f, EncodedLine& out) {
  beginBody(out, 'A');
  const bool ok = isDeviceId(f.deviceId) && inRange(f.cmdId, ranges::kCmdId) && isDetail(f.detail);
  if (ok) {
    out.put(',').put(f.deviceId).put(',').putUint(f.cmdId).put(',').put(f.ok ? "OK" : "ERR");
    out.put(',').put(f.detail);
  }
  return finish(out, ok);
}

bool encodeCommand(const CommandFrame& f, EncodedLine& out) {
  beginBody(out, 'C');
  const bool ok = inRange(f.cmdId, ranges::kCmdId) && f.name != nullptr &&
                  isCommandName(f.name, std::strlen(f.name)) &&
                  (f.arg == nullptr || isCommandArg(f.arg, std::strlen(f.arg)));
  if (ok) {
    out.put(',').putUint(f.cmdId).put(',').put(f.name).put(',').put(f.arg == nullptr ? "-" : f.arg);
  }
  return finish(out, ok);
}

}  // namespace evb
