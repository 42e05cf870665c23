// The process's cgroup: <procRoot>/<pid>/cgroup and <procRoot>/<pid>/mountinfo (proc(5), cgroups(7)) at set-up,
// then the controller files of the cgroup directory on every sample.
//   <pid>/cgroup:  0::/kubepods/pod1/ctr            (v2)      4:memory:/docker/abc    (v1; "cpu,cpuacct" lists)
//   mountinfo:     41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
//                  35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
// Documentation/admin-guide/cgroup-v2.rst and cgroup-v1/{memory,cpuacct,blkio-controller}.rst, sched-bwc.rst:
//   v2  cpu.max "max 100000" | "50000 100000" (us); cpu.weight; cpu.stat usage_usec user_usec system_usec
//       nr_periods nr_throttled throttled_usec (the last three only with the cpu controller enabled);
//       cpuset.cpus.effective "0-3,8"; memory.current; memory.max / memory.high / memory.swap.max "max" or bytes;
//       memory.swap.current; memory.stat (anon file kernel shmem active_file inactive_file pgfault pgmajfault;
//       `kernel` since 5.18); memory.events (low high max oom oom_kill); io.stat "8:0 rbytes=.. wbytes=.. rios=..
//       wios=.."; pids.current, pids.max; {cpu,memory,io}.pressure (4.20+, CONFIG_PSI).
//   v1  cpu.cfs_quota_us (-1: none), cpu.cfs_period_us, cpu.shares, cpu.stat (nr_periods nr_throttled
//       throttled_time ns); cpuacct.usage (ns), cpuacct.stat (user/system, USER_HZ ticks); cpuset.effective_cpus;
//       memory.usage_in_bytes, memory.limit_in_bytes (no limit: PAGE_COUNTER_MAX pages, 0x7ffffffffffff000 with
//       4 KiB pages), memory.memsw.*, memory.stat (total_* are hierarchical; hierarchical_memory_limit),
//       memory.oom_control (oom_kill since 4.13), memory.failcnt; blkio.throttle.io_service_bytes / io_serviced
//       "8:0 Read 123" lines; pids.current, pids.max.
//   hybrid: v1 controllers plus a cgroup2 mount (often /sys/fs/cgroup/unified) that gives the pressure files.
// The root cgroup has no cpu.max, memory.max or memory.current: those statuses are ENOENT and the values NaN.
// Fills: the cgroup table (cgroup_layout.h), cgroupIo (one entry per device), pressure (<procRoot>/pressure).
#include "sources/cgroup.h"

#include <errno.h>

#include <algorithm>

namespace procsampler {

namespace {

constexpr int kMalformed = static_cast<int>(Status::kMalformed);
// v1 prints "no limit" as PAGE_COUNTER_MAX pages (LONG_MAX rounded down to a page: 9223372036854771712 with
// 4 KiB pages, ...70000 with 64 KiB). Anything from 2^62 bytes (4 EiB) up is treated as that: no limit.
constexpr double kNoLimitFrom = 4611686018427387904.0;
constexpr size_t kMaxAncestors = 16;

// Worse of two statuses: an error (< 0) wins over a partial read (> 0), which wins over ok.
int Worse(int a, int b) {
  if (a < 0) return a;
  if (b < 0) return b;
  return a > b ? a : b;
}

// Tokens split at `sep` inside a span.
template <typename F>
void Split(Span s, char sep, F f) {
  size_t start = 0;
  for (size_t i = 0; i <= s.n; ++i) {
    if (i == s.n || s.p[i] == sep) {
      f(Span{s.p + start, i - start});
      start = i + 1;
    }
  }
}

std::string Str(Span s) { return std::string(s.p, s.n); }

template <size_t N>
int ParseKeys(const char* p, size_t n, const KeySlot (&keys)[N], double* out) {
  return ParseKeyedLines(p, n, kSpacedLines, [&](Span key, double* scale) -> double* {
    const KeySlot* k = FindKey(keys, key);
    if (k == nullptr) return nullptr;
    *scale = k->scale;  // a divisor: microseconds and nanoseconds to seconds, ticks to seconds
    return &out[k->slot];
  });
}

// Reads a file; a negative count is its status (also for a file never opened: -ENOENT).
long ReadFile(ProcFile* f) { return f == nullptr ? -ENOENT : f->Read(); }

bool StartsWithPath(const std::string& path, const std::string& prefix) {
  if (prefix == "/") return true;
  return path.compare(0, prefix.size(), prefix) == 0 && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

// True when a path has a "." or ".." component ("/../x", "/a/.", not "/..x").
bool HasDotComponent(const std::string& path) {
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const size_t len = end - start;
    if ((len == 1 && path[start] == '.') || (len == 2 && path[start] == '.' && path[start + 1] == '.')) return true;
    start = end + 1;
  }
  return false;
}

#define PS_CONTROLLER_NAME(e, name) #name,
const char* const kControllerNames[] = {PS_CGROUP_CONTROLLERS(PS_CONTROLLER_NAME)};
#undef PS_CONTROLLER_NAME
static_assert(sizeof(kControllerNames) / sizeof(kControllerNames[0]) == CgroupSource::kControllerCount, "one name per controller");

// A percentage printed with decimals ("12.34") as a ratio: the digits as one integer divided once by an exact
// power of ten (1234 / 1e4 = 0.1234, where 12.34 / 100 would give 0.12340000000000001).
bool PercentToRatio(Span tok, double* out) {
  static constexpr double kPow10[] = {1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10};
  uint64_t digits = 0;
  size_t i = 0, int_digits = 0, frac_digits = 0;
  for (; i < tok.n && IsDigit(tok.p[i]) && int_digits < 6; ++i, ++int_digits) digits = digits * 10 + static_cast<uint64_t>(tok.p[i] - '0');
  if (int_digits == 0) return false;
  if (i < tok.n && tok.p[i] == '.') {
    for (++i; i < tok.n && IsDigit(tok.p[i]) && frac_digits < 8; ++i, ++frac_digits) digits = digits * 10 + static_cast<uint64_t>(tok.p[i] - '0');
    if (frac_digits == 0) return false;
  }
  if (i != tok.n) return false;
  *out = static_cast<double>(digits) / kPow10[frac_digits];
  return true;
}

}  // namespace

int ParseCgroupMembership(const char* p, size_t n, CgroupMembership* out) {
  *out = CgroupMembership{};
  bool ok = true;
  Lines lines(p, n);
  Span line;
  while (lines.Next(&line)) {
    if (line.n == 0) continue;
    // The path may itself contain ':'; it is everything after the second one.
    const char* c1 = static_cast<const char*>(std::memchr(line.p, ':', line.n));
    const char* c2 = c1 ? static_cast<const char*>(std::memchr(c1 + 1, ':', static_cast<size_t>(line.p + line.n - c1 - 1))) : nullptr;
    if (c2 == nullptr || c2 + 1 >= line.p + line.n || c2[1] != '/') {
      ok = false;
      continue;
    }
    const Span id{line.p, static_cast<size_t>(c1 - line.p)};
    const Span list{c1 + 1, static_cast<size_t>(c2 - c1 - 1)};
    const std::string path(c2 + 1, static_cast<size_t>(line.p + line.n - c2 - 1));
    if (id.Is("0") && list.n == 0) {
      out->unified = true;
      out->unified_path = path;
      continue;
    }
    Split(list, ',', [&](Span ctl) {
      if (ctl.n == 0 || (ctl.n > 5 && std::memcmp(ctl.p, "name=", 5) == 0)) return;
      out->controllers.push_back(Str(ctl));
      out->paths.push_back(path);
    });
  }
  if (lines.truncated()) ok = false;
  return ok ? 0 : kMalformed;
}

int ParseCgroupMounts(const char* p, size_t n, std::vector<CgroupMount>* out) {
  out->clear();
  return ForEachMount(p, n, [out](const MountinfoFields& f) {
    const bool v2 = f.type.Is("cgroup2");
    if (!v2 && !f.type.Is("cgroup")) return;
    CgroupMount m;
    m.unified = v2;
    m.root = UnescapeMountField(f.root);
    m.mountpoint = UnescapeMountField(f.mountpoint);
    if (!v2) {
      Split(f.super_options, ',', [&](Span o) {
        for (const char* name : kControllerNames) {
          if (o.n == std::strlen(name) && std::memcmp(o.p, name, o.n) == 0) m.controllers.push_back(Str(o));
        }
      });
      if (m.controllers.empty()) return;  // name=systemd and other named hierarchies carry no controller
    }
    out->push_back(std::move(m));
  });
}

int ParseCgroupValue(const char* p, size_t n, bool allow_max, double* value) {
  *value = kNaN;
  Lines lines(p, n);
  Span line;
  if (!lines.Next(&line)) return kMalformed;
  Cursor c(line);
  Span tok, extra;
  if (!c.NextToken(&tok) || c.NextToken(&extra)) return kMalformed;
  if (allow_max && tok.Is("max")) return 0;
  int64_t v;
  if (!Cursor::ParseI64(tok, &v)) return kMalformed;
  *value = static_cast<double>(v);
  return 0;
}

int ParseCpuMax(const char* p, size_t n, double* quota_us, double* period_us) {
  *quota_us = kNaN;
  *period_us = kNaN;
  Lines lines(p, n);
  Span line;
  if (!lines.Next(&line)) return kMalformed;
  Cursor c(line);
  Span q, per, extra;
  uint64_t quota, period;
  if (!c.NextToken(&q) || !c.NextToken(&per) || c.NextToken(&extra) || !Cursor::ParseU64(per, &period) ||
      period == 0) {
    return kMalformed;
  }
  if (!q.Is("max")) {
    if (!Cursor::ParseU64(q, &quota)) return kMalformed;
    *quota_us = static_cast<double>(quota);
  }
  *period_us = static_cast<double>(period);
  return 0;
}

int ParsePressure(const char* p, size_t n, double* out8) {
  FillNaN(out8, 8);
  bool ok = true;
  int found = 0;
  Lines lines(p, n);
  Span line;
  while (lines.Next(&line)) {
    Cursor c(line);
    Span kind;
    if (!c.NextToken(&kind)) continue;
    double* o;
    if (kind.Is("some")) o = out8;
    else if (kind.Is("full")) o = out8 + 4;
    else {
      ok = false;
      continue;
    }
    double v[4] = {kNaN, kNaN, kNaN, kNaN};
    Span kv;
    while (c.NextToken(&kv)) {
      const char* eq = static_cast<const char*>(std::memchr(kv.p, '=', kv.n));
      if (eq == nullptr) {
        ok = false;
        continue;
      }
      const Span key{kv.p, static_cast<size_t>(eq - kv.p)};
      const Span val{eq + 1, static_cast<size_t>(kv.p + kv.n - eq - 1)};
      double x;
      uint64_t t;
      if (key.Is("total")) {
        if (Cursor::ParseU64(val, &t)) v[3] = static_cast<double>(t) / 1e6;
        else ok = false;
        continue;
      }
      const int i = key.Is("avg10") ? 0 : key.Is("avg60") ? 1 : key.Is("avg300") ? 2 : -1;
      if (i < 0) continue;  // a key a later kernel may add
      if (PercentToRatio(val, &x)) v[i] = x;
      else ok = false;
    }
    for (int i = 0; i < 4; ++i) {
      o[i] = v[i];
      if (v[i] != v[i]) ok = false;
    }
    ++found;
  }
  return ok && found > 0 && !lines.truncated() ? 0 : kMalformed;
}

int ParseCpuList(const char* p, size_t n, double* count) {
  *count = kNaN;
  Lines lines(p, n);
  Span line;
  if (!lines.Next(&line)) return kMalformed;
  while (line.n > 0 && IsSpace(line.p[line.n - 1])) --line.n;
  if (line.n == 0) {
    *count = 0;  // an empty cpuset: no CPU (a cgroup whose cpuset is not configured yet)
    return 0;
  }
  bool ok = true;
  uint64_t total = 0;
  Split(line, ',', [&](Span r) {
    const char* dash = static_cast<const char*>(std::memchr(r.p, '-', r.n));
    uint64_t a, b;
    if (dash == nullptr) {
      if (Cursor::ParseU64(r, &a) && a < 65536) total += 1;
      else ok = false;
      return;
    }
    if (Cursor::ParseU64(Span{r.p, static_cast<size_t>(dash - r.p)}, &a) &&
        Cursor::ParseU64(Span{dash + 1, static_cast<size_t>(r.p + r.n - dash - 1)}, &b) && a <= b && b < 65536) {
      total += b - a + 1;
    } else {
      ok = false;
    }
  });
  if (!ok) return kMalformed;
  *count = static_cast<double>(total);
  return 0;
}

CgroupSource::CgroupSource() = default;
CgroupSource::~CgroupSource() { Close(); }

void CgroupSource::Close() {
  for (auto& f : owned_) f->Close();
}

ProcFile* CgroupSource::Add(const std::string& path, size_t capacity) {
  owned_.push_back(std::make_unique<ProcFile>(ReadMode::kWhole, capacity));
  ProcFile* f = owned_.back().get();
  f->Open(path);
  return f;
}

void CgroupSource::Open(const CgroupConfig& config, const Units& units) {
  units_ = units;
  if (config.pressure) {
    const char* names[] = {"cpu", "memory", "io"};
    for (int i = 0; i < 3; ++i) host_psi_[i] = Add(config.proc_root + "/pressure/" + names[i], 256);
  }
  if (!config.cgroup) return;
  Discover(config);
  if (discover_error_ == 0) OpenFiles();
}

void CgroupSource::Discover(const CgroupConfig& config) {
  ProcFile membership_file(ReadMode::kWhole, 4096);
  ProcFile mountinfo_file(ReadMode::kIterator, 16 * 1024);
  long n = membership_file.Open(config.pid_dir + "/cgroup") == 0 ? membership_file.Read() : -ENOENT;
  if (n < 0) {
    discover_error_ = static_cast<int>(n);
    return;
  }
  CgroupMembership member;
  ParseCgroupMembership(membership_file.data(), static_cast<size_t>(n), &member);
  n = mountinfo_file.Open(config.pid_dir + "/mountinfo") == 0 ? mountinfo_file.Read() : -ENOENT;
  if (n < 0) {
    discover_error_ = static_cast<int>(n);
    return;
  }
  std::vector<CgroupMount> mounts;
  ParseCgroupMounts(mountinfo_file.data(), static_cast<size_t>(n), &mounts);

  bool any_v1 = false;
  for (const CgroupMount& m : mounts) any_v1 = any_v1 || !m.unified;
  // Where a mount is for us: with cgroupRoot, a pure v2 host's one cgroup2 mount is cgroupRoot itself, and with
  // v1 hierarchies each mount is the directory of cgroupRoot named like the mount point's last component
  // (cpu, memory, cpu,cpuacct, unified).
  auto mapped = [&](const CgroupMount& m) -> std::string {
    if (config.cgroup_root.empty()) return config.root_fs == "/" ? m.mountpoint : config.root_fs + m.mountpoint;
    if (!any_v1) return config.cgroup_root;
    const size_t slash = m.mountpoint.find_last_of('/');
    return config.cgroup_root + "/" + (slash == std::string::npos ? m.mountpoint : m.mountpoint.substr(slash + 1));
  };
  // The cgroup's directory under a mount: its path made relative to the mount's root (a container that sees
  // the host's hierarchy mounted at its own cgroup has root /docker/abc and path /docker/abc).
  auto place = [&](int ctl, const CgroupMount& m, const std::string& member_path, bool v1) -> bool {
    std::string rel = config.cgroup_path.empty() ? member_path : config.cgroup_path;
    if (config.cgroup_path.empty() && m.root != "/" && StartsWithPath(rel, m.root)) rel = rel.substr(m.root.size());
    while (rel.size() > 1 && rel.back() == '/') rel.pop_back();
    if (rel == "/") rel.clear();
    // A process outside the reader's cgroup namespace shows a path that climbs above the root ("/../.."): there
    // is no directory for it below the mount, and nothing above the mount may be read.
    if (HasDotComponent(rel)) return false;
    const std::string base = mapped(m);
    dir_[ctl] = base + rel;
    v1_[ctl] = v1;
    std::string up = rel;
    while (!up.empty() && ancestors_[ctl].size() < kMaxAncestors) {
      up.erase(up.find_last_of('/'));
      ancestors_[ctl].push_back(base + up);
    }
    return true;
  };

  const CgroupMount* unified = nullptr;
  for (const CgroupMount& m : mounts) {
    if (m.unified && unified == nullptr) unified = &m;
  }
  bool found_any = false;
  for (int ctl = 0; ctl < kPsi; ++ctl) {
    const std::string name = kControllerNames[ctl];
    const CgroupMount* v1mount = nullptr;
    for (const CgroupMount& m : mounts) {
      if (!m.unified && std::find(m.controllers.begin(), m.controllers.end(), name) != m.controllers.end()) {
        v1mount = &m;
        break;
      }
    }
    if (v1mount != nullptr) {
      // With cgroupPath the process's own membership does not matter.
      const std::string* path = nullptr;
      for (size_t i = 0; i < member.controllers.size() && path == nullptr; ++i) {
        if (member.controllers[i] == name) path = &member.paths[i];
      }
      if (path != nullptr || !config.cgroup_path.empty()) {
        found_any = place(ctl, *v1mount, path != nullptr ? *path : std::string(), true) || found_any;
      }
    } else if (unified != nullptr && (member.unified || !config.cgroup_path.empty())) {
      found_any = place(ctl, *unified, member.unified_path, false) || found_any;
    }
  }
  if (unified != nullptr && (member.unified || !config.cgroup_path.empty())) {
    found_any = place(kPsi, *unified, member.unified_path, false) || found_any;
  }
  if (!found_any) {
    discover_error_ = -ENOENT;
    return;
  }
  discover_error_ = 0;
  bool v1 = false;
  for (int ctl = 0; ctl < kPsi; ++ctl) v1 = v1 || (v1_[ctl] && !dir_[ctl].empty());
  version_ = v1 ? 1 : 2;
  for (int ctl = 0; ctl < kControllerCount; ++ctl) {
    if (dir_[ctl].empty()) continue;
    const std::string controller = kControllerNames[ctl];
    const CgroupNameParts parts{controller, dir_[ctl]};
#define PS_PUSH_PART(part) directories_.push_back(parts.part);
    PS_CGROUP_NAME_PARTS(PS_PUSH_PART)
#undef PS_PUSH_PART
  }
}

void CgroupSource::OpenFiles() {
  auto at = [&](int ctl, const char* v2name, const char* v1name, size_t cap) -> ProcFile* {
    if (dir_[ctl].empty()) return nullptr;
    const char* name = v1_[ctl] ? v1name : v2name;
    return name == nullptr ? nullptr : Add(dir_[ctl] + "/" + name, cap);
  };
  constexpr size_t kSmall = 128;
  cpu_max_ = at(kCpu, "cpu.max", "cpu.cfs_quota_us", kSmall);
  cpu_period_ = at(kCpu, nullptr, "cpu.cfs_period_us", kSmall);
  cpu_weight_ = at(kCpu, "cpu.weight", "cpu.shares", kSmall);
  cpu_stat_ = at(kCpu, "cpu.stat", "cpu.stat", 1024);
  cpuacct_usage_ = at(kCpuacct, nullptr, "cpuacct.usage", kSmall);
  cpuacct_stat_ = at(kCpuacct, nullptr, "cpuacct.stat", 256);
  cpuset_ = at(kCpuset, "cpuset.cpus.effective", "cpuset.effective_cpus", 1024);
  mem_current_ = at(kMemory, "memory.current", "memory.usage_in_bytes", kSmall);
  mem_max_ = at(kMemory, "memory.max", "memory.limit_in_bytes", kSmall);
  mem_high_ = at(kMemory, "memory.high", nullptr, kSmall);
  swap_current_ = at(kMemory, "memory.swap.current", "memory.memsw.usage_in_bytes", kSmall);
  swap_max_ = at(kMemory, "memory.swap.max", "memory.memsw.limit_in_bytes", kSmall);
  mem_stat_ = at(kMemory, "memory.stat", "memory.stat", 4096);
  mem_events_ = at(kMemory, "memory.events", "memory.oom_control", 256);
  mem_failcnt_ = at(kMemory, nullptr, "memory.failcnt", kSmall);
  kmem_usage_ = at(kMemory, nullptr, "memory.kmem.usage_in_bytes", kSmall);
  io_stat_ = at(kBlkio, "io.stat", "blkio.throttle.io_service_bytes", 4096);
  io_serviced_ = at(kBlkio, nullptr, "blkio.throttle.io_serviced", 4096);
  pids_current_ = at(kPids, "pids.current", "pids.current", kSmall);
  pids_max_ = at(kPids, "pids.max", "pids.max", kSmall);
  const char* psi[] = {"cpu.pressure", "memory.pressure", "io.pressure"};
  for (int i = 0; i < 3; ++i) psi_[i] = at(kPsi, psi[i], psi[i], 256);
  // Limits are enforced by every ancestor: keep their limit files open too (the root has none: ENOENT, skipped).
  for (const std::string& d : ancestors_[kCpu]) {
    ancestor_cpu_max_.push_back(Add(d + (v1_[kCpu] ? "/cpu.cfs_quota_us" : "/cpu.max"), kSmall));
    if (v1_[kCpu]) ancestor_cpu_period_.push_back(Add(d + "/cpu.cfs_period_us", kSmall));
  }
  // v1 memory.stat's hierarchical_memory_limit already is the smallest limit up the tree.
  if (!v1_[kMemory]) {
    for (const std::string& d : ancestors_[kMemory]) ancestor_mem_max_.push_back(Add(d + "/memory.max", kSmall));
  }
}

namespace {

// A v1 or v2 memory limit file as bytes, NaN for none ("max", or v1's page-counter maximum).
double LimitValue(ProcFile* f, int* status) {
  const long n = ReadFile(f);
  double v = kNaN;
  *status = n < 0 ? static_cast<int>(n) : ParseCgroupValue(f->data(), static_cast<size_t>(n), true, &v);
  if (v < 0) {
    *status = kMalformed;  // the kernel prints "max" or a byte count, never a negative number
    v = kNaN;
  }
  if (v >= kNoLimitFrom) v = kNaN;
  return v;
}

// v2 cpu.max, or v1 cpu.cfs_quota_us with cpu.cfs_period_us: quota and period in microseconds (quota NaN: none).
int CpuBandwidth(bool v1, ProcFile* quota_file, ProcFile* period_file, double* quota_us, double* period_us) {
  *quota_us = kNaN;
  *period_us = kNaN;
  long n = ReadFile(quota_file);
  if (n < 0) return static_cast<int>(n);
  if (!v1) {
    return ParseCpuMax(quota_file->data(), static_cast<size_t>(n), quota_us, period_us);
  }
  double q, p;
  int st = ParseCgroupValue(quota_file->data(), static_cast<size_t>(n), false, &q);
  n = ReadFile(period_file);
  if (n < 0) return Worse(st, static_cast<int>(n));
  st = Worse(st, ParseCgroupValue(period_file->data(), static_cast<size_t>(n), false, &p));
  if (!(p > 0)) return kMalformed;
  *period_us = p;
  // -1 is "no quota"; any other negative value is not something the kernel prints.
  if (q == -1) return st;
  if (!(q > 0)) return kMalformed;
  *quota_us = q;
  return st;
}

}  // namespace

CgroupResult CgroupSource::Sample(const TableView& cgroup, const TableView& io, NameTable* io_names,
                                  const TableView& pressure) {
  CgroupResult r;
  if (pressure.attached()) {
    double* o = pressure.scalar_block();
    const int status_slot[] = {pressure_field::cpuStatus, pressure_field::memoryStatus, pressure_field::ioStatus};
    const int first[] = {pressure_field::cpuSomeAvg10, pressure_field::memorySomeAvg10, pressure_field::ioSomeAvg10};
    bool any = false;
    int worst = 0, first_error = 0;
    for (int i = 0; i < 3; ++i) {
      const long n = ReadFile(host_psi_[i]);
      int st;
      if (n < 0) {
        FillNaN(o + first[i], 8);
        st = static_cast<int>(n);
        if (first_error == 0) first_error = st;
      } else {
        st = ParsePressure(host_psi_[i]->data(), static_cast<size_t>(n), o + first[i]);
        any = true;
        worst = Worse(worst, st);
      }
      o[status_slot[i]] = st;
    }
    r.pressure_status = any ? worst : first_error;
  }
  // cgroupIo first: its status is also the cgroup table's ioStatus slot.
  io_status_ = -ENOENT;
  if (io.attached()) {
    if (discover_error_ != 0) {
      io_names->Finish(0);
      r.io.status = discover_error_;
    } else {
      r.io = SampleIo(io, io_names);
      io_status_ = r.io.status == static_cast<int>(Status::kOverflow) ? 0 : r.io.status;
      // No io.stat (the io controller is not enabled for this cgroup): no devices. The file's own status is the
      // cgroup table's ioStatus.
      if (r.io.status < 0) r.io.status = 0;
    }
  }
  if (cgroup.attached()) {
    if (discover_error_ != 0) {
      FillNaN(cgroup.scalar_block(), cgroup_field::kScalars);
      r.cgroup_status = discover_error_;
    } else {
      SampleCgroup(cgroup);
      // The table is as good as its files: an error only when not one file could be read.
      const double* o = cgroup.scalar_block();
      bool any = false;
      int worst = 0, first_error = 0;
#define PS_STATUS_SLOT(file, unused) o[cgroup_field::file##Status],
      const double statuses[] = {PS_CGROUP_FILES(PS_STATUS_SLOT, unused)};
#undef PS_STATUS_SLOT
      for (double s : statuses) {
        const int st = static_cast<int>(s);
        if (st < 0) {
          if (first_error == 0) first_error = st;
        } else {
          any = true;
          worst = Worse(worst, st);
        }
      }
      r.cgroup_status = any ? worst : first_error;
    }
  }
  return r;
}

void CgroupSource::SampleCgroup(const TableView& cgroup) {
  namespace F = cgroup_field;
  double* o = cgroup.scalar_block();
  FillNaN(o, F::kScalars);
  o[F::version] = version_;
  long n;

  // CPU bandwidth: the cgroup's own, and the smallest quota / period up the tree.
  const bool cv1 = v1_[kCpu];
  double quota, period;
  o[F::cpuMaxStatus] = CpuBandwidth(cv1, cpu_max_, cpu_period_, &quota, &period);
  o[F::cpuQuota] = quota / 1e6;
  o[F::cpuPeriod] = period / 1e6;
  // In CPUs, from the microseconds (150000 / 100000 is exactly 1.5; 0.15 / 0.1 is not).
  double limit = quota / period;
  for (size_t i = 0; i < ancestor_cpu_max_.size(); ++i) {
    double q, p;
    CpuBandwidth(cv1, ancestor_cpu_max_[i], cv1 ? ancestor_cpu_period_[i] : nullptr, &q, &p);
    const double l = q / p;
    if (l == l && !(l >= limit)) limit = l;
  }
  o[F::cpuLimit] = limit;

  double v;
  n = ReadFile(cpu_weight_);
  o[F::cpuWeightStatus] = n < 0 ? static_cast<double>(n) : ParseCgroupValue(cpu_weight_->data(), static_cast<size_t>(n), false, &v);
  if (n >= 0) o[cv1 ? F::cpuShares : F::cpuWeight] = v;

  n = ReadFile(cpu_stat_);
  if (n < 0) {
    o[F::cpuStatStatus] = static_cast<double>(n);
  } else if (cv1) {
    static constexpr KeySlot kKeys[] = {
        PS_KS("nr_periods", F::cpuPeriods, 1), PS_KS("nr_throttled", F::cpuThrottledPeriods, 1), PS_KS("throttled_time", F::cpuThrottledTime, 1e9)};
    o[F::cpuStatStatus] = ParseKeys(cpu_stat_->data(), static_cast<size_t>(n), kKeys, o);
  } else {
    static constexpr KeySlot kKeys[] = {PS_KS("usage_usec", F::cpuUsage, 1e6),      PS_KS("user_usec", F::cpuUser, 1e6),
                                        PS_KS("system_usec", F::cpuSystem, 1e6),    PS_KS("nr_periods", F::cpuPeriods, 1),
                                        PS_KS("nr_throttled", F::cpuThrottledPeriods, 1), PS_KS("throttled_usec", F::cpuThrottledTime, 1e6)};
    o[F::cpuStatStatus] = ParseKeys(cpu_stat_->data(), static_cast<size_t>(n), kKeys, o);
  }

  if (!v1_[kCpuacct] && !dir_[kCpuacct].empty()) {
    o[F::cpuacctStatus] = o[F::cpuStatStatus];  // v2: the usage is part of cpu.stat
  } else {
    n = ReadFile(cpuacct_usage_);
    int st = n < 0 ? static_cast<int>(n) : ParseCgroupValue(cpuacct_usage_->data(), static_cast<size_t>(n), false, &v);
    if (n >= 0 && st == 0) o[F::cpuUsage] = v / 1e9;
    n = ReadFile(cpuacct_stat_);
    if (n < 0) {
      st = Worse(st, static_cast<int>(n));
    } else {
      const double tps = TicksPerSecond(units_);
      const KeySlot keys[] = {PS_KS("user", F::cpuUser, tps), PS_KS("system", F::cpuSystem, tps)};
      st = Worse(st, ParseKeys(cpuacct_stat_->data(), static_cast<size_t>(n), keys, o));
    }
    o[F::cpuacctStatus] = st;
  }

  n = ReadFile(cpuset_);
  o[F::cpusetStatus] = n < 0 ? static_cast<double>(n) : ParseCpuList(cpuset_->data(), static_cast<size_t>(n), &o[F::cpusetCpus]);

  // Memory.
  const bool mv1 = v1_[kMemory];
  n = ReadFile(mem_current_);
  o[F::memoryCurrentStatus] = n < 0 ? static_cast<double>(n) : ParseCgroupValue(mem_current_->data(), static_cast<size_t>(n), false, &o[F::memoryUsage]);
  int st;
  const double own = LimitValue(mem_max_, &st);
  o[F::memoryMaxStatus] = st;
  o[F::memoryOwnLimit] = own;
  double mem_limit = own;
  for (ProcFile* f : ancestor_mem_max_) {
    int ignored;
    const double l = LimitValue(f, &ignored);
    if (l == l && !(l >= mem_limit)) mem_limit = l;
  }
  if (mv1) {
    o[F::memoryHighStatus] = -ENOENT;
  } else {
    o[F::memoryHigh] = LimitValue(mem_high_, &st);
    o[F::memoryHighStatus] = st;
  }

  // memory.stat; v1 reads the hierarchical total_* fields (what cAdvisor reports), and its own limit line.
  double hier_limit = kNaN;
  n = ReadFile(mem_stat_);
  if (n < 0) {
    o[F::memoryStatStatus] = static_cast<double>(n);
  } else if (mv1) {
    double t[9];
    FillNaN(t, 9);
    static constexpr KeySlot kKeys[] = {PS_KS("total_rss", 0, 1),           PS_KS("total_cache", 1, 1),
                                        PS_KS("total_shmem", 2, 1),         PS_KS("total_active_file", 3, 1),
                                        PS_KS("total_inactive_file", 4, 1), PS_KS("total_pgfault", 5, 1),
                                        PS_KS("total_pgmajfault", 6, 1),    PS_KS("hierarchical_memory_limit", 7, 1)};
    o[F::memoryStatStatus] = ParseKeys(mem_stat_->data(), static_cast<size_t>(n), kKeys, t);
    o[F::memoryAnon] = t[0];
    o[F::memoryFile] = t[1];
    o[F::memoryShmem] = t[2];
    o[F::memoryActiveFile] = t[3];
    o[F::memoryInactiveFile] = t[4];
    o[F::memoryPageFaults] = t[5];
    o[F::memoryMajorPageFaults] = t[6];
    hier_limit = t[7] >= kNoLimitFrom ? kNaN : t[7];
  } else {
    static constexpr KeySlot kKeys[] = {PS_KS("anon", F::memoryAnon, 1),          PS_KS("file", F::memoryFile, 1),
                                        PS_KS("kernel", F::memoryKernel, 1),      PS_KS("shmem", F::memoryShmem, 1),
                                        PS_KS("active_file", F::memoryActiveFile, 1), PS_KS("inactive_file", F::memoryInactiveFile, 1),
                                        PS_KS("pgfault", F::memoryPageFaults, 1), PS_KS("pgmajfault", F::memoryMajorPageFaults, 1)};
    o[F::memoryStatStatus] = ParseKeys(mem_stat_->data(), static_cast<size_t>(n), kKeys, o);
  }
  if (hier_limit == hier_limit && !(hier_limit >= mem_limit)) mem_limit = hier_limit;
  o[F::memoryLimit] = mem_limit;
  if (mv1) {
    n = ReadFile(kmem_usage_);
    if (n >= 0 && ParseCgroupValue(kmem_usage_->data(), static_cast<size_t>(n), false, &v) == 0) o[F::memoryKernel] = v;
  }
  const double ws = o[F::memoryUsage] - o[F::memoryInactiveFile];
  o[F::memoryWorkingSet] = ws < 0 ? 0 : ws;

  // Swap: v2 has its own counters; v1 counts memory + swap together (memsw), so swap is the difference.
  n = ReadFile(swap_current_);
  double swap = kNaN;
  st = n < 0 ? static_cast<int>(n) : ParseCgroupValue(swap_current_->data(), static_cast<size_t>(n), false, &swap);
  int st2;
  const double swap_limit = LimitValue(swap_max_, &st2);
  o[F::memorySwapStatus] = Worse(st, st2);
  if (mv1) {
    o[F::memorySwapUsage] = swap - o[F::memoryUsage];
    o[F::memorySwapLimit] = swap_limit - own;
  } else {
    o[F::memorySwapUsage] = swap;
    o[F::memorySwapLimit] = swap_limit;
  }

  n = ReadFile(mem_events_);
  if (n < 0) {
    o[F::memoryEventsStatus] = static_cast<double>(n);
  } else if (mv1) {
    // oom_control: oom_kill_disable, under_oom, oom_kill (4.13+). Only oom_kill is a count.
    double under = kNaN;
    o[F::memoryEventsStatus] = ParseKeyedLines(mem_events_->data(), static_cast<size_t>(n), kSpacedLines, [&](Span key, double*) -> double* {
      if (key.Is("oom_kill")) return &o[F::memoryEventsOomKill];
      if (key.Is("under_oom")) return &under;
      return nullptr;
    });
    n = ReadFile(mem_failcnt_);
    if (n >= 0 && ParseCgroupValue(mem_failcnt_->data(), static_cast<size_t>(n), false, &v) == 0) o[F::memoryEventsMax] = v;
  } else {
    static constexpr KeySlot kKeys[] = {PS_KS("low", F::memoryEventsLow, 1), PS_KS("high", F::memoryEventsHigh, 1),
                                        PS_KS("max", F::memoryEventsMax, 1), PS_KS("oom", F::memoryEventsOom, 1),
                                        PS_KS("oom_kill", F::memoryEventsOomKill, 1)};
    o[F::memoryEventsStatus] = ParseKeys(mem_events_->data(), static_cast<size_t>(n), kKeys, o);
  }

  n = ReadFile(pids_current_);
  o[F::pidsCurrentStatus] = n < 0 ? static_cast<double>(n) : ParseCgroupValue(pids_current_->data(), static_cast<size_t>(n), false, &o[F::pidsCurrent]);
  n = ReadFile(pids_max_);
  o[F::pidsMaxStatus] = n < 0 ? static_cast<double>(n) : ParseCgroupValue(pids_max_->data(), static_cast<size_t>(n), true, &o[F::pidsMax]);

  const int psi_first[] = {F::cpuSomeAvg10, F::memorySomeAvg10, F::ioSomeAvg10};
  const int psi_status[] = {F::cpuPressureStatus, F::memoryPressureStatus, F::ioPressureStatus};
  for (int i = 0; i < 3; ++i) {
    n = ReadFile(psi_[i]);
    o[psi_status[i]] = n < 0 ? static_cast<double>(n) : ParsePressure(psi_[i]->data(), static_cast<size_t>(n), o + psi_first[i]);
  }
  o[F::ioStatus] = io_status_;
}

EntryResult CgroupSource::SampleIo(const TableView& io, NameTable* names) {
  namespace E = cgroup_io_entry;
  const size_t cap = io.capacity();
  size_t count = 0;
  bool ok = true;
  // Finds (or adds) the entry of device "major:minor".
  auto entry_of = [&](Span dev) -> double* {
    const char* colon = static_cast<const char*>(std::memchr(dev.p, ':', dev.n));
    uint64_t major, minor;
    if (colon == nullptr || !Cursor::ParseU64(Span{dev.p, static_cast<size_t>(colon - dev.p)}, &major) ||
        !Cursor::ParseU64(Span{colon + 1, static_cast<size_t>(dev.p + dev.n - colon - 1)}, &minor)) {
      return nullptr;
    }
    for (size_t i = 0; i < count && i < cap; ++i) {
      double* e = io.entry(i);
      if (e[E::major] == static_cast<double>(major) && e[E::minor] == static_cast<double>(minor)) return e;
    }
    const size_t i = count++;
    if (i >= cap) return nullptr;
    double* e = io.entry(i);
    FillNaN(e, E::kStride);
    e[E::major] = static_cast<double>(major);
    e[E::minor] = static_cast<double>(minor);
    names->Set(i, dev);
    return e;
  };
  long n = ReadFile(io_stat_);
  if (n < 0) {
    names->Finish(0);
    return EntryResult{static_cast<int>(n), 0};
  }
  if (!v1_[kBlkio]) {
    // v2: "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0"
    Lines lines(io_stat_->data(), static_cast<size_t>(n));
    Span line;
    while (lines.Next(&line)) {
      Cursor c(line);
      Span dev, kv;
      if (!c.NextToken(&dev)) continue;
      double* e = entry_of(dev);
      if (e == nullptr) {
        if (count <= cap) ok = false;  // a device that did not parse (not one past the capacity)
        continue;
      }
      while (c.NextToken(&kv)) {
        const char* eq = static_cast<const char*>(std::memchr(kv.p, '=', kv.n));
        uint64_t v;
        if (eq == nullptr || !Cursor::ParseU64(Span{eq + 1, static_cast<size_t>(kv.p + kv.n - eq - 1)}, &v)) {
          ok = false;
          continue;
        }
        const Span key{kv.p, static_cast<size_t>(eq - kv.p)};
        const int f = key.Is("rbytes") ? E::readBytes : key.Is("wbytes") ? E::writeBytes : key.Is("rios") ? E::readOps : key.Is("wios") ? E::writeOps : -1;
        if (f >= 0) e[f] = static_cast<double>(v);
      }
    }
    if (lines.truncated()) ok = false;
  } else {
    // v1: "8:0 Read 123" lines in two files (bytes, then operations), and a final "Total 456".
    auto parse = [&](ProcFile* f, long len, int read_field, int write_field) {
      Lines lines(f->data(), static_cast<size_t>(len));
      Span line;
      while (lines.Next(&line)) {
        Cursor c(line);
        Span dev, op, value;
        if (!c.NextToken(&dev)) continue;
        if (dev.Is("Total")) continue;
        uint64_t v;
        if (!c.NextToken(&op) || !c.NextToken(&value) || !Cursor::ParseU64(value, &v)) {
          ok = false;
          continue;
        }
        const int field = op.Is("Read") ? read_field : op.Is("Write") ? write_field : -1;
        if (field < 0) continue;
        double* e = entry_of(dev);
        if (e == nullptr) {
          if (count <= cap) ok = false;
          continue;
        }
        e[field] = static_cast<double>(v);
      }
      if (lines.truncated()) ok = false;
    };
    parse(io_stat_, n, E::readBytes, E::writeBytes);
    // Without io_serviced (absent on this kernel) the operation counts stay NaN.
    const long m = ReadFile(io_serviced_);
    if (m >= 0) parse(io_serviced_, m, E::readOps, E::writeOps);
  }
  return FinishEntries(count, cap, ok, names);
}

}  // namespace procsampler
