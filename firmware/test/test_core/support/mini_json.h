// A small JSON reader for the test fixtures (the golden vectors), so the host tests need no
// JSON package beyond the compiler. Numbers are kept as int64 when integral (the vectors carry
// 2^53 - 1 and 2^32 - 1, which a double would hold but an int would not).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace testsupport {

struct Json {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  Type type = Type::kNull;
  bool boolean = false;
  int64_t integer = 0;
  double number = 0;
  bool isInteger = false;
  std::string string;
  std::vector<Json> array;
  std::map<std::string, Json> object;

  bool isNull() const { return type == Type::kNull; }
  bool has(const std::string& key) const { return object.count(key) != 0; }
  const Json& operator[](const std::string& key) const;
  const Json& operator[](size_t index) const { return array.at(index); }
};

// Throws std::runtime_error with the offset on malformed input.
Json parseJson(const std::string& text);
Json loadJsonFile(const std::string& path);

}  // namespace testsupport
