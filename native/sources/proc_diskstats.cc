// /proc/diskstats (Documentation/admin-guide/iostats.rst): one line per block device.
//   259       0 nvme0n1 6186 2096 503810 1453 21353 23290 1118402 23453 0 19688 26061 0 0 0 0 1279 1154
// After major, minor and name come 11 fields (before 4.18), 15 (4.18+: discards) or 17 (5.5+: flushes). Kernels
// before 2.6.25 printed partitions with 4 fields (reads, sectors read, writes, sectors written).
// Sectors are always 512 bytes whatever the device's sector size. The millisecond fields are printed as 32-bit
// values and wrap after about 49.7 days of accumulated time, even on 64-bit kernels (the rates layer sees a
// reset). Two devices can share major:minor: entries are keyed by name.
// Fills: the disks table, one entry per line: major, minor, then the fields in bytes and seconds.
#include "sources/sources.h"

namespace procsampler {

namespace {
// How each of the 17 kernel fields converts, in layout order after major and minor: sectors are multiplied by 512,
// milliseconds divided by 1000 (dividing by the exact 1000 gives 412.46 for 412460 ms where multiplying by the
// inexact 0.001 gives 412.46000000000004); the rest are counts, stored as they are.
enum Kind : unsigned char { kCount, kSectors, kMillis };
constexpr Kind kKind[17] = {kCount,  kCount, kSectors, kMillis, kCount, kCount,   kSectors, kMillis, kCount,
                            kMillis, kMillis, kCount,  kCount,  kSectors, kMillis, kCount,   kMillis};
// The 4-field partition lines of old kernels map to readOps, readBytes, writeOps, writeBytes.
constexpr int kOldPartitionField[4] = {0, 2, 4, 6};
constexpr size_t kFields = 17;

inline double Convert(Kind k, uint64_t v) {
  const double d = static_cast<double>(v);
  return k == kSectors ? d * 512 : k == kMillis ? d / 1000 : d;
}
}  // namespace

EntryResult ParseDiskstats(const char* p, size_t n, const TableView& disks, NameTable* names) {
  EntryResult r;
  const size_t capacity = disks.capacity();
  bool ok = true;
  Lines lines(p, n);
  Span line;
  while (lines.Next(&line)) {
    // One pass over the line: major, minor and name as tokens, then up to 17 numbers. Fields past the 17 we know
    // (a kernel newer than 5.5 may append more) are ignored, not a reason to drop the device.
    LineCursor c(line);
    Span major_tok, minor_tok, name;
    if (!c.NextToken(&major_tok)) continue;  // a blank line
    uint64_t value[kFields];
    bool valid[kFields];
    size_t fields = 0;
    if (c.NextToken(&minor_tok) && c.NextToken(&name)) {
      for (; fields < kFields; ++fields) {
        const Cursor::Scan s = c.ScanLongU64(&value[fields]);
        if (s == Cursor::Scan::kEnd) break;
        valid[fields] = s == Cursor::Scan::kOk;
      }
    }
    uint64_t major, minor;
    if ((fields != 4 && fields < 11) || !Cursor::ParseU64(major_tok, &major) || !Cursor::ParseU64(minor_tok, &minor)) {
      ok = false;
      continue;
    }
    if (r.count < capacity) {
      double* e = disks.entry(r.count);
      e[disk_entry::major] = static_cast<double>(major);
      e[disk_entry::minor] = static_cast<double>(minor);
      double* f = e + disk_entry::readOps;
      if (fields == 4) {
        FillNaN(f, kFields);
        for (size_t i = 0; i < 4; ++i) {
          if (valid[i]) f[kOldPartitionField[i]] = Convert(kKind[kOldPartitionField[i]], value[i]);
          else ok = false;
        }
      } else {
        // Each slot written once: its value, or NaN when the kernel did not print it or it did not parse.
        for (size_t i = 0; i < kFields; ++i) {
          const bool have = i < fields && valid[i];
          if (i < fields && !valid[i]) ok = false;
          f[i] = have ? Convert(kKind[i], value[i]) : kNaN;
        }
      }
      names->Set(r.count, name);
    }
    ++r.count;
  }
  return FinishEntries(r.count, capacity, ok && !lines.truncated(), names);
}

}  // namespace procsampler
