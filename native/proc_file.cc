#include "proc_file.h"

#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

namespace procsampler {

namespace {
// seq_file hands over one page of whole records per read. A read shorter than a page minus the longest record
// these files print (a 20-field diskstats line with 20-digit numbers, a tcp6 line) means the iterator ended,
// which saves the extra read (and, for the TCP tables, the extra hash walk) that confirming EOF would cost.
constexpr size_t kPage = 4096;
constexpr size_t kLongestRecord = 512;
}  // namespace

int ProcFile::Open(const std::string& path) {
  Close();
  do {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  } while (fd_ < 0 && errno == EINTR);
  open_error_ = fd_ < 0 ? -errno : 0;
  return open_error_;
}

void ProcFile::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  open_error_ = -EBADF;
  len_ = 0;
  too_large_ = false;
}

bool ProcFile::Grow() {
  if (buf_.size() >= kMaxBytes) return false;
  buf_.resize(buf_.size() * 2 > kMaxBytes ? kMaxBytes : buf_.size() * 2);
  return true;
}

long ProcFile::Read() {
  if (fd_ < 0) return open_error_;
  if (too_large_ && StillTooLarge()) return -EFBIG;
  return mode_ == ReadMode::kWhole ? ReadWhole() : ReadIterator();
}

long ProcFile::TooLarge() {
  too_large_ = true;
  std::vector<char>(initial_capacity_).swap(buf_);
  len_ = 0;
  return -EFBIG;
}

// One byte at offset kMaxBytes tells whether the content still does not fit, without a 64 MiB buffer.
bool ProcFile::StillTooLarge() {
  char byte;
  ssize_t n;
  do {
    n = ::pread(fd_, &byte, 1, static_cast<off_t>(kMaxBytes));
  } while (n < 0 && errno == EINTR);
  if (n > 0) return true;
  too_large_ = false;
  return false;
}

long ProcFile::ReadWhole() {
  for (;;) {
    ssize_t n = ::pread(fd_, buf_.data(), buf_.size(), 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      len_ = 0;
      return -errno;
    }
    if (static_cast<size_t>(n) < buf_.size()) {
      len_ = static_cast<size_t>(n);
      return n;
    }
    if (!Grow()) return TooLarge();
  }
}

long ProcFile::ReadIterator() {
  size_t off = 0;
  for (;;) {
    if (off == buf_.size()) {
      // Did not fit: grow and start again from offset 0, so the content is one pass of the iterator.
      if (!Grow()) return TooLarge();
      off = 0;
    }
    ssize_t n = ::pread(fd_, buf_.data() + off, buf_.size() - off, static_cast<off_t>(off));
    if (n < 0) {
      if (errno == EINTR) continue;
      len_ = 0;
      return -errno;
    }
    off += static_cast<size_t>(n);
    if (n == 0 || static_cast<size_t>(n) <= kPage - kLongestRecord) break;
  }
  len_ = off;
  return static_cast<long>(off);
}

double MonotonicSeconds() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace procsampler
