// Splits a protocol line the firmware wrote into its fields after checking its CRC, so app tests
// can assert on fields by position (PROTOCOL.md tables) instead of matching whole strings.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "crc32.h"

namespace testsupport {

struct WireFrame {
  bool ok = false;
  std::vector<std::string> fields;  // fields[0] == "EVB1", fields[1] == kind

  char kind() const { return ok && fields.size() > 1 ? fields[1][0] : '?'; }
  const std::string& at(size_t i) const { return fields.at(i); }
  long long num(size_t i) const { return std::stoll(fields.at(i)); }
};

inline WireFrame readFrame(const std::string& line) {
  WireFrame f;
  if (line.size() < 10 || line[0] != '$' || line[line.size() - 9] != '*') return f;
  const std::string body = line.substr(1, line.size() - 10);
  char crc[9];
  std::snprintf(crc, sizeof crc, "%08X", evb::crc32(body.data(), body.size()));
  if (line.substr(line.size() - 8) != crc) return f;
  size_t start = 0;
  for (size_t i = 0; i <= body.size(); ++i) {
    if (i == body.size() || body[i] == ',') {
      f.fields.push_back(body.substr(start, i - start));
      start = i + 1;
    }
  }
  f.ok = f.fields.size() >= 2 && f.fields[0] == "EVB1";
  return f;
}

}  // namespace testsupport
