// libFuzzer harness: the file-read layer, ProcFile::Read() (native/proc_file.*), against a fake /proc file that
// hands its content over the way the kernel's seq_file does (built and run by scripts/fuzz.sh).
//
// The ProcFile reads through OpenWith() from the model below, which follows seq_read_iter() (fs/seq_file.c):
//   - a read at the offset where the last one ended first hands over what is left of the last fill;
//   - a fill starts with one whole record (the buffer, one page at first, doubles until that record fits), then
//     adds whole records while they fit in the buffer and the caller's count is not reached yet;
//   - the read returns min(count, fill) bytes and keeps the rest for the next read at the following offset;
//   - a read at any other offset walks the records from the start to that offset (traverse()).
// single_open files (/proc/stat, meminfo, <pid>/status) are one record holding the whole file; iterator files
// (diskstats, net/dev) one record per line. Optionally a read fails with EINTR first.
//
// Input: 4 option bytes, then a record pattern.
//   [0] bit 0: iterator (else single_open); bit 1: EINTR before every third read; bits 2-3: the ProcFile's initial
//       capacity (256, 1024, 4096, 16384 bytes)
//   [1..2] little-endian repeat count: the file is the pattern repeated this many times (so a short input makes
//       files of up to 256 KiB, past every buffer size and page boundary)
//   [3] bits 0-1: the page size of the model, 4096 << n; bits 2-3: the ProcFile's longest record (512, as the
//       sampler gives diskstats, net/dev and vmstat; 160; 1024; unbounded, as mountinfo)
// The promise checked: Read() returns exactly the file's bytes, at every size and every buffer size, on every read,
// whenever no record is longer than the longest record the ProcFile was told of (below).
#include <errno.h>
#include <sys/types.h>

#include <algorithm>
#include <string>
#include <vector>

#include "harness.h"
#include "io/proc_file.h"

namespace {

// Records are ranges of `content`: record i ends at ends[i] and starts where record i - 1 ended. A fill is a run of
// whole records, so what a fill leaves over is a range of `content` too.
struct SeqFileModel {
  std::string content;
  std::vector<size_t> ends;
  size_t page = 4096;
  bool eintr = false;
  long reads = 0;
  // seq_file state
  off_t read_pos = 0;
  size_t index = 0;  // the next record a fill starts with
  size_t pending_begin = 0, pending_end = 0;  // what is left of the last fill

  size_t Start(size_t i) const { return i == 0 ? 0 : ends[i - 1]; }

  void Reset() {
    read_pos = 0;
    index = 0;
    pending_begin = pending_end = 0;
    reads = 0;
  }

  // traverse(): the records from the start up to `off`; what is left of the record that holds it is pending (none
  // when `off` is a record boundary: the next fill starts there).
  void Traverse(off_t off) {
    const size_t o = static_cast<size_t>(off);
    pending_begin = pending_end = 0;
    index = static_cast<size_t>(std::upper_bound(ends.begin(), ends.end(), o) - ends.begin());
    if (index < ends.size() && Start(index) < o) {
      pending_begin = o;
      pending_end = ends[index];
      ++index;
    }
    read_pos = off;
  }

  long Read(char* buf, size_t count, off_t off) {
    ++reads;
    if (eintr && reads % 3 == 1) return -EINTR;
    if (off != read_pos) Traverse(off);
    size_t copied = 0;
    if (pending_begin < pending_end) {
      copied = std::min(count, pending_end - pending_begin);
      std::memcpy(buf, content.data() + pending_begin, copied);
      pending_begin += copied;
      if (pending_begin < pending_end || copied == count) {
        read_pos = off + static_cast<off_t>(copied);
        return static_cast<long>(copied);
      }
    }
    if (index < ends.size()) {
      size_t size = page;
      const size_t begin = Start(index);
      size_t end = ends[index++];
      while (end - begin > size) size *= 2;  // the buffer grows until one record fits
      while (index < ends.size() && end - begin < count - copied && ends[index] - begin <= size) end = ends[index++];
      const size_t n = std::min(count - copied, end - begin);
      std::memcpy(buf + copied, content.data() + begin, n);
      pending_begin = begin + n;
      pending_end = end;
      copied += n;
    }
    read_pos = off + static_cast<off_t>(copied);
    return static_cast<long>(copied);
  }
};

SeqFileModel g_model;

long ModelPread(void* context, char* buf, size_t len, uint64_t off) {
  return static_cast<SeqFileModel*>(context)->Read(buf, len, static_cast<off_t>(off));
}

constexpr size_t kLongestRecord[4] = {512, 160, 1024, procsampler::ProcFile::kUnboundedRecord};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 5) return 0;
  const bool iterator = (data[0] & 1u) != 0;
  const size_t capacity = size_t{256} << (2 * ((data[0] >> 2) & 3u));
  const size_t repeat = 1 + (static_cast<size_t>(data[1]) | (static_cast<size_t>(data[2]) << 8));
  const size_t page = size_t{4096} << (data[3] & 3u);
  const size_t longest = kLongestRecord[(data[3] >> 2) & 3u];
  const char* pattern = reinterpret_cast<const char*>(data + 4);
  const size_t pattern_n = size - 4;
  // Up to 256 KiB: past every size the sampler starts with (a kept-open file's buffer starts at 256 B to 64 KiB),
  // far below the 64 MiB cap.
  if (pattern_n * repeat > (256u << 10)) return 0;

  std::string& content = g_model.content;
  content.clear();
  for (size_t i = 0; i < repeat; ++i) content.append(pattern, pattern_n);
  g_model.ends.clear();
  g_model.page = page;
  g_model.eintr = (data[0] & 2u) != 0;
  if (iterator) {
    for (size_t i = 0; i < content.size(); ++i) {
      if (content[i] == '\n') g_model.ends.push_back(i + 1);
    }
    if (g_model.ends.empty() || g_model.ends.back() < content.size()) g_model.ends.push_back(content.size());
  } else if (!content.empty()) {
    g_model.ends.push_back(content.size());
  }

  // The end-of-iterator test (a read shorter than a page minus the longest record) is only as good as what the
  // ProcFile is told about its records. With a record longer than that, the promise is weaker: a prefix of the file
  // that ends at a record boundary.
  bool long_records = false;
  for (size_t i = 0; iterator && i < g_model.ends.size(); ++i) {
    if (g_model.ends[i] - g_model.Start(i) > longest) long_records = true;
  }

  procsampler::ProcFile file(iterator ? procsampler::ReadMode::kIterator : procsampler::ReadMode::kWhole, capacity, longest);
  file.OpenWith(&ModelPread, &g_model);
  g_model.Reset();
  // Two reads, as two samples: the second starts at offset 0 where the first ended elsewhere (a traverse).
  for (int pass = 0; pass < 2; ++pass) {
    const long n = file.Read();
    fuzz::Require(n >= 0, "a readable file reads");
    fuzz::Require(file.size() == static_cast<size_t>(n), "size() is what Read() returned");
    if (long_records) {
      fuzz::Require(static_cast<size_t>(n) <= content.size(), "Read() returns no more than the file");
      fuzz::Require(n == 0 || std::binary_search(g_model.ends.begin(), g_model.ends.end(), static_cast<size_t>(n)),
                    "Read() ends at a record boundary");
    } else {
      fuzz::Require(static_cast<size_t>(n) == content.size(), "Read() returns the whole file (no cut-off)");
    }
    fuzz::Require(std::memcmp(file.data(), content.data(), static_cast<size_t>(n)) == 0, "Read() returns the file's bytes");
  }
  return 0;
}
