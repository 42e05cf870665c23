// The parsers of every kernel source: pure functions from bytes to table slots, so tests can drive them with
// fixture bytes. Each returns a status (0, or a positive layout.h Status) and fills NaN for what it did not find.
#ifndef PROCSAMPLER_SOURCES_H_
#define PROCSAMPLER_SOURCES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "layout.h"
#include "io/scan.h"

namespace procsampler {

// The names of a table's entries (disks, interfaces, mounts), with a generation counter that moves only when
// the set changes. Assigning an unchanged name does not allocate.
class NameTable {
 public:
  // Sets entry i's name; bumps the generation if it differs from the last sample's.
  void Set(size_t i, Span name) {
    if (i >= names_.size()) {
      names_.resize(i + 1);
      changed_ = true;
    }
    std::string& s = names_[i];
    if (!(s.size() == name.n && std::memcmp(s.data(), name.p, name.n) == 0)) {
      s.assign(name.p, name.n);
      changed_ = true;
    }
  }
  // Ends a sample with `count` entries.
  void Finish(size_t count) {
    if (count != count_) changed_ = true;
    count_ = count;
    if (changed_) ++generation_;
    changed_ = false;
  }
  size_t count() const { return count_; }
  const std::string& name(size_t i) const { return names_[i]; }
  double generation() const { return static_cast<double>(generation_); }

 private:
  std::vector<std::string> names_;
  size_t count_ = 0;
  uint64_t generation_ = 0;
  bool changed_ = false;
};

// What a parser of a table with entries reports: the status and how many entries the kernel listed (which may
// exceed the table's capacity: only the first `capacity` are stored, and the status says kOverflow).
struct EntryResult {
  int status = 0;
  size_t count = 0;
};

// Ends the parse of a table with entries: publishes the names stored (at most `capacity`) and reports kOverflow
// when the kernel listed more, else kMalformed when a line was skipped.
inline EntryResult FinishEntries(size_t count, size_t capacity, bool ok, NameTable* names) {
  names->Finish(count < capacity ? count : capacity);
  EntryResult r;
  r.count = count;
  r.status = count > capacity ? static_cast<int>(Status::kOverflow) : ok ? 0 : static_cast<int>(Status::kMalformed);
  return r;
}

struct Units {
  double seconds_per_tick;  // 1 / sysconf(_SC_CLK_TCK)
  double page_bytes;        // sysconf(_SC_PAGESIZE)
};

// Clock ticks per second, recovered exactly from Units. Parsers divide by it: ticks / 100 is the double nearest
// the true number of seconds, while ticks * 0.01 (an inexact reciprocal) gives 12.030000000000001 for 1203.
inline double TicksPerSecond(const Units& u) { return std::round(1.0 / u.seconds_per_tick); }

// A wanted key of a "key value" file: the key, its length (known at compile time, never measured per line), the slot
// its value goes to, and its unit factor (each parser says whether the value is multiplied or divided by it).
struct KeySlot {
  const char* key;
  size_t len;
  int slot;
  double scale;
};
#define PS_KS(key, slot, scale) {key, sizeof(key) - 1, slot, scale}

// The entry of `keys` for `key`, or nullptr.
template <size_t N>
const KeySlot* FindKey(const KeySlot (&keys)[N], Span key) {
  for (const KeySlot& k : keys) {
    if (key.n == k.len && key.p[0] == k.key[0] && std::memcmp(key.p, k.key, key.n) == 0) return &k;
  }
  return nullptr;
}

// The two shapes of "key value" files, for ParseKeyedLines().
struct KeyedFormat {
  // ':' ends the key ("MemTotal:  16310812 kB"), or ' ': the key is the line's first token ("usage_usec 123").
  char separator;
  // A value may be followed by "kB" (x1024); any other token after it is malformed. Otherwise nothing may follow.
  bool kb_unit;
  // A line of a key that is not wanted must still hold a value (<pid>/status has "Groups:" with none).
  bool every_key_has_value;
};
// meminfo, <pid>/status, <pid>/io.
constexpr KeyedFormat kColonLines{':', true, false};
// The cgroup files of "key value" lines (cpu.stat, memory.stat, memory.events, cpuacct.stat, oom_control).
constexpr KeyedFormat kSpacedLines{' ', false, true};

// The one parser of "key value" lines. For each key that slot_of(Span key, double* divisor) maps to a slot
// (nullptr: not wanted; *divisor starts at 1), stores the value x1024 when followed by "kB", divided by *divisor.
// Returns 0, or kMalformed when a line was cut short, a non-empty line has no separator (no value), a wanted value
// does not parse or is followed by something else, or no wanted key was found at all (an empty or all-garbage file
// is malformed, not "ok" with every value NaN).
template <typename SlotOf>
int ParseKeyedLines(const char* p, size_t n, const KeyedFormat& format, SlotOf slot_of) {
  bool ok = true;
  int found = 0;
  Lines lines(p, n);
  Span line;
  while (lines.Next(&line)) {
    Span key;
    Cursor c(line);
    if (format.separator == ':') {
      const char* colon = FindByte(line.p, line.p + line.n, ':');
      if (colon == nullptr) {
        if (line.n != 0) ok = false;
        continue;
      }
      key = Span{line.p, static_cast<size_t>(colon - line.p)};
      c = Cursor(colon + 1, static_cast<size_t>(line.p + line.n - colon - 1));
    } else if (!c.NextToken(&key)) {
      continue;  // an empty line
    }
    double divisor = 1;
    double* slot = slot_of(key, &divisor);
    if (slot == nullptr && !format.every_key_has_value) continue;
    uint64_t v;
    const Cursor::Scan scan = c.ScanU64(&v);
    if (scan == Cursor::Scan::kEnd && format.every_key_has_value) {
      ok = false;  // no value
      continue;
    }
    if (slot == nullptr) continue;
    Span after;
    double scale = 1;
    if (scan != Cursor::Scan::kOk) {
      ok = false;
      continue;
    }
    if (c.NextToken(&after)) {
      if (!format.kb_unit || !after.Is("kB")) {
        ok = false;
        continue;
      }
      scale = 1024;
    }
    double value = static_cast<double>(v) * scale;
    if (divisor != 1) value /= divisor;
    *slot = value;
    ++found;
  }
  return ok && found > 0 && !lines.truncated() ? 0 : static_cast<int>(Status::kMalformed);
}

// /proc/stat: the aggregate and per-CPU times (cpu table; `cpu` may be unattached) and the counters of the
// system table (`system` may be unattached). CPU set changes bump *cpu_generation.
EntryResult ParseStat(const char* p, size_t n, const Units& u, const TableView& cpu, uint64_t* cpu_generation,
                      const TableView& system);
// /proc/uptime into the system table.
int ParseUptime(const char* p, size_t n, const TableView& system);
int ParseMeminfo(const char* p, size_t n, const TableView& memory);
int ParseLoadavg(const char* p, size_t n, const TableView& load);
int ParseVmstat(const char* p, size_t n, const TableView& vmstat);
EntryResult ParseDiskstats(const char* p, size_t n, const TableView& disks, NameTable* names);
EntryResult ParseNetDev(const char* p, size_t n, const TableView& network, NameTable* names);
// /proc/net/sockstat, sockstat6 and snmp into the tcp table (each may be absent: pass n = 0 and its status).
int ParseSockstat(const char* p, size_t n, const TableView& tcp);
int ParseSockstat6(const char* p, size_t n, const TableView& tcp);
int ParseSnmp(const char* p, size_t n, const TableView& tcp);

// /proc/net/tcp and tcp6: counts of the 11 states (index 0 = ESTABLISHED ... 10 = CLOSING). Fed chunk by chunk;
// a line split across chunks is carried over by the caller (TcpCounter in async_work.cc).
struct TcpCounts {
  double state[11];
  bool malformed;
};
void CountTcpLines(const char* p, size_t n, TcpCounts* counts);

// <procRoot>/<pid>/mountinfo.
struct Mount {
  std::string device;
  std::string mountpoint;
  std::string type;
  bool read_only = false;
};
int ParseMountinfo(const char* p, size_t n, std::vector<Mount>* mounts);
// The fields of one mountinfo line, still escaped: root (field 4), mount point (5), per-mount options (6), and
// after the "-" separator the filesystem type, source and super options (empty when the line has none). False
// when the line is cut short or has no separator.
struct MountinfoFields {
  Span root, mountpoint, options, type, source, super_options;
};
bool SplitMountinfoLine(Span line, MountinfoFields* out);
// Calls f(fields) for every mount line of a mountinfo file. Returns 0, or kMalformed when a line did not split
// (it is skipped) or the file was cut short.
template <typename F>
int ForEachMount(const char* p, size_t n, F f) {
  bool ok = true;
  Lines lines(p, n);
  Span line;
  while (lines.Next(&line)) {
    if (line.n == 0) continue;
    MountinfoFields fields;
    if (SplitMountinfoLine(line, &fields)) f(fields);
    else ok = false;
  }
  return ok && !lines.truncated() ? 0 : static_cast<int>(Status::kMalformed);
}
// The mount's entry name for JS: its PS_FS_NAME_PARTS joined by kEntryNameSeparator (layout.h).
std::string MountEntryName(const Mount& m);
// Decodes the octal escapes (\040 space, \011 tab, \012 newline, \134 backslash) mountinfo uses in paths.
std::string UnescapeMountField(Span s);

// <procRoot>/<pid>/stat, status, io into the process table.
struct PidStat {
  double pid, minflt, majflt, utime_s, stime_s, threads, starttime_s, vsize, rss_bytes;
};
int ParsePidStat(const char* p, size_t n, const Units& u, PidStat* out);
struct PidStatus {
  double voluntary, involuntary, hwm_bytes, threads;
};
int ParsePidStatus(const char* p, size_t n, PidStatus* out);
struct PidIo {
  double rchar, wchar, read_bytes, write_bytes;
};
int ParsePidIo(const char* p, size_t n, PidIo* out);
// btime from /proc/stat (seconds since the epoch), NaN when absent.
double ParseBootTime(const char* p, size_t n);

}  // namespace procsampler

#endif  // PROCSAMPLER_SOURCES_H_
