// /proc/loadavg (proc(5)): "0.20 0.18 0.12 1/80 11206" = load averages over 1, 5 and 15 minutes, runnable
// scheduling entities / all entities, and the last pid created (not kept).
// Fills: the load table.
#include "sources/sources.h"

namespace procsampler {

int ParseLoadavg(const char* p, size_t n, const TableView& load) {
  double* out = load.scalar_block();
  FillNaN(out, load_field::kScalars);
  if (n == 0 || p[n - 1] != '\n') return static_cast<int>(Status::kMalformed);
  Cursor c(p, n - 1);
  bool ok = true;
  const int avg[3] = {load_field::avg1, load_field::avg5, load_field::avg15};
  for (int field : avg) {
    Span tok;
    double v;
    if (c.NextToken(&tok) && Cursor::ParseFixed(tok, &v)) {
      out[field] = v;
    } else {
      ok = false;
    }
  }
  Span tok;
  if (c.NextToken(&tok)) {
    const char* slash = static_cast<const char*>(std::memchr(tok.p, '/', tok.n));
    uint64_t running, total;
    if (slash != nullptr && Cursor::ParseU64(Span{tok.p, static_cast<size_t>(slash - tok.p)}, &running) &&
        Cursor::ParseU64(Span{slash + 1, static_cast<size_t>(tok.p + tok.n - slash - 1)}, &total)) {
      out[load_field::runnable] = static_cast<double>(running);
      out[load_field::entities] = static_cast<double>(total);
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  return ok ? 0 : static_cast<int>(Status::kMalformed);
}

}  // namespace procsampler
