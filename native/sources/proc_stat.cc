// /proc/stat (proc(5)): kernel and CPU activity since boot.
//   cpu  4705 356 584 3699176 23060 0 277 0 0 0
//   cpu0 1393280 32966 572056 13343292 6130 0 17875 0 23933 0
//   intr 1462898 31 9 0 0 ...        (one column per interrupt: 65,960 columns seen on one host, 132 KB)
//   ctxt 115315  btime 769041601  processes 86031  procs_running 6  procs_blocked 2
// Kernel caveats: CPU lines print 8 columns before 2.6.24 (no guest), 9 before 2.6.33 (no guest_nice); gVisor
// prints all-zero CPU lines and a short softirq line. guest and guest_nice are already counted in user and nice.
// cpuN lines exist only for online CPUs: entries are keyed by N, never by line index.
// Fills: cpu table (scalars: the aggregate line; entries: cpu, user..guestNice in seconds) and the system table's
// bootTime, contextSwitches, interrupts, forks, procsRunning, procsBlocked.
#include "sources/sources.h"

namespace procsampler {

namespace {

// Parses up to 10 tick columns into `out` (seconds); columns the kernel did not print stay NaN. The numbers are
// scanned first and divided after, in a loop of its own: the divisions (exact, unlike a multiplication by the
// inexact 1/hz) then overlap instead of each stalling the scan of the next column.
bool ParseCpuTimes(LineCursor c, double ticks_per_second, double* out) {
  bool ok = true;
  uint64_t ticks[10];
  bool valid[10];
  int columns = 0;
  for (; columns < 10; ++columns) {
    const Cursor::Scan s = c.ScanU64(&ticks[columns]);
    if (s == Cursor::Scan::kEnd) break;
    valid[columns] = s == Cursor::Scan::kOk;
    if (!valid[columns]) ok = false;
  }
  // Old kernels print 8 or 9 columns; anything fewer than 4 is not a CPU line we can trust.
  if (columns < 4) ok = false;
  // NaN (a column not printed, or not a number) divided by the tick rate stays NaN: one division per column pair,
  // no branch (SSE2 divides two doubles at the cost of one).
  double t[10];
  for (int i = 0; i < 10; ++i) t[i] = i < columns && valid[i] ? static_cast<double>(ticks[i]) : kNaN;
  for (int i = 0; i < 10; ++i) out[i] = t[i] / ticks_per_second;
  return ok;
}

// "key value" counters after the CPU lines; the value is the first number after the key.
double FirstNumber(LineCursor* c, bool* ok) {
  uint64_t v;
  if (c->NextU64(&v)) return static_cast<double>(v);
  *ok = false;
  return kNaN;
}

}  // namespace

EntryResult ParseStat(const char* p, size_t n, const Units& u, const TableView& cpu, uint64_t* cpu_generation,
                      const TableView& system) {
  EntryResult r;
  double* agg = cpu.attached() ? cpu.scalar_block() : nullptr;
  double* sys = system.attached() ? system.scalar_block() : nullptr;
  if (agg) FillNaN(agg, cpu_field::kScalars);
  if (sys) {
    sys[system_field::bootTime] = kNaN;
    sys[system_field::contextSwitches] = kNaN;
    sys[system_field::interrupts] = kNaN;
    sys[system_field::forks] = kNaN;
    sys[system_field::procsRunning] = kNaN;
    sys[system_field::procsBlocked] = kNaN;
  }
  const size_t capacity = cpu.attached() ? cpu.capacity() : 0;
  const double hz = TicksPerSecond(u);
  bool ok = true;
  bool cpu_set_changed = false;
  bool seen = false;  // any line this parser knows: an empty or all-garbage file is malformed, not "ok"
  size_t cpus = 0;

  Lines lines(p, n);
  Span line;
  while (lines.Next(&line)) {
    if (line.n < 4) continue;
    LineCursor c(line);
    Span key;
    if (!c.NextToken(&key)) continue;
    if (key.n >= 3 && std::memcmp(key.p, "cpu", 3) == 0) {
      seen = true;
      if (!agg && !cpu.attached()) continue;
      if (key.n == 3) {
        if (agg && !ParseCpuTimes(c, hz, agg)) ok = false;
        continue;
      }
      uint64_t id;
      if (!Cursor::ParseU64(Span{key.p + 3, key.n - 3}, &id)) {
        ok = false;
        continue;
      }
      if (cpus < capacity) {
        double* e = cpu.entry(cpus);
        if (e[cpu_entry::cpu] != static_cast<double>(id)) cpu_set_changed = true;
        e[cpu_entry::cpu] = static_cast<double>(id);
        if (!ParseCpuTimes(c, hz, e + cpu_entry::user)) ok = false;
      }
      ++cpus;
      continue;
    }
    if (key.Is("intr") || key.Is("ctxt") || key.Is("btime") || key.Is("processes")) seen = true;
    if (!sys) continue;
    if (key.Is("intr")) {
      sys[system_field::interrupts] = FirstNumber(&c, &ok);
    } else if (key.Is("ctxt")) {
      sys[system_field::contextSwitches] = FirstNumber(&c, &ok);
    } else if (key.Is("btime")) {
      sys[system_field::bootTime] = FirstNumber(&c, &ok);
    } else if (key.Is("processes")) {
      sys[system_field::forks] = FirstNumber(&c, &ok);
    } else if (key.Is("procs_running")) {
      sys[system_field::procsRunning] = FirstNumber(&c, &ok);
    } else if (key.Is("procs_blocked")) {
      sys[system_field::procsBlocked] = FirstNumber(&c, &ok);
    }
  }
  if (lines.truncated()) ok = false;
  if (cpu.attached()) {
    if (cpus != static_cast<size_t>(cpu.data[kSlotCount])) cpu_set_changed = true;
    if (cpu_set_changed) ++*cpu_generation;
  }
  r.count = cpus;
  r.status = !ok || !seen ? static_cast<int>(Status::kMalformed) : 0;
  if (cpu.attached() && cpus > capacity) r.status = static_cast<int>(Status::kOverflow);
  return r;
}

double ParseBootTime(const char* p, size_t n) {
  Lines lines(p, n);
  Span line;
  while (lines.Next(&line)) {
    if (line.n > 6 && std::memcmp(line.p, "btime ", 6) == 0) {
      Cursor c(line.p + 6, line.n - 6);
      return c.NextCounter();
    }
  }
  return kNaN;
}

// /proc/uptime (proc(5)): "350735.47 234388.90" = seconds since boot, idle seconds summed over CPUs.
int ParseUptime(const char* p, size_t n, const TableView& system) {
  double* sys = system.scalar_block();
  sys[system_field::uptime] = kNaN;
  Cursor c(p, n);
  Span tok;
  double v;
  const bool terminated = n > 0 && p[n - 1] == '\n';
  if (!terminated || !c.NextToken(&tok) || !Cursor::ParseFixed(tok, &v)) return static_cast<int>(Status::kMalformed);
  sys[system_field::uptime] = v;
  return 0;
}

}  // namespace procsampler
