// The order of checks follows the station decoder (charset, checksum, version, kind, fields) so
// both ends classify a bad line the same way. What the rig answers is set by PROTOCOL.md:
// exactly one ack per command line it can frame, BAD_CHECKSUM always with cmdId 0.
#include "command_parser.h"

#include <cstring>

#include "crc32.h"
#include "field_rules.h"
#include "frame_types.h"

namespace evb {
namespace {

constexpr size_t kMaxFields = 8;

struct Field {
  const char* text;
  size_t length;

  bool is(const char* s) const { return length == std::strlen(s) && std::memcmp(text, s, length) == 0; }
};

ParsedCommand error(AckError e, uint16_t cmdId = 0, bool heartbeat = false) {
  ParsedCommand p;
  p.outcome = ParseOutcome::kError;
  p.error = e;
  p.cmdId = cmdId;
  p.heartbeat = heartbeat;
  return p;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;  // lowercase is not the protocol's form (PROTOCOL.md, "Framing")
}

bool parseCrc(const char* s, uint32_t& out) {
  uint32_t v = 0;
  for (int i = 0; i < 8; ++i) {
    const int h = hexValue(s[i]);
    if (h < 0) return false;
    v = (v << 4) | static_cast<uint32_t>(h);
  }
  out = v;
  return true;
}

// Splits on ','; returns the field count, or kMaxFields + 1 when there are too many to matter.
size_t splitFields(const char* body, size_t length, Field* fields) {
  size_t count = 0;
  size_t start = 0;
  for (size_t i = 0; i <= length; ++i) {
    if (i == length || body[i] == ',') {
      if (count == kMaxFields) return kMaxFields + 1;
      fields[count++] = Field{body + start, i - start};
      start = i + 1;
    }
  }
  return count;
}

bool parseNamedCommand(const Field& name, CommandName& out) {
  static const struct {
    const char* text;
    CommandName name;
  } kNames[] = {
      {"PING", CommandName::kPing},   {"HELLO", CommandName::kHello}, {"RATE", CommandName::kRate},
      {"IDENT", CommandName::kIdent}, {"RELAY", CommandName::kRelay}, {"CONFIG", CommandName::kConfig},
  };
  for (const auto& n : kNames) {
    if (name.is(n.text)) {
      out = n.name;
      return true;
    }
  }
  return false;
}

}  // namespace

const char* ackErrorCode(AckError e) {
  switch (e) {
    case AckError::kNone:
      return "";
    case AckError::kBadFrame:
      return "BAD_FRAME";
    case AckError::kBadChecksum:
      return "BAD_CHECKSUM";
    case AckError::kUnknownCommand:
      return "UNKNOWN_COMMAND";
    case AckError::kBadArg:
      return "BAD_ARG";
    case AckError::kLimitActive:
      return "LIMIT_ACTIVE";
  }
  return "BAD_FRAME";
}

ParsedCommand parseTooLongLine(bool sawDollar) {
  // An over-long line of noise is still noise; one that started like a frame gets an answer so a
  // station with a framing bug sees it instead of waiting for a timeout.
  return sawDollar ? error(AckError::kBadFrame) : ParsedCommand{};
}

ParsedCommand parseCommandLine(const char* line, size_t length) {
  // Anything before the last '$' is the tail of a torn line (PROTOCOL.md, "Framing").
  size_t start = length;
  for (size_t i = length; i > 0; --i) {
    if (line[i - 1] == '$') {
      start = i - 1;
      break;
    }
  }
  if (start == length) return ParsedCommand{};  // no '$': noise, never answered
  if (length > kMaxLineBytes) return error(AckError::kBadFrame);

  for (size_t i = start; i < length; ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if (c < 0x20 || c > 0x7E) return error(AckError::kBadFrame);
  }
  if (length < start + 10 || line[length - 9] != '*') return error(AckError::kBadFrame);

  uint32_t crcOnWire = 0;
  const char* body = line + start + 1;
  const size_t bodyLength = length - 9 - (start + 1);
  if (!parseCrc(line + length - 8, crcOnWire) || crc32(body, bodyLength) != crcOnWire) {
    return error(AckError::kBadChecksum);
  }

  Field f[kMaxFields];
  const size_t count = splitFields(body, bodyLength, f);
  if (count < 2 || !f[0].is(kProtocolTag)) return error(AckError::kBadFrame);
  // Frames the rig itself sends (or another rig's) can come back through a loopback or a
  // misconfigured bridge; answering them would start an ack ping-pong, so they are ignored.
  if (f[1].is("H") || f[1].is("D") || f[1].is("E") || f[1].is("A")) return ParsedCommand{};
  if (!f[1].is("C") || count < 3) return error(AckError::kBadFrame);

  int64_t id = 0;
  // The station numbers commands 1-65535; 0 is reserved for "id unreadable" in acks.
  if (parseDecimal(f[2].text, f[2].length, IntRange{1, 65535}, id) != IntParse::kOk) {
    return error(AckError::kBadFrame);
  }
  const auto cmdId = static_cast<uint16_t>(id);
  if (count != 5 || !isCommandName(f[3].text, f[3].length)) return error(AckError::kBadFrame, cmdId);

  // From here on the frame is a valid command: it counts as a heartbeat whatever the answer.
  const Field& name = f[3];
  const Field& arg = f[4];
  const bool noArg = arg.is("-");
  if (!noArg && !isCommandArg(arg.text, arg.length)) return error(AckError::kBadArg, cmdId, true);

  ParsedCommand p;
  p.outcome = ParseOutcome::kCommand;
  p.cmdId = cmdId;
  p.heartbeat = true;
  if (!parseNamedCommand(name, p.name)) return error(AckError::kUnknownCommand, cmdId, true);

  switch (p.name) {
    case CommandName::kPing:
    case CommandName::kHello:
    case CommandName::kConfig:
      if (!noArg) return error(AckError::kBadArg, cmdId, true);
      break;
    case CommandName::kRate:
    case CommandName::kIdent: {
      const IntRange range = p.name == CommandName::kRate ? IntRange{kMinRatePeriodMs, kMaxRatePeriodMs}
                                                          : IntRange{0, kMaxIdentSeconds};
      int64_t n = 0;
      if (noArg || parseDecimal(arg.text, arg.length, range, n) != IntParse::kOk) {
        return error(AckError::kBadArg, cmdId, true);
      }
      p.number = static_cast<uint32_t>(n);
      break;
    }
    case CommandName::kRelay:
      if (arg.is("OPEN")) {
        p.relayClose = false;
      } else if (arg.is("CLOSE")) {
        p.relayClose = true;
      } else {
        return error(AckError::kBadArg, cmdId, true);
      }
      break;
  }
  return p;
}

}  // namespace evb
