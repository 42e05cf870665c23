// The O(1) TCP summary, cheap at any number of sockets (the kernel keeps these as counters):
// /proc/net/sockstat   "TCP: inuse 5 orphan 0 tw 2 alloc 7 mem 1"
// /proc/net/sockstat6  "TCP6: inuse 3"                        (absent when IPv6 is disabled: values NaN)
// /proc/net/snmp       "Tcp: RtoAlgorithm RtoMin ... CurrEstab ..." then "Tcp: 1 200 ..." (names, then values;
//                      MaxConn is printed as -1)
// Fills: the tcp table's summary fields; each file's own status goes to sockstatStatus, sockstat6Status, snmpStatus.
#include "sources/sources.h"

namespace procsampler {

namespace {

// Finds the line that starts with `prefix` and returns the rest of it.
bool FindLine(const char* p, size_t n, const char* prefix, size_t plen, Span* rest, bool* ok) {
  Cursor file(p, n);
  Span line;
  bool complete;
  while (file.NextLine(&line, &complete)) {
    if (line.n >= plen && std::memcmp(line.p, prefix, plen) == 0) {
      if (!complete) {
        *ok = false;
        return false;
      }
      *rest = Span{line.p + plen, line.n - plen};
      return true;
    }
  }
  return false;
}

}  // namespace

int ParseSockstat(const char* p, size_t n, const TableView& tcp) {
  double* out = tcp.scalar_block();
  out[tcp_field::inUse] = out[tcp_field::orphan] = out[tcp_field::timeWait] = out[tcp_field::alloc] = kNaN;
  bool ok = true;
  Span rest;
  if (!FindLine(p, n, "TCP:", 4, &rest, &ok)) return static_cast<int>(Status::kMalformed);
  Cursor c(rest);
  Span key;
  while (c.NextToken(&key)) {
    const double v = c.NextCounter();
    if (v != v) ok = false;
    if (key.Is("inuse")) out[tcp_field::inUse] = v;
    else if (key.Is("orphan")) out[tcp_field::orphan] = v;
    else if (key.Is("tw")) out[tcp_field::timeWait] = v;
    else if (key.Is("alloc")) out[tcp_field::alloc] = v;
  }
  return ok ? 0 : static_cast<int>(Status::kMalformed);
}

int ParseSockstat6(const char* p, size_t n, const TableView& tcp) {
  double* out = tcp.scalar_block();
  out[tcp_field::inUse6] = kNaN;
  bool ok = true;
  Span rest;
  if (!FindLine(p, n, "TCP6:", 5, &rest, &ok)) return static_cast<int>(Status::kMalformed);
  Cursor c(rest);
  Span key;
  while (c.NextToken(&key)) {
    const double v = c.NextCounter();
    if (v != v) ok = false;
    if (key.Is("inuse")) out[tcp_field::inUse6] = v;
  }
  return ok ? 0 : static_cast<int>(Status::kMalformed);
}

int ParseSnmp(const char* p, size_t n, const TableView& tcp) {
  double* out = tcp.scalar_block();
  out[tcp_field::currEstab] = out[tcp_field::activeOpens] = out[tcp_field::passiveOpens] = kNaN;
  out[tcp_field::retransSegs] = out[tcp_field::inErrs] = out[tcp_field::outRsts] = kNaN;
  // The "Tcp:" header line comes first, the values line second.
  Cursor file(p, n);
  Span line, header, values;
  bool complete, have_header = false, have_values = false;
  while (file.NextLine(&line, &complete)) {
    if (line.n < 4 || std::memcmp(line.p, "Tcp:", 4) != 0) continue;
    if (!complete) return static_cast<int>(Status::kMalformed);
    if (!have_header) {
      header = Span{line.p + 4, line.n - 4};
      have_header = true;
    } else {
      values = Span{line.p + 4, line.n - 4};
      have_values = true;
      break;
    }
  }
  if (!have_values) return static_cast<int>(Status::kMalformed);
  bool ok = true;
  Cursor h(header), v(values);
  Span name, val;
  while (h.NextToken(&name)) {
    if (!v.NextToken(&val)) {
      ok = false;
      break;
    }
    int field = -1;
    if (name.Is("CurrEstab")) field = tcp_field::currEstab;
    else if (name.Is("ActiveOpens")) field = tcp_field::activeOpens;
    else if (name.Is("PassiveOpens")) field = tcp_field::passiveOpens;
    else if (name.Is("RetransSegs")) field = tcp_field::retransSegs;
    else if (name.Is("InErrs")) field = tcp_field::inErrs;
    else if (name.Is("OutRsts")) field = tcp_field::outRsts;
    if (field < 0) continue;
    uint64_t x;
    if (Cursor::ParseU64(val, &x)) {
      out[field] = static_cast<double>(x);
    } else {
      ok = false;
    }
  }
  return ok ? 0 : static_cast<int>(Status::kMalformed);
}

}  // namespace procsampler
