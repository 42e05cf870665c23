// Drives native/io/proc_file.cc without a kernel file: a simulated seq_file (at most one page of whole records per
// read, records split only when fewer bytes were asked for) and a simulated single_open file. Prints one line per
// failed check and "checks N failed M" at the end. Built and run by test/native/proc-file.test.ts.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "io/proc_file.h"

using procsampler::ProcFile;
using procsampler::ReadMode;

namespace {

int checks = 0, failed = 0;
void Check(bool ok, const std::string& what) {
  ++checks;
  if (!ok) {
    ++failed;
    std::printf("FAIL %s\n", what.c_str());
  }
}

// The kernel's seq_read for pread at the offset where the previous read ended: it renders whole records into a
// one-page buffer (more for a record larger than a page) and copies what was asked for; the rest of a record it
// could not hand over comes first in the next read.
struct SeqFile {
  std::vector<std::string> records;
  std::string content;
  std::vector<size_t> ends;  // end offset of each record
  size_t reads = 0;
  void Build() {
    content.clear();
    ends.clear();
    for (const std::string& r : records) {
      content += r;
      ends.push_back(content.size());
    }
  }
  static long Read(void* ctx, char* buf, size_t len, uint64_t off) {
    SeqFile* f = static_cast<SeqFile*>(ctx);
    ++f->reads;
    if (off >= f->content.size()) return 0;
    // The record holding `off`, and the page of whole records that starts there.
    size_t first = 0;
    while (f->ends[first] <= off) ++first;
    const size_t start = first == 0 ? 0 : f->ends[first - 1];
    size_t page_end = f->ends[first];
    const size_t page = page_end - start > ProcFile::kPage ? page_end - start : ProcFile::kPage;
    for (size_t i = first + 1; i < f->ends.size() && f->ends[i] - start <= page; ++i) page_end = f->ends[i];
    size_t n = page_end - off;
    if (n > len) n = len;
    std::memcpy(buf, f->content.data() + off, n);
    return static_cast<long>(n);
  }
};

// single_open: the whole rendering, copied from any offset.
struct WholeFile {
  std::string content;
  size_t virtual_size = 0;  // when set, `content` is ignored and every byte is 'x' (for sizes near 64 MiB)
  static long Read(void* ctx, char* buf, size_t len, uint64_t off) {
    WholeFile* f = static_cast<WholeFile*>(ctx);
    const size_t size = f->virtual_size ? f->virtual_size : f->content.size();
    if (off >= size) return 0;
    size_t n = size - off < len ? size - off : len;
    if (f->virtual_size) {
      std::memset(buf, 'x', n);
    } else {
      std::memcpy(buf, f->content.data() + off, n);
    }
    return static_cast<long>(n);
  }
};

unsigned seed = 12345;
unsigned Next() {
  seed = seed * 1103515245u + 12345u;
  return seed >> 8;
}

std::string Record(size_t len, size_t i) {
  std::string r = std::to_string(i) + ":";
  while (r.size() + 1 < len) r += static_cast<char>('a' + (Next() % 26));
  r += '\n';
  return r;
}

}  // namespace

int main() {
  // Iterator files of every size from 0 to ~300 KB, records up to the declared bound, for three first buffers.
  for (size_t initial : {256u, 4096u, 16384u}) {
    for (size_t count = 0; count < 2600; count += 1 + count / 8) {
      SeqFile f;
      for (size_t i = 0; i < count; ++i) f.records.push_back(Record(20 + Next() % 180, i));
      f.Build();
      ProcFile p(ReadMode::kIterator, initial, 512);
      p.OpenWith(&SeqFile::Read, &f);
      for (int round = 0; round < 2; ++round) {
        const long n = p.Read();
        Check(n == static_cast<long>(f.content.size()) &&
                  std::string(p.data(), p.size()) == f.content,
              "iterator initial=" + std::to_string(initial) + " records=" + std::to_string(count) +
                  " size=" + std::to_string(f.content.size()) + " got=" + std::to_string(n));
      }
    }
  }
  // Records without a bound (mountinfo): long ones among short ones, read until a read returns 0.
  for (size_t count = 1; count < 400; count += 7) {
    SeqFile f;
    for (size_t i = 0; i < count; ++i) f.records.push_back(Record(i % 9 == 0 ? 1500 + Next() % 4000 : 60, i));
    f.Build();
    ProcFile p(ReadMode::kIterator, 4096, ProcFile::kUnboundedRecord);
    p.OpenWith(&SeqFile::Read, &f);
    const long n = p.Read();
    Check(n == static_cast<long>(f.content.size()) && std::string(p.data(), p.size()) == f.content,
          "unbounded records=" + std::to_string(count) + " got=" + std::to_string(n));
  }
  // single_open files of every size around the buffer's powers of two.
  for (size_t size = 0; size < 70000; size += (size % 4096 < 3 || size % 4096 > 4093) ? 1 : 997) {
    WholeFile f;
    f.content.assign(size, 'k');
    for (size_t i = 0; i < size; i += 50) f.content[i] = static_cast<char>('0' + i % 10);
    ProcFile p(ReadMode::kWhole, 1024);
    p.OpenWith(&WholeFile::Read, &f);
    const long n = p.Read();
    Check(n == static_cast<long>(size) && std::string(p.data(), p.size()) == f.content, "whole size=" + std::to_string(size));
  }
  // The cap: exactly 64 MiB fits; one byte more is -EFBIG, the buffer goes back to its first size, and the file is
  // read again once it fits.
  {
    WholeFile f;
    f.virtual_size = ProcFile::kMaxBytes;
    ProcFile p(ReadMode::kWhole, 4096);
    p.OpenWith(&WholeFile::Read, &f);
    Check(p.Read() == static_cast<long>(ProcFile::kMaxBytes), "exactly 64 MiB fits");
    f.virtual_size = ProcFile::kMaxBytes + 1;
    Check(p.Read() == -EFBIG, "64 MiB + 1 is -EFBIG");
    Check(p.capacity() == 4096, "the buffer is back to 4096 after -EFBIG, not " + std::to_string(p.capacity()));
    Check(p.Read() == -EFBIG, "still -EFBIG");
    Check(p.capacity() == 4096, "still 4096 while too large");
    f.virtual_size = 0;
    f.content = "small\n";
    Check(p.Read() == 6 && std::string(p.data(), p.size()) == "small\n", "read again once it fits");
    Check(procsampler::ReadStatus(-EFBIG) == 5 && procsampler::ReadStatus(-ENOENT) == -ENOENT, "ReadStatus");
  }
  std::printf("checks %d failed %d\n", checks, failed);
  return failed == 0 ? 0 : 1;
}
