// Field forms and ranges of protocol v1, shared by the encoder (which refuses to emit a frame the
// station would reject) and the command parser. Mirrors native-bridge/protocol/field-rules.ts;
// the golden vectors keep the two in step.
#pragma once

#include <cstddef>
#include <cstdint>

namespace evb {

struct IntRange {
  int64_t min;
  int64_t max;
};

namespace ranges {
constexpr IntRange kCellCount{1, 32};
constexpr IntRange kPeriodMs{10, 60000};
constexpr IntRange kSeq{0, 4294967295LL};
constexpr IntRange kTDevMs{0, 9007199254740991LL};  // 2^53 - 1: a JavaScript safe integer
constexpr IntRange kCellMv{0, 65535};
constexpr IntRange kCellTempCc{-5500, 150000};
constexpr IntRange kPackMa{-2000000, 2000000};
constexpr IntRange kAmbientCc{-5500, 15000};
constexpr IntRange kHumidityCpct{0, 10000};
constexpr IntRange kSocPermille{0, 1000};
constexpr IntRange kCmdId{0, 65535};
}  // namespace ranges

bool inRange(int64_t v, IntRange r);

bool isDeviceId(const char* s);     // 1-32 of [A-Za-z0-9_-]
bool isBootId(const char* s);       // 8 of [0-9A-F]
bool isFwVersion(const char* s);    // 1-24 of [0-9A-Za-z.+-]
bool isChannelMap(const char* s);   // 0-200 of [A-Za-z0-9_:.=;-]
bool isEventCode(const char* s);    // 1-24 of [A-Z_]
bool isDetail(const char* s);       // 0-160 printable ASCII except $ * ,
bool isCommandName(const char* s, size_t n);  // 1-16 of [A-Z]
bool isCommandArg(const char* s, size_t n);   // 1-64 of [A-Za-z0-9_.=;:-]

enum class IntParse : uint8_t { kOk, kBadField, kOutOfRange };

// Decimal integer as the protocol writes it: -?(0|[1-9][0-9]*), at most 16 digits, no "-0".
IntParse parseDecimal(const char* s, size_t n, IntRange range, int64_t& out);

}  // namespace evb
