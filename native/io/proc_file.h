// A kept-open /proc file and its buffer: the one place that opens a configured path and reads it on the sample
// path. No N-API here: tests and fuzzers build it alone, and feed it the kernel's read behaviour through a PreadFn.
#ifndef PROCSAMPLER_PROC_FILE_H_
#define PROCSAMPLER_PROC_FILE_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace procsampler {

// Opens a configured path for reading. O_NONBLOCK, so that a FIFO (or a device waiting for a peer) placed where a
// /proc file should be never blocks the event loop: the open returns at once, and pread() on it then fails with
// ESPIPE. `extra_flags` adds O_DIRECTORY and the like. Returns the descriptor or -errno.
int OpenForRead(const std::string& path, int extra_flags = 0);

// How a file hands over its content.
enum class ReadMode {
  // single_open files (/proc/stat, meminfo, <pid>/stat ...): the kernel renders the whole file into its own buffer
  // and one read returns all of it when ours is large enough, so a short read is the end. A read that fills our
  // buffer did not fit: grow and re-read from offset 0 (never continue at offset N: the second chunk would come
  // from a new rendering and lines would tear).
  kWhole,
  // seq_file iterators (/proc/diskstats, net/dev, vmstat, <pid>/mountinfo): each read returns at most the
  // kernel's buffer (one page, more only after a record that did not fit in one) of whole records, so the reads
  // go on at advancing offsets. A short read is the end only when not even the longest record could have
  // followed in that page (see `longest_record`); otherwise only a read of 0 bytes is.
  kIterator,
};

// A pread(2): fills up to `len` bytes of `buf` from offset `off`; returns the byte count or -errno.
using PreadFn = long (*)(void* context, char* buf, size_t len, uint64_t off);

class ProcFile {
 public:
  // Never a short-read end for kIterator: for files whose records have no bound (mountinfo's paths and options).
  static constexpr size_t kUnboundedRecord = SIZE_MAX;
  // The byte limit of one file's content; past it Read() returns -EFBIG (Status::kTooLarge, see ReadStatus()).
  static constexpr size_t kMaxBytes = 64u << 20;
  // The kernel's seq_file buffer: one page.
  static constexpr size_t kPage = 4096;

  // `longest_record` (kIterator only): the longest record the file can print, in bytes.
  ProcFile(ReadMode mode, size_t initial_capacity, size_t longest_record = kUnboundedRecord);
  ~ProcFile();
  ProcFile(const ProcFile&) = delete;
  ProcFile& operator=(const ProcFile&) = delete;

  // Opens `path` once (OpenForRead). Returns 0 or -errno (also remembered: Read() then returns it).
  int Open(const std::string& path);
  // Reads through `read` instead of a file descriptor (tests and fuzzers); `context` is passed to it.
  void OpenWith(PreadFn read, void* context);
  void Close();
  bool is_open() const { return fd_ >= 0 || read_ != nullptr; }
  int fd() const { return fd_; }

  // Re-reads the whole file into the buffer. Returns the byte count, or -errno: -EFBIG past kMaxBytes, -ENOMEM
  // when the buffer could not grow. Allocates only when the file has outgrown the buffer (the one allowed
  // allocation, outside the steady state).
  long Read();

  // The content of the last Read() (never nullptr, also before the first read).
  const char* data() const { return buf_ != nullptr ? buf_ : ""; }
  size_t size() const { return len_; }
  // The buffer's size now (tests: it returns to its first size after a file that was too large).
  size_t capacity() const { return cap_; }

 private:
  long Pread(char* buf, size_t len, uint64_t off);
  bool Resize(size_t bytes);
  long TooLarge();
  bool StillTooLarge();
  long ByteAfterMax();
  bool EndOfFile(size_t got, size_t asked) const;

  ReadMode mode_;
  size_t longest_record_;
  size_t initial_capacity_;
  int fd_ = -1;
  PreadFn read_ = nullptr;
  void* read_context_ = nullptr;
  int open_error_ = -9;  // EBADF until opened
  // The buffer is a private anonymous mapping of its own, not heap memory: a buffer that grew to tens of MiB
  // goes back to the system when it shrinks (from the heap, glibc keeps it: freed chunks below its mmap
  // threshold, which grows with every large free, are never returned).
  char* buf_ = nullptr;
  size_t cap_ = 0;
  size_t len_ = 0;
  // Set when the content outgrew kMaxBytes: the buffer goes back to its first size, and later reads probe for
  // the end of the file instead of growing to 64 MiB again on every sample.
  bool too_large_ = false;
};

// The table status of a failed read: Status::kTooLarge for -EFBIG, the -errno itself otherwise.
int ReadStatus(long read_result);

// CLOCK_MONOTONIC in seconds.
double MonotonicSeconds();

}  // namespace procsampler

#endif  // PROCSAMPLER_PROC_FILE_H_
