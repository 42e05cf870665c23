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
    if (k.len == key.n && k.name[0] == key.p[0] && std::memcmp(k.name, key.p, key.n) == 0) return k.field;
  }
  return -1;
}

}  // namespace

int ParseMeminfo(const char* p, size_t n, const TableView& memory) {
  double* out = memory.scalar_block();
  FillNaN(out, memory_field::kScalars);
  return ParseColonLines(p, n, [out](Span key) -> double* {
    const int field = FieldOf(key);
    return field < 0 ? nullptr : &out[field];
  });
}

}  // namespace procsampler
