// Fixed-capacity text builder for frames and event details. No heap: the firmware builds a frame
// per sample for days, and a fragmenting heap on the ESP32 is a classic slow death.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace evb {

template <size_t Capacity>
class TextBuilder {
 public:
  TextBuilder() { clear(); }

  void clear() {
    length_ = 0;
    overflowed_ = false;
    text_[0] = '\0';
  }

  // Every append is all-or-nothing; once one fails the builder stays overflowed until clear(),
  // so a caller checks overflowed() once at the end instead of after every piece.
  TextBuilder& put(char c) {
    if (length_ + 1 > Capacity) {
      overflowed_ = true;
      return *this;
    }
    text_[length_++] = c;
    text_[length_] = '\0';
    return *this;
  }

  TextBuilder& put(const char* s) { return put(s, std::strlen(s)); }

  TextBuilder& put(const char* s, size_t n) {
    if (length_ + n > Capacity) {
      overflowed_ = true;
      return *this;
    }
    std::memcpy(text_ + length_, s, n);
    length_ += n;
    text_[length_] = '\0';
    return *this;
  }

  TextBuilder& putUint(uint64_t v) {
    char digits[20];
    size_t n = 0;
    do {
      digits[n++] = static_cast<char>('0' + (v % 10));
      v /= 10;
    } while (v != 0);
    char out[20];
    for (size_t i = 0; i < n; ++i) out[i] = digits[n - 1 - i];
    return put(out, n);
  }

  TextBuilder& putInt(int64_t v) {
    if (v < 0) {
      put('-');
      // Negate in unsigned arithmetic so INT64_MIN does not overflow.
      return putUint(~static_cast<uint64_t>(v) + 1u);
    }
    return putUint(static_cast<uint64_t>(v));
  }

  // Uppercase hex, at least minDigits wide (zero padded), no prefix.
  TextBuilder& putHex(uint32_t v, int minDigits) {
    static const char kHex[] = "0123456789ABCDEF";
    char out[8];
    int n = 0;
    for (int shift = 28; shift >= 0; shift -= 4) {
      const uint32_t nibble = (v >> shift) & 0xFu;
      if (n == 0 && nibble == 0 && shift >= minDigits * 4) continue;
      out[n++] = kHex[nibble];
    }
    return put(out, static_cast<size_t>(n));
  }

  const char* c_str() const { return text_; }
  size_t size() const { return length_; }
  bool empty() const { return length_ == 0; }
  bool overflowed() const { return overflowed_; }
  static constexpr size_t capacity() { return Capacity; }

 private:
  char text_[Capacity + 1];
  size_t length_ = 0;
  bool overflowed_ = false;
};

}  // namespace evb
