// /proc/net/tcp and /proc/net/tcp6 (Documentation/networking/proc_net_tcp.rst): one line per socket.
//   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
//    0: 0100007F:0277 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 19732 1 ...
// `st` is hex: 01 ESTABLISHED .. 0B CLOSING. IPv4 lines are space-padded to 149 characters; TIME_WAIT and
// request-socket lines have fewer trailing fields. Dual-stack sockets appear only in tcp6. Every read walks the
// kernel's whole established hash table, so this runs only on a native thread (sampleAsync()). The result is not
// a consistent snapshot: a socket can be seen twice or not at all.
// Fills: TcpCounts (the tcpStates table is written from them on the main thread).
#include "sources/sources.h"

namespace procsampler {

void CountTcpLines(const char* p, size_t n, TcpCounts* counts) {
  Cursor file(p, n);
  Span line;
  bool complete;
  while (file.NextLine(&line, &complete)) {
    Cursor c(line);
    Span sl, local, remote, st;
    if (!c.NextToken(&sl) || sl.Is("sl")) continue;  // a blank line, or the header ("  sl  local_address ...")
    if (sl.n < 2 || sl.p[sl.n - 1] != ':') {
      counts->malformed = true;  // not a socket line: garbage, not a header to skip silently
      continue;
    }
    if (!c.NextToken(&local) || !c.NextToken(&remote) || !c.NextToken(&st)) {
      counts->malformed = true;
      continue;
    }
    unsigned state;
    if (!ParseHex(st, &state) || state < 1 || state > 11) {
      counts->malformed = true;
      continue;
    }
    counts->state[state - 1] += 1;
  }
}

}  // namespace procsampler
