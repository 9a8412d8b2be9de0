#include "line_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

struct Out {
  std::vector<std::string> lines;
  int tooLong = 0;
  int tooLongWithDollar = 0;
};

Out feed(evb::LineReader& r, const std::string& bytes) {
  Out out;
  for (char c : bytes) {
    const auto st = r.push(c);
    if (st == evb::LineStatus::kLine) out.lines.emplace_back(r.line(), r.length());
    if (st == evb::LineStatus::kTooLong) {
      ++out.tooLong;
      if (r.sawDollar()) ++out.tooLongWithDollar;
    }
  }
  return out;
}

}  // namespace

TEST(LineReader, SplitsOnLfAndStripsCr) {
  evb::LineReader r;
  const Out out = feed(r, "a\r\nbc\n\n");
  EXPECT_EQ(out.lines, (std::vector<std::string>{"a", "bc", ""}));
}

TEST(LineReader, ChunkedInputGivesTheSameLines) {
  evb::LineReader r;
  Out a = feed(r, "$EVB1,C,1,");
  EXPECT_TRUE(a.lines.empty());
  Out b = feed(r, "PING,-*541279E1\n");
  EXPECT_EQ(b.lines, (std::vector<std::string>{"$EVB1,C,1,PING,-*541279E1"}));
}

TEST(LineReader, ExactlyTheLimitIsALineOneMoreIsTooLong) {
  evb::LineReader r;
  const std::string max(evb::kMaxLineBytes, 'x');
  Out out = feed(r, max + "\r\n");
  ASSERT_EQ(out.lines.size(), 1u);
  EXPECT_EQ(out.lines[0].size(), evb::kMaxLineBytes);

  out = feed(r, "$" + max + "\nnext\n");
  EXPECT_EQ(out.tooLong, 1);
  EXPECT_EQ(out.tooLongWithDollar, 1);
  EXPECT_EQ(out.lines, (std::vector<std::string>{"next"})) << "the reader resynchronises at the LF";
}

TEST(LineReader, HugeNoiseIsDiscardedWithoutGrowing) {
  evb::LineReader r;
  const Out out = feed(r, std::string(100000, 'z') + "\nok\n");
  EXPECT_EQ(out.tooLong, 1);
  EXPECT_EQ(out.tooLongWithDollar, 0);
  EXPECT_EQ(out.lines, (std::vector<std::string>{"ok"}));
}
