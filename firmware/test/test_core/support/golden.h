// Access to the protocol v1 golden vectors (firmware/fixtures/protocol-v1-golden.json).
#pragma once

#include <string>

#include "support/mini_json.h"

namespace testsupport {

inline std::string fixturePath(const std::string& name) { return std::string(EVB_FIXTURES_DIR) + "/" + name; }

inline const Json& golden() {
  static const Json g = loadJsonFile(fixturePath("protocol-v1-golden.json"));
  return g;
}

}  // namespace testsupport
