// The process: <procRoot>/<pid>/stat, status and io (proc(5)).
//   stat:   "1234 ((a b ) ( c d) ) S 1 1234 ... minflt cminflt majflt cmajflt utime stime ... num_threads 0
//            starttime vsize rss ..."  The name can contain spaces and parentheses: the fields resume after the
//            LAST ')'. Times are clock ticks, rss is pages, vsize is bytes, starttime is ticks after boot.
//   status: "Key:\tvalue" lines (some values space padded); voluntary_ctxt_switches since 2.6.23; VmHWM in kB.
//   io:     "rchar: 323934931" ...; absent without CONFIG_TASK_IO_ACCOUNTING, and unreadable for another
//            user's process.
// Fills: PidStat, PidStatus, PidIo (the sampler combines them with getrusage into the process table).
#include "sources/sources.h"

namespace procsampler {

namespace {
// 0-based token positions after the ')' (proc(5) field number minus 3).
constexpr int kMinflt = 7, kMajflt = 9, kUtime = 11, kStime = 12, kThreads = 17, kStarttime = 19, kVsize = 20,
              kRss = 21;
}  // namespace

int ParsePidStat(const char* p, size_t n, const Units& u, PidStat* out) {
  *out = PidStat{kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN};
  if (n == 0 || p[n - 1] != '\n') return static_cast<int>(Status::kMalformed);
  const char* open = static_cast<const char*>(std::memchr(p, '(', n));
  const char* close = nullptr;
  for (size_t i = n; i-- > 0;) {
    if (p[i] == ')') {
      close = p + i;
      break;
    }
  }
  if (open == nullptr || close == nullptr || close < open) return static_cast<int>(Status::kMalformed);
  bool ok = true;
  const double hz = TicksPerSecond(u);
  Cursor head(p, static_cast<size_t>(open - p));
  out->pid = head.NextCounter();
  if (out->pid != out->pid) ok = false;
  Cursor c(close + 1, static_cast<size_t>(p + n - 1 - close - 1));
  Span tok;
  for (int i = 0; i <= kRss && c.NextToken(&tok); ++i) {
    double* slot = nullptr;
    double scale = 1;    // pages to bytes
    double divisor = 1;  // ticks to seconds
    switch (i) {
      case kMinflt: slot = &out->minflt; break;
      case kMajflt: slot = &out->majflt; break;
      case kUtime: slot = &out->utime_s; divisor = hz; break;
      case kStime: slot = &out->stime_s; divisor = hz; break;
      case kThreads: slot = &out->threads; break;
      case kStarttime: slot = &out->starttime_s; divisor = hz; break;
      case kVsize: slot = &out->vsize; break;
      case kRss: slot = &out->rss_bytes; scale = u.page_bytes; break;
      default: continue;
    }
    uint64_t v;
    if (Cursor::ParseU64(tok, &v)) {
      *slot = static_cast<double>(v) * scale / divisor;
    } else {
      ok = false;
    }
  }
  if (out->rss_bytes != out->rss_bytes) ok = false;  // the line ended before field 24
  return ok ? 0 : static_cast<int>(Status::kMalformed);
}

int ParsePidStatus(const char* p, size_t n, PidStatus* out) {
  *out = PidStatus{kNaN, kNaN, kNaN, kNaN};
  return ParseKeyedLines(p, n, kColonLines, [out](Span key, double*) -> double* {
    if (key.Is("voluntary_ctxt_switches")) return &out->voluntary;
    if (key.Is("nonvoluntary_ctxt_switches")) return &out->involuntary;
    if (key.Is("VmHWM")) return &out->hwm_bytes;
    if (key.Is("Threads")) return &out->threads;
    return nullptr;
  });
}

int ParsePidIo(const char* p, size_t n, PidIo* out) {
  *out = PidIo{kNaN, kNaN, kNaN, kNaN};
  return ParseKeyedLines(p, n, kColonLines, [out](Span key, double*) -> double* {
    if (key.Is("rchar")) return &out->rchar;
    if (key.Is("wchar")) return &out->wchar;
    if (key.Is("read_bytes")) return &out->read_bytes;
    if (key.Is("write_bytes")) return &out->write_bytes;
    return nullptr;
  });
}

}  // namespace procsampler
