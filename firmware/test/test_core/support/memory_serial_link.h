// A SerialLink that keeps everything in memory: the tests read what the firmware wrote, line by
// line, and feed it commands. `acceptDroppable` false simulates a full transmit buffer.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "serial_link.h"

namespace testsupport {

class MemorySerialLink final : public evb::host::SerialLink {
 public:
  size_t read(char* buffer, size_t capacity) override {
    size_t n = 0;
    while (n < capacity && !input_.empty()) {
      buffer[n++] = input_.front();
      input_.pop_front();
    }
    return n;
  }

  bool write(const char* data, size_t length, bool droppable) override {
    if (droppable && !acceptDroppable) return false;
    output_.append(data, length);
    return true;
  }

  int inputFd() const override { return -1; }

  void send(const std::string& text) { input_.insert(input_.end(), text.begin(), text.end()); }

  // Complete lines written since the last call, without their LF.
  std::vector<std::string> takeLines() {
    std::vector<std::string> lines;
    size_t start = 0;
    for (size_t nl = output_.find('\n'); nl != std::string::npos; nl = output_.find('\n', start)) {
      lines.push_back(output_.substr(start, nl - start));
      start = nl + 1;
    }
    output_.erase(0, start);
    return lines;
  }

  bool acceptDroppable = true;

 private:
  std::deque<char> input_;
  std::string output_;
};

}  // namespace testsupport
