// /proc/meminfo (proc(5)): memory usage, one "Key:   value kB" line each.
//   MemTotal:       24568140 kB
//   HugePages_Total:       0        (the HugePages_* counts carry no unit: they are pages)
// Kernel caveats: the key set varies by kernel, architecture and config (MemAvailable appeared in 3.14; Shmem in
// 2.6.32; SReclaimable/SUnreclaim in 2.6.19). A key the kernel does not print stays NaN, never 0.
// Fills: the memory table, in bytes (kB x 1024), except hugePagesTotal/hugePagesFree (pages).
#include "sources/sources.h"

namespace procsampler {

namespace {

struct Key {
  const char* name;
  size_t len;
  int field;
};

#define PS_KEY(s, f) {s, sizeof(s) - 1, memory_field::f}
constexpr Key kKeys[] = {
    PS_KEY("MemTotal", total),
    PS_KEY("MemFree", free),
    PS_KEY("MemAvailable", available),
    PS_KEY("Buffers", buffers),
    PS_KEY("Cached", cached),
    PS_KEY("SwapCached", swapCached),
    PS_KEY("Active", active),
    PS_KEY("Inactive", inactive),
    PS_KEY("Shmem", shared),
    PS_KEY("Slab", slab),
    PS_KEY("SReclaimable", slabReclaimable),
    PS_KEY("SUnreclaim", slabUnreclaimable),
    PS_KEY("SwapTotal", swapTotal),
    PS_KEY("SwapFree", swapFree),
    PS_KEY("Dirty", dirty),
    PS_KEY("Writeback", writeback),
    PS_KEY("AnonPages", anonPages),
    PS_KEY("Mapped", mapped),
    PS_KEY("Committed_AS", committedAs),
    PS_KEY("HugePages_Total", hugePagesTotal),
    PS_KEY("HugePages_Free", hugePagesFree),
    PS_KEY("Hugepagesize", hugePageSize),
};
#undef PS_KEY

int FieldOf(Span key) {
  for (const Key& k : kKeys) {
    if (k.len == key.n && std::memcmp(k.name, key.p, key.n) == 0) return k.field;
  }
  return -1;
}

}  // namespace

int ParseMeminfo(const char* p, size_t n, const TableView& memory) {
  double* out = memory.scalar_block();
  FillNaN(out, memory_field::kScalars);
  bool ok = true;
  int found = 0;  // an empty or all-garbage file is malformed, not "ok" with every value NaN
  Cursor file(p, n);
  Span line;
  bool complete;
  while (file.NextLine(&line, &complete)) {
    if (!complete) {
      ok = false;
      break;
    }
    const char* colon = static_cast<const char*>(std::memchr(line.p, ':', line.n));
    if (colon == nullptr) {
      if (line.n != 0) ok = false;
      continue;
    }
    const int field = FieldOf(Span{line.p, static_cast<size_t>(colon - line.p)});
    if (field < 0) continue;
    Cursor c(colon + 1, static_cast<size_t>(line.p + line.n - colon - 1));
    uint64_t v;
    if (!c.NextU64(&v)) {
      ok = false;
      continue;
    }
    Span unit;
    double scale = 1;
    if (c.NextToken(&unit)) {
      if (unit.Is("kB")) {
        scale = 1024;
      } else {
        ok = false;
        continue;
      }
    }
    out[field] = static_cast<double>(v) * scale;
    ++found;
  }
  return ok && found > 0 ? 0 : static_cast<int>(Status::kMalformed);
}

}  // namespace procsampler
