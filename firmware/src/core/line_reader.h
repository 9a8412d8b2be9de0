// Splits the serial byte stream into lines. A line longer than the protocol's 1024 bytes is
// discarded up to the next LF (PROTOCOL.md, "Framing") and reported once, so the parser can
// answer it without ever holding more than one line of RAM.
#pragma once

#include <cstddef>
#include <cstdint>

#include "frame_types.h"

namespace evb {

enum class LineStatus : uint8_t {
  kPending,  // no complete line yet
  kLine,     // line() holds a complete line without its CR/LF
  kTooLong,  // an over-long line ended; sawDollar() tells whether it looked like a frame
};

class LineReader {
 public:
  LineStatus push(char c);

  const char* line() const { return buffer_; }
  size_t length() const { return length_; }
  bool sawDollar() const { return sawDollar_; }

 private:
  void reset();

  // One spare byte for a CR that belongs to the terminator, one for the NUL.
  char buffer_[kMaxLineBytes + 2] = {};
  size_t length_ = 0;
  bool discarding_ = false;
  bool sawDollar_ = false;
  bool completed_ = false;
};

}  // namespace evb
