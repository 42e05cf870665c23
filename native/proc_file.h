// A kept-open /proc file and its fixed buffer: the one place that calls open() and pread() on the sample path.
#ifndef PROCSAMPLER_PROC_FILE_H_
#define PROCSAMPLER_PROC_FILE_H_

#include <cstddef>
#include <string>
#include <vector>

namespace procsampler {

// How a file hands over its content.
enum class ReadMode {
  // single_open files (/proc/stat, meminfo, <pid>/stat ...): one read returns everything when the buffer is large
  // enough. A read that fills the buffer did not fit: grow and re-read from offset 0 (never continue at offset N:
  // the second chunk would come from a new snapshot and lines would tear).
  kWhole,
  // seq_file iterators (/proc/diskstats, net/dev): each read returns at most one page of whole records, so read
  // on at advancing offsets; a read shorter than a page minus one record is the end.
  kIterator,
};

class ProcFile {
 public:
  ProcFile(ReadMode mode, size_t initial_capacity) : mode_(mode), buf_(initial_capacity) {}
  ~ProcFile() { Close(); }
  ProcFile(const ProcFile&) = delete;
  ProcFile& operator=(const ProcFile&) = delete;

  // Opens `path` once. Returns 0 or -errno (also remembered: Read() then returns it).
  int Open(const std::string& path);
  void Close();
  bool is_open() const { return fd_ >= 0; }
  int fd() const { return fd_; }

  // Re-reads the whole file into the buffer. Returns the byte count, or -errno. Allocates only when the file
  // has outgrown the buffer (the one allowed allocation, outside the steady state); -EFBIG past kMaxBytes
  // (reported as Status::kTooLarge).
  long Read();

  const char* data() const { return buf_.data(); }
  size_t size() const { return len_; }

  static constexpr size_t kMaxBytes = 64u << 20;

 private:
  long ReadWhole();
  long ReadIterator();
  bool Grow();
  long TooLarge();
  bool StillTooLarge();

  ReadMode mode_;
  int fd_ = -1;
  int open_error_ = -9;  // EBADF until opened
  std::vector<char> buf_;
  size_t initial_capacity_ = buf_.size();
  size_t len_ = 0;
  // Set when the content outgrew kMaxBytes: the buffer goes back to its first size, and later reads probe for
  // the end of the file instead of growing to 64 MiB again on every sample.
  bool too_large_ = false;
};

// CLOCK_MONOTONIC in seconds.
double MonotonicSeconds();

}  // namespace procsampler

#endif  // PROCSAMPLER_PROC_FILE_H_
