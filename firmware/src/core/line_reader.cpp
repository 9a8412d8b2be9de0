#include "line_reader.h"

namespace evb {

void LineReader::reset() {
  length_ = 0;
  discarding_ = false;
  sawDollar_ = false;
  buffer_[0] = '\0';
}

LineStatus LineReader::push(char c) {
  if (completed_) {
    // The caller has consumed the previous line; start the next one.
    reset();
    completed_ = false;
  }
  if (c == '\n') {
    completed_ = true;
    if (discarding_) return LineStatus::kTooLong;
    // Arduino's println and many terminals end lines with CR LF; the CR is terminator, not data.
    if (length_ > 0 && buffer_[length_ - 1] == '\r') --length_;
    buffer_[length_] = '\0';
    if (length_ > kMaxLineBytes) return LineStatus::kTooLong;
    return LineStatus::kLine;
  }
  if (c == '$') sawDollar_ = true;
  if (discarding_) return LineStatus::kPending;
  if (length_ >= kMaxLineBytes + 1) {
    discarding_ = true;
    return LineStatus::kPending;
  }
  buffer_[length_++] = c;
  return LineStatus::kPending;
}

}  // namespace evb
