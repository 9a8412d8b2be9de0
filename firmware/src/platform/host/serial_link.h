// Where the virtual rig's serial bytes go: stdout/stdin, a tty opened by path, or a pty it
// created. Output to a tty is non-blocking with a small queue, so a station that is not reading
// makes the rig drop data frames exactly as the ESP32 does when its UART buffer is full.
#pragma once

#include <cstddef>
#include <string>

namespace evb {
namespace host {

class SerialLink {
 public:
  virtual ~SerialLink() = default;
  virtual size_t read(char* buffer, size_t capacity) = 0;
  // `droppable`: may be refused when the reader is behind.
  virtual bool write(const char* data, size_t length, bool droppable) = 0;
  // The fd to wait on for input, or -1.
  virtual int inputFd() const = 0;
  virtual void flush() {}
};

class FdSerialLink final : public SerialLink {
 public:
  // `blockingOutput`: stdout to a pipe or file (never drop); otherwise a tty (queue and drop).
  FdSerialLink(int inFd, int outFd, bool blockingOutput);
  size_t read(char* buffer, size_t capacity) override;
  bool write(const char* data, size_t length, bool droppable) override;
  int inputFd() const override { return inputEnded_ ? -1 : inFd_; }
  void flush() override;
  bool outputBroken() const { return outputBroken_; }

 private:
  int inFd_;
  int outFd_;
  bool blockingOutput_;
  bool inputEnded_ = false;
  bool outputBroken_ = false;
  std::string pending_;
};

// Opens an existing tty (e.g. one end of a socat pty pair) raw at 115200 8N1, non-blocking.
// Returns -1 and sets `error` on failure. The original settings are restored by closeTty.
int openTty(const std::string& path, std::string& error);
// Creates a pseudo-terminal, puts it in raw mode and symlinks `linkPath` to its slave end.
// Returns the master fd (the rig's side) or -1.
int createPty(const std::string& linkPath, std::string& slavePath, std::string& error);
void closeTty(int fd);

}  // namespace host
}  // namespace evb
