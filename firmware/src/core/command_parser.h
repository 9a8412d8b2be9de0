// Parses one command line from the station (PROTOCOL.md, "C - command") into a typed command
// or the error the firmware must answer with. Pure: no I/O, no clock, so every malformed input
// is a unit test.
#pragma once

#include <cstddef>
#include <cstdint>

namespace evb {

enum class CommandName : uint8_t { kPing, kHello, kRate, kIdent, kRelay, kConfig };

enum class AckError : uint8_t {
  kNone,
  kBadFrame,        // framed with '$' but not a readable command
  kBadChecksum,     // CRC missing from the hex form or not matching: the id cannot be trusted
  kUnknownCommand,  // well-formed, but a name this firmware does not know
  kBadArg,          // known name, argument of the wrong form or range
  kLimitActive,     // RELAY CLOSE refused while a hard limit or sensor fault holds (set by the app)
};

const char* ackErrorCode(AckError error);

enum class ParseOutcome : uint8_t {
  kIgnore,   // noise (no '$') or a frame that is not addressed to the rig (H/D/E/A echoed back)
  kError,    // answer with ERR `error` and `cmdId`
  kCommand,  // a command to execute
};

struct ParsedCommand {
  ParseOutcome outcome = ParseOutcome::kIgnore;
  AckError error = AckError::kNone;
  // 0 when the line was too malformed to trust its id (PROTOCOL.md, "A - command ack").
  uint16_t cmdId = 0;
  // A CRC-valid, well-formed command frame, whatever its name or argument: it proves the host
  // is alive, so it resets the heartbeat timer even when the answer is an error.
  bool heartbeat = false;
  CommandName name = CommandName::kPing;
  uint32_t number = 0;       // RATE period in ms, IDENT seconds
  bool relayClose = false;   // RELAY: true for CLOSE, false for OPEN
};

constexpr uint32_t kMinRatePeriodMs = 10;
constexpr uint32_t kMaxRatePeriodMs = 60000;
constexpr uint32_t kMaxIdentSeconds = 600;

// `line` excludes the terminator.
ParsedCommand parseCommandLine(const char* line, size_t length);
// For a line the LineReader had to discard as over-long; `sawDollar` says whether it looked
// like a frame.
ParsedCommand parseTooLongLine(bool sawDollar);

}  // namespace evb
