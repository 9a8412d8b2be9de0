#include "serial_link.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

namespace evb {
namespace host {
namespace {

// About two lines of a 16-cell rig: like the ESP32's UART TX buffer, a reader that falls this
// far behind starts losing data frames.
constexpr size_t kDropDataAbove = 2048;
// Hard cap so a reader that never comes cannot grow the queue without bound.
constexpr size_t kMaxPending = 64 * 1024;

std::map<int, termios>& savedSettings() {
  static std::map<int, termios> saved;
  return saved;
}

bool makeRaw(int fd, std::string& error) {
  termios t{};
  if (tcgetattr(fd, &t) != 0) {
    error = std::string("tcgetattr: ") + std::strerror(errno);
    return false;
  }
  savedSettings()[fd] = t;
  cfmakeraw(&t);
  cfsetispeed(&t, B115200);
  cfsetospeed(&t, B115200);
  t.c_cflag |= CLOCAL | CREAD;
  t.c_cflag &= ~static_cast<tcflag_t>(CSTOPB | PARENB | CRTSCTS);
  t.c_cc[VMIN] = 0;
  t.c_cc[VTIME] = 0;
  if (tcsetattr(fd, TCSANOW, &t) != 0) {
    error = std::string("tcsetattr: ") + std::strerror(errno);
    return false;
  }
  return true;
}

}  // namespace

FdSerialLink::FdSerialLink(int inFd, int outFd, bool blockingOutput)
    : inFd_(inFd), outFd_(outFd), blockingOutput_(blockingOutput) {
  // File status flags are not touched: stdin and stdout often share one open file description
  // with the user's terminal, and O_NONBLOCK set here would leak into the shell after exit.
  // Reads poll first instead; a tty opened by openTty is already non-blocking.
}

size_t FdSerialLink::read(char* buffer, size_t capacity) {
  if (inFd_ < 0 || inputEnded_) return 0;
  pollfd p{inFd_, POLLIN, 0};
  if (::poll(&p, 1, 0) <= 0 || (p.revents & (POLLIN | POLLHUP | POLLERR)) == 0) return 0;
  const ssize_t n = ::read(inFd_, buffer, capacity);
  if (n > 0) return static_cast<size_t>(n);
  // EOF on stdin (e.g. /dev/null) ends input for good. A pty master reads EIO while no one has
  // the slave open; that is "nothing yet", not the end.
  if (n == 0 && blockingOutput_) inputEnded_ = true;
  return 0;
}

void FdSerialLink::flush() {
  while (!pending_.empty() && !outputBroken_) {
    const ssize_t n = ::write(outFd_, pending_.data(), pending_.size());
    if (n > 0) {
      pending_.erase(0, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!blockingOutput_) return;  // a tty: keep the rest queued, try again next pass
      pollfd p{outFd_, POLLOUT, 0};
      ::poll(&p, 1, 100);  // stdout that happens to be non-blocking: wait for room
      continue;
    }
    outputBroken_ = true;  // EPIPE, EIO: the reader is gone for good
  }
}

bool FdSerialLink::write(const char* data, size_t length, bool droppable) {
  if (outputBroken_) return false;
  flush();
  if (!blockingOutput_) {
    if (droppable && pending_.size() > kDropDataAbove) return false;
    if (pending_.size() + length > kMaxPending) return false;
  }
  pending_.append(data, length);
  flush();
  return !outputBroken_;
}

int openTty(const std::string& path, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    error = "cannot open " + path + ": " + std::strerror(errno);
    return -1;
  }
  if (!makeRaw(fd, error)) {
    ::close(fd);
    return -1;
  }
  return fd;
}

int createPty(const std::string& linkPath, std::string& slavePath, std::string& error) {
  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) {
    error = std::string("cannot create a pty: ") + std::strerror(errno);
    if (master >= 0) ::close(master);
    return -1;
  }
  slavePath = ptsname(master);
  // Hold the slave open ourselves: with no slave open, reads on the master fail with EIO and
  // poll() reports a hang-up continuously. It also carries the raw settings the station sees.
  const int slave = ::open(slavePath.c_str(), O_RDWR | O_NOCTTY);
  if (slave < 0 || !makeRaw(slave, error)) {
    if (error.empty()) error = "cannot open " + slavePath + ": " + std::strerror(errno);
    ::close(master);
    return -1;
  }
  ::unlink(linkPath.c_str());
  if (::symlink(slavePath.c_str(), linkPath.c_str()) != 0) {
    error = "cannot link " + linkPath + ": " + std::strerror(errno);
    ::close(slave);
    ::close(master);
    return -1;
  }
  return master;
}

void closeTty(int fd) {
  auto& saved = savedSettings();
  const auto it = saved.find(fd);
  if (it != saved.end()) {
    tcsetattr(fd, TCSANOW, &it->second);
    saved.erase(it);
  }
  ::close(fd);
}

}  // namespace host
}  // namespace evb
