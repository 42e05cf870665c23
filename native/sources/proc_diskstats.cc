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
// Conversion of each of the 17 kernel fields, in layout order after major and minor: sectors are multiplied by
// 512, milliseconds divided by 1000 (dividing by the exact 1000 gives 412.46 for 412460 ms where multiplying by
// the inexact 0.001 gives 412.46000000000004).
constexpr double kSector = 512;
constexpr double kScale[17] = {1, 1, kSector, 1, 1, 1, kSector, 1, 1, 1, 1, 1, 1, kSector, 1, 1, 1};
constexpr double kDivisor[17] = {1, 1, 1, 1000, 1, 1, 1, 1000, 1, 1000, 1000, 1, 1, 1, 1000, 1, 1000};
// The 4-field partition lines of old kernels map to readOps, readBytes, writeOps, writeBytes.
constexpr int kOldPartitionField[4] = {0, 2, 4, 6};
constexpr size_t kMaxTokens = 3 + 17;
}  // namespace

EntryResult ParseDiskstats(const char* p, size_t n, const TableView& disks, NameTable* names) {
  EntryResult r;
  const size_t capacity = disks.capacity();
  bool ok = true;
  Lines lines(p, n);
  Span line;
  while (lines.Next(&line)) {
    Span tok[kMaxTokens];
    size_t ntok = 0;
    Cursor c(line);
    // Fields past the 17 we know (a kernel newer than 5.5 may append more) are ignored, not a reason to drop
    // the device.
    while (ntok < kMaxTokens && c.NextToken(&tok[ntok])) ++ntok;
    if (ntok == 0) continue;
    const size_t fields = ntok >= 3 ? ntok - 3 : 0;
    uint64_t major, minor;
    if ((fields != 4 && fields < 11) || !Cursor::ParseU64(tok[0], &major) ||
        !Cursor::ParseU64(tok[1], &minor)) {
      ok = false;
      continue;
    }
    if (r.count < capacity) {
      double* e = disks.entry(r.count);
      FillNaN(e, disk_entry::kStride);
      e[disk_entry::major] = static_cast<double>(major);
      e[disk_entry::minor] = static_cast<double>(minor);
      double* f = e + disk_entry::readOps;
      for (size_t i = 0; i < fields; ++i) {
        const int slot = fields == 4 ? kOldPartitionField[i] : static_cast<int>(i);
        uint64_t v;
        if (Cursor::ParseU64(tok[3 + i], &v)) {
          f[slot] = static_cast<double>(v) * kScale[slot] / kDivisor[slot];
        } else {
          ok = false;
        }
      }
      names->Set(r.count, tok[2]);
    }
    ++r.count;
  }
  return FinishEntries(r.count, capacity, ok && !lines.truncated(), names);
}

}  // namespace procsampler
