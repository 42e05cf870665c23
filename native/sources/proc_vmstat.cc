// /proc/vmstat (proc(5), since 2.6.0): virtual memory counters, one "name value" line each.
//   pgfault 28347372
//   pgpgin 3145728     (KiB read from disk; pgpgout likewise)
// Kernel caveats: the key set varies by kernel and config (about 180 lines on 6.x); absent keys stay NaN.
// Fills: the vmstat table: pageFaults, majorPageFaults, swapIn, swapOut (pages), pageIn, pageOut (bytes).
#include "sources/sources.h"

namespace procsampler {

namespace {
// The unit factor multiplies: pgpgin and pgpgout count KiB.
constexpr KeySlot kKeys[] = {
    PS_KS("pgfault", vmstat_field::pageFaults, 1),   PS_KS("pgmajfault", vmstat_field::majorPageFaults, 1),
    PS_KS("pswpin", vmstat_field::swapIn, 1),        PS_KS("pswpout", vmstat_field::swapOut, 1),
    PS_KS("pgpgin", vmstat_field::pageIn, 1024),     PS_KS("pgpgout", vmstat_field::pageOut, 1024),
};
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
    const char* sp = FindByte(line.p, line.p + line.n, ' ');
    if (sp == nullptr) continue;
    const KeySlot* k = FindKey(kKeys, Span{line.p, static_cast<size_t>(sp - line.p)});
    if (k == nullptr) continue;
    ++found;
    Cursor c(sp, static_cast<size_t>(line.p + line.n - sp));
    uint64_t v;
    if (c.NextU64(&v)) {
      out[k->slot] = static_cast<double>(v) * k->scale;
    } else {
      ok = false;
    }
  }
  if (lines.truncated()) ok = false;
  return ok && found > 0 ? 0 : static_cast<int>(Status::kMalformed);
}

}  // namespace procsampler
