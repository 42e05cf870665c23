#include "io/proc_file.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "layout.h"

namespace procsampler {

namespace {

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define PROCSAMPLER_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PROCSAMPLER_SANITIZED 1
#endif

// pread(2) without the C library's cancellation point: in a process with threads (Node always has them) glibc's
// pread() switches asynchronous cancellation on and off around every call, a seventh of the user time of reading a
// small /proc file. Nothing cancels threads here. The sanitizer builds keep the library call, whose interceptor
// checks that the kernel writes inside the buffer.
inline ssize_t RawPread(int fd, char* buf, size_t len, off_t off) {
#if defined(PROCSAMPLER_SANITIZED) || !defined(SYS_pread64)
  return ::pread(fd, buf, len, off);
#else
  return ::syscall(SYS_pread64, fd, buf, len, off);
#endif
}

size_t RoundToPages(size_t bytes) {
  const size_t page = ProcFile::kPage;
  return bytes == 0 ? page : (bytes + page - 1) / page * page;
}
}  // namespace

int OpenForRead(const std::string& path, int extra_flags) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | extra_flags);
  } while (fd < 0 && errno == EINTR);
  return fd < 0 ? -errno : fd;
}

int ReadStatus(long read_result) {
  return read_result == -EFBIG ? static_cast<int>(Status::kTooLarge) : static_cast<int>(read_result);
}

ProcFile::ProcFile(ReadMode mode, size_t initial_capacity, size_t longest_record)
    : mode_(mode), longest_record_(longest_record), initial_capacity_(RoundToPages(initial_capacity)) {}

ProcFile::~ProcFile() {
  Close();
  if (buf_ != nullptr) ::munmap(buf_, cap_);
}

int ProcFile::Open(const std::string& path) {
  Close();
  const int fd = OpenForRead(path);
  fd_ = fd < 0 ? -1 : fd;
  open_error_ = fd < 0 ? fd : 0;
  return open_error_;
}

void ProcFile::OpenWith(PreadFn read, void* context) {
  Close();
  read_ = read;
  read_context_ = context;
  open_error_ = 0;
}

void ProcFile::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  read_ = nullptr;
  read_context_ = nullptr;
  open_error_ = -EBADF;
  len_ = 0;
  too_large_ = false;
}

long ProcFile::Pread(char* buf, size_t len, uint64_t off) {
  if (read_ != nullptr) return read_(read_context_, buf, len, off);
  const ssize_t n = RawPread(fd_, buf, len, static_cast<off_t>(off));
  return n < 0 ? -errno : static_cast<long>(n);
}

// A new mapping of `bytes` (the old content is not kept: every growth re-reads from offset 0).
bool ProcFile::Resize(size_t bytes) {
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return false;
  if (buf_ != nullptr) ::munmap(buf_, cap_);
  buf_ = static_cast<char*>(p);
  cap_ = bytes;
  return true;
}

long ProcFile::TooLarge() {
  too_large_ = true;
  len_ = 0;
  // Give the large buffer back at once; if even the small one cannot be mapped, keep what there is.
  if (cap_ > initial_capacity_) Resize(initial_capacity_);
  return -EFBIG;
}

// One byte at offset kMaxBytes tells whether the content still does not fit, without a 64 MiB buffer.
bool ProcFile::StillTooLarge() {
  if (ByteAfterMax() > 0) return true;
  too_large_ = false;
  return false;
}

// Reads the byte at offset kMaxBytes: 1 when the content goes on past the limit, 0 when it ends there, or -errno.
long ProcFile::ByteAfterMax() {
  char byte;
  long n;
  do {
    n = Pread(&byte, 1, kMaxBytes);
  } while (n == -EINTR);
  return n;
}

// Whether a read that returned `got` of the `asked` bytes ended the file (see ReadMode).
bool ProcFile::EndOfFile(size_t got, size_t asked) const {
  if (got == 0) return true;
  if (got == asked) return false;
  if (mode_ == ReadMode::kWhole) return true;
  // A seq_file read stops short of `asked` at the end, or when the next record did not fit in its page.
  return longest_record_ < kPage && got <= kPage - longest_record_;
}

long ProcFile::Read() {
  if (!is_open()) return open_error_;
  if (too_large_ && StillTooLarge()) return -EFBIG;
  if (buf_ == nullptr && !Resize(initial_capacity_)) return -ENOMEM;
  size_t off = 0;
  for (;;) {
    if (off == cap_) {
      // Did not fit: grow and start again from offset 0, so the content is one rendering (kWhole) or one pass of
      // the iterator (kIterator). Every size up to kMaxBytes is reachable: the last step is kMaxBytes itself.
      if (cap_ >= kMaxBytes) {
        const long after = ByteAfterMax();
        if (after > 0) return TooLarge();
        len_ = after == 0 ? off : 0;
        return after == 0 ? static_cast<long>(off) : after;
      }
      if (!Resize(cap_ * 2 > kMaxBytes ? kMaxBytes : cap_ * 2)) {
        len_ = 0;
        return -ENOMEM;
      }
      off = 0;
    }
    const size_t asked = cap_ - off;
    const long n = Pread(buf_ + off, asked, off);
    if (n < 0) {
      if (n == -EINTR) continue;
      len_ = 0;
      return n;
    }
    off += static_cast<size_t>(n);
    if (EndOfFile(static_cast<size_t>(n), asked)) break;
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
