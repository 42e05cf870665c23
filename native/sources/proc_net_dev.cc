// /proc/net/dev (proc(5)): per-interface counters of the reader's network namespace (<procRoot>/net is
// <procRoot>/self/net; a sidecar wanting the host's reads <procRoot>/1/net via the netPid option).
//   Inter-|   Receive                                                |  Transmit
//    face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
//     eth0: 68210035552 4523 0 0 0 0 0 0 2097 25 0 0 0 0 0 0
// Traps: a name may contain ':' (ibr10:30), so split at the LAST ':'; a large number touches the colon
// (eth0:68210035552); names can be long and UTF-8. Parse by whitespace, never by column.
// Fills: the network table, one entry per interface, the 16 counters in kernel order (bytes as bytes).
// The kernel always prints the two header lines, even with no interface: a file without them (empty, or cut
// before them) is kMalformed, not "no interfaces".
#include "sources/sources.h"

namespace procsampler {

EntryResult ParseNetDev(const char* p, size_t n, const TableView& network, NameTable* names) {
  EntryResult r;
  const size_t capacity = network.capacity();
  bool ok = true;
  int headers = 0;
  Lines lines(p, n);
  Span line;
  while (lines.Next(&line)) {
    const char* end = line.p + line.n;
    const char* colon = FindLastByte(line.p, end, ':');
    if (colon == nullptr) {
      // The two header lines hold '|' and no ':'. (An interface's name may hold a '|': its line is no header.)
      if (FindByte(line.p, end, '|') != nullptr) {
        ++headers;
      } else if (line.n != 0) {
        ok = false;
      }
      continue;
    }
    Span name{line.p, static_cast<size_t>(colon - line.p)};
    while (name.n > 0 && IsSpace(name.p[0])) {
      ++name.p;
      --name.n;
    }
    while (name.n > 0 && IsSpace(name.p[name.n - 1])) --name.n;
    if (name.n == 0) {
      ok = false;
      continue;
    }
    // A line whose first counter is not a number is not an interface (binary garbage that happens to hold a
    // ':'): skip it rather than publish a name with no values.
    LineCursor c(colon + 1, end);
    uint64_t v;
    if (c.ScanU64(&v) != Cursor::Scan::kOk) {
      ok = false;
      continue;
    }
    if (r.count < capacity) {
      double* e = network.entry(r.count);
      e[0] = static_cast<double>(v);
      for (int i = 1; i < net_entry::kStride; ++i) {
        if (c.ScanU64(&v) == Cursor::Scan::kOk) {
          e[i] = static_cast<double>(v);
        } else {
          e[i] = kNaN;
          ok = false;
        }
      }
      names->Set(r.count, name);
    }
    ++r.count;
  }
  return FinishEntries(r.count, capacity, ok && headers >= 2 && !lines.truncated(), names);
}

}  // namespace procsampler
