// /proc/meminfo (proc(5)): memory usage, one "Key:   value kB" line each.
//   MemTotal:       24568140 kB
//   HugePages_Total:       0        (the HugePages_* counts carry no unit: they are pages)
// Kernel caveats: the key set varies by kernel, architecture and config (MemAvailable appeared in 3.14; Shmem in
// 2.6.32; SReclaimable/SUnreclaim in 2.6.19). A key the kernel does not print stays NaN, never 0.
// Fills: the memory table, in bytes (kB x 1024), except hugePagesTotal/hugePagesFree (pages).
#include "sources/sources.h"

namespace procsampler {

namespace {
constexpr KeySlot kKeys[] = {
    PS_KS("MemTotal", memory_field::total, 1),
    PS_KS("MemFree", memory_field::free, 1),
    PS_KS("MemAvailable", memory_field::available, 1),
    PS_KS("Buffers", memory_field::buffers, 1),
    PS_KS("Cached", memory_field::cached, 1),
    PS_KS("SwapCached", memory_field::swapCached, 1),
    PS_KS("Active", memory_field::active, 1),
    PS_KS("Inactive", memory_field::inactive, 1),
    PS_KS("Shmem", memory_field::shared, 1),
    PS_KS("Slab", memory_field::slab, 1),
    PS_KS("SReclaimable", memory_field::slabReclaimable, 1),
    PS_KS("SUnreclaim", memory_field::slabUnreclaimable, 1),
    PS_KS("SwapTotal", memory_field::swapTotal, 1),
    PS_KS("SwapFree", memory_field::swapFree, 1),
    PS_KS("Dirty", memory_field::dirty, 1),
    PS_KS("Writeback", memory_field::writeback, 1),
    PS_KS("AnonPages", memory_field::anonPages, 1),
    PS_KS("Mapped", memory_field::mapped, 1),
    PS_KS("Committed_AS", memory_field::committedAs, 1),
    PS_KS("HugePages_Total", memory_field::hugePagesTotal, 1),
    PS_KS("HugePages_Free", memory_field::hugePagesFree, 1),
    PS_KS("Hugepagesize", memory_field::hugePageSize, 1),
};
}  // namespace

int ParseMeminfo(const char* p, size_t n, const TableView& memory) {
  double* out = memory.scalar_block();
  FillNaN(out, memory_field::kScalars);
  // The unit comes from the line ("kB"), not from the key.
  return ParseKeyedLines(p, n, kColonLines, [out](Span key, double*) -> double* {
    const KeySlot* k = FindKey(kKeys, key);
    return k == nullptr ? nullptr : &out[k->slot];
  });
}

}  // namespace procsampler
