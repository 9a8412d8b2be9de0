// Encodes protocol v1 frames into LF-terminated lines, byte-identical to the golden vectors.
// Refuses (returns false, leaves `out` empty) any value the station's decoder would reject: an
// encoder bug must show up in a test, never as a frame the station silently drops.
#pragma once

#include "frame_types.h"
#include "text_builder.h"

namespace evb {

// A whole line: '$' + body + '*' + 8 hex + '\n'.
using EncodedLine = TextBuilder<kMaxLineBytes + 1>;

bool encodeHello(const HelloFrame& frame, EncodedLine& out);
bool encodeData(const DataFrame& frame, EncodedLine& out);
bool encodeEvent(const EventFrame& frame, EncodedLine& out);
bool encodeAck(const AckFrame& frame, EncodedLine& out);
bool encodeCommand(const CommandFrame& frame, EncodedLine& out);

}  // namespace evb
