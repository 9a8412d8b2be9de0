// Character-class checks without <regex>: the ESP32 build has no room for it and these forms
// are simple enough to read as loops.
#include "field_rules.h"

#include <cstring>

namespace evb {
namespace {

bool isUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool isLower(char c) { return c >= 'a' && c <= 'z'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isAlnum(char c) { return isUpper(c) || isLower(c) || isDigit(c); }

template <typename Pred>
bool allOf(const char* s, size_t n, size_t minLen, size_t maxLen, Pred pred) {
  if (s == nullptr || n < minLen || n > maxLen) return false;
  for (size_t i = 0; i < n; ++i) {
    if (!pred(s[i])) return false;
  }
  return true;
}

template <typename Pred>
bool allOf(const char* s, size_t minLen, size_t maxLen, Pred pred) {
  return s != nullptr && allOf(s, std::strlen(s), minLen, maxLen, pred);
}

}  // namespace

bool inRange(int64_t v, IntRange r) { return v >= r.min && v <= r.max; }

bool isDeviceId(const char* s) {
  return allOf(s, 1, 32, [](char c) { return isAlnum(c) || c == '_' || c == '-'; });
}

bool isBootId(const char* s) {
  return allOf(s, 8, 8, [](char c) { return isDigit(c) || (c >= 'A' && c <= 'F'); });
}

bool isFwVersion(const char* s) {
  return allOf(s, 1, 24, [](char c) { return isAlnum(c) || c == '.' || c == '+' || c == '-'; });
}

bool isChannelMap(const char* s) {
  return allOf(s, 0, 200, [](char c) {
    return isAlnum(c) || c == '_' || c == ':' || c == '.' || c == '=' || c == ';' || c == '-';
  });
}

bool isEventCode(const char* s) {
  return allOf(s, 1, 24, [](char c) { return isUpper(c) || c == '_'; });
}

bool isDetail(const char* s) {
  return allOf(s, 0, 160, [](char c) { return c >= 0x20 && c <= 0x7E && c != '$' && c != '*' && c != ','; });
}

bool isCommandName(const char* s, size_t n) { return allOf(s, n, 1, 16, isUpper); }

bool isCommandArg(const char* s, size_t n) {
  return allOf(s, n, 1, 64, [](char c) {
    return isAlnum(c) || c == '_' || c == '.' || c == '=' || c == ';' || c == ':' || c == '-';
  });
}

IntParse parseDecimal(const char* s, size_t n, IntRange range, int64_t& out) {
  if (s == nullptr || n == 0) return IntParse::kBadField;
  size_t i = 0;
  const bool negative = s[0] == '-';
  if (negative) i = 1;
  const size_t digits = n - i;
  if (digits == 0 || digits > 16) return IntParse::kBadField;
  if (s[i] == '0' && digits > 1) return IntParse::kBadField;  // leading zero
  int64_t magnitude = 0;
  for (; i < n; ++i) {
    if (!isDigit(s[i])) return IntParse::kBadField;
    magnitude = magnitude * 10 + (s[i] - '0');  // 16 digits cannot overflow int64
  }
  if (negative && magnitude == 0) return IntParse::kBadField;  // "-0"
  const int64_t value = negative ? -magnitude : magnitude;
  if (!inRange(value, range)) return IntParse::kOutOfRange;
  out = value;
  return IntParse::kOk;
}

}  // namespace evb
