// /proc/vmstat (proc(5), since 2.6.0): virtual memory counters, one "name value" line each.
//   pgfault 28347372
//   pgpgin 3145728     (KiB read from disk; pgpgout likewise)
// Kernel caveats: the key set varies by kernel and config (about 180 lines on 6.x); absent keys stay NaN.
// Fills: the vmstat table: pageFaults, majorPageFaults, swapIn, swapOut (pages), pageIn, pageOut (bytes).
#include "sources/sources.h"

namespace procsampler {

namespace {
struct Key {
  const char* name;
  size_t len;
  int field;
  double scale;
};
#define PS_KEY(s, f, k) {s, sizeof(s) - 1, vmstat_field::f, k}
constexpr Key kKeys[] = {
    PS_KEY("pgfault", pageFaults, 1),   PS_KEY("pgmajfault", majorPageFaults, 1),
    PS_KEY("pswpin", swapIn, 1),        PS_KEY("pswpout", swapOut, 1),
    PS_KEY("pgpgin", pageIn, 1024),     PS_KEY("pgpgout", pageOut, 1024),
};
#undef PS_KEY
}  // namespace

int ParseVmstat(const char* p, size_t n, const TableView& vmstat) {
  double* out = vmstat.scalar_block();
  FillNaN(out, vmstat_field::kScalars);
  bool ok = true;
  int found = 0;  // an empty or all-garbage file is malformed, not "ok" with every value NaN
  Lines lines(p, n);
  Span line;
  // All our keys start with "p"; most of the ~180 lines do not, and are skipped unread.
  while (lines.NextStartingWith('p', &line)) {
    if (line.n < 7) continue;
    const char* sp = static_cast<const char*>(std::memchr(line.p, ' ', line.n));
    if (sp == nullptr) continue;
    const size_t klen = static_cast<size_t>(sp - line.p);
    for (const Key& k : kKeys) {
      if (k.len != klen || std::memcmp(k.name, line.p, klen) != 0) continue;
      ++found;
      Cursor c(sp, static_cast<size_t>(line.p + line.n - sp));
      uint64_t v;
      if (c.NextU64(&v)) {
        out[k.field] = static_cast<double>(v) * k.scale;
      } else {
        ok = false;
      }
      break;
    }
  }
  if (lines.truncated()) ok = false;
  return ok && found > 0 ? 0 : static_cast<int>(Status::kMalformed);
}

}  // namespace procsampler
