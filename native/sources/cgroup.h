// The cgroup source: the process's cgroup (v2, v1 or hybrid) found once at set-up from <procRoot>/<pid>/cgroup
// and <procRoot>/<pid>/mountinfo, its files kept open and re-read with pread into fixed buffers on every
// sample. Also the system-wide PSI files of <procRoot>/pressure (the pressure table).
#ifndef PROCSAMPLER_SOURCES_CGROUP_H_
#define PROCSAMPLER_SOURCES_CGROUP_H_

#include <memory>
#include <string>
#include <vector>

#include "layout.h"
#include "io/proc_file.h"
#include "sources/sources.h"

namespace procsampler {

struct CgroupConfig {
  std::string proc_root;    // <procRoot>
  std::string pid_dir;      // <procRoot>/<pid> (or /self)
  std::string root_fs;      // prefixed to mountinfo's mount points when cgroup_root is empty ("/": none)
  std::string cgroup_root;  // where the cgroup filesystem is mounted; empty: rootFs + the mount points
  std::string cgroup_path;  // the cgroup to read, inside the hierarchy; empty: the process's, from <pid>/cgroup
  bool cgroup = false;      // open the cgroup and cgroupIo tables' files
  bool pressure = false;    // open <procRoot>/pressure/*
};

// The parts of one group of the cgroup table's names(): its members are named by PS_CGROUP_NAME_PARTS (layout.h),
// which gives the order the groups are written in; a part renamed there without here does not compile.
struct CgroupNameParts {
  const std::string& controller;  // the controller ("cpu", "memory", ...; "pressure" for the PSI directory)
  const std::string& directory;   // its cgroup directory, as the addon opens it
};

// One line of <pid>/cgroup: "hierarchy-id:controller,list:path" ("0::/path" is the v2 hierarchy).
struct CgroupMembership {
  bool unified = false;  // a v2 line is present
  std::string unified_path;
  std::vector<std::string> controllers;  // v1 lines: controller names (name=... excluded), parallel to paths
  std::vector<std::string> paths;
};
int ParseCgroupMembership(const char* p, size_t n, CgroupMembership* out);

// A cgroup or cgroup2 line of mountinfo.
struct CgroupMount {
  bool unified = false;
  std::string root;        // the mount's root inside the hierarchy (field 4)
  std::string mountpoint;  // field 5, unescaped
  std::vector<std::string> controllers;  // v1: the controllers in the super options
};
int ParseCgroupMounts(const char* p, size_t n, std::vector<CgroupMount>* out);

// What Sample() reports for the tables (sampler.cc stamps them).
struct CgroupResult {
  int cgroup_status = 0;
  EntryResult io;
  int pressure_status = 0;
};

class CgroupSource {
 public:
  CgroupSource();
  ~CgroupSource();
  CgroupSource(const CgroupSource&) = delete;
  CgroupSource& operator=(const CgroupSource&) = delete;

  // Set-up: finds the cgroup directories and opens every file (allocates; never on the sample path).
  void Open(const CgroupConfig& config, const Units& units);
  void Close();
  // Re-reads every open file into the attached tables (any may be unattached). Allocation-free in the steady
  // state (a ProcFile grows once when a file outgrows its buffer).
  CgroupResult Sample(const TableView& cgroup, const TableView& io, NameTable* io_names, const TableView& pressure);

  // The controllers and their directories, one group of PS_CGROUP_NAME_PARTS per controller (for names()).
  const std::vector<std::string>& directories() const { return directories_; }

#define PS_CONTROLLER_ENUM(e, name) e,
  enum Controller : int { PS_CGROUP_CONTROLLERS(PS_CONTROLLER_ENUM) kControllerCount };
#undef PS_CONTROLLER_ENUM

 private:
  void Discover(const CgroupConfig& config);
  void OpenFiles();
  void SampleCgroup(const TableView& cgroup);
  EntryResult SampleIo(const TableView& io, NameTable* names);
  ProcFile* Add(const std::string& path, size_t capacity);

  Units units_{0.01, 4096};
  int discover_error_ = -2;  // -ENOENT until a cgroup is found
  double version_ = kNaN;
  int io_status_ = -2;
  // Per controller: its directory ("" = not found) and whether it is a v1 hierarchy.
  std::string dir_[kControllerCount];
  bool v1_[kControllerCount] = {};
  std::vector<std::string> ancestors_[kControllerCount];  // parent directories up to the mount's, nearest first
  std::vector<std::string> directories_;

  std::vector<std::unique_ptr<ProcFile>> owned_;
  // Files by role (nullptr: not opened). One per role; ancestors' limit files in the vectors.
  ProcFile* cpu_max_ = nullptr;     // v2 cpu.max | v1 cpu.cfs_quota_us
  ProcFile* cpu_period_ = nullptr;  // v1 cpu.cfs_period_us
  ProcFile* cpu_weight_ = nullptr;  // v2 cpu.weight | v1 cpu.shares
  ProcFile* cpu_stat_ = nullptr;
  ProcFile* cpuacct_usage_ = nullptr;
  ProcFile* cpuacct_stat_ = nullptr;
  ProcFile* cpuset_ = nullptr;
  ProcFile* mem_current_ = nullptr;  // memory.current | memory.usage_in_bytes
  ProcFile* mem_max_ = nullptr;      // memory.max | memory.limit_in_bytes
  ProcFile* mem_high_ = nullptr;
  ProcFile* swap_current_ = nullptr;  // memory.swap.current | memory.memsw.usage_in_bytes
  ProcFile* swap_max_ = nullptr;      // memory.swap.max | memory.memsw.limit_in_bytes
  ProcFile* mem_stat_ = nullptr;
  ProcFile* mem_events_ = nullptr;  // memory.events | memory.oom_control
  ProcFile* mem_failcnt_ = nullptr;
  ProcFile* kmem_usage_ = nullptr;
  ProcFile* io_stat_ = nullptr;      // io.stat | blkio.throttle.io_service_bytes
  ProcFile* io_serviced_ = nullptr;  // blkio.throttle.io_serviced
  ProcFile* pids_current_ = nullptr;
  ProcFile* pids_max_ = nullptr;
  ProcFile* psi_[3] = {};
  ProcFile* host_psi_[3] = {};
  std::vector<ProcFile*> ancestor_cpu_max_;
  std::vector<ProcFile*> ancestor_cpu_period_;
  std::vector<ProcFile*> ancestor_mem_max_;
};

// Parsers over bytes (exposed for the C floor's twin and for tests through fixtures).
// "max" or a decimal, alone on its line. *value is NaN for "max" (when allowed). Returns 0 or kMalformed.
int ParseCgroupValue(const char* p, size_t n, bool allow_max, double* value);
// cpu.max: "<quota|max> <period>" in microseconds. *quota NaN for max.
int ParseCpuMax(const char* p, size_t n, double* quota_us, double* period_us);
// A PSI file: "some avg10=.. avg60=.. avg300=.. total=..", optionally "full ..."; into 8 slots (ratios, s).
int ParsePressure(const char* p, size_t n, double* out8);
// A cpu list "0-3,8,10-11": the number of CPUs, or NaN.
int ParseCpuList(const char* p, size_t n, double* count);

}  // namespace procsampler

#endif  // PROCSAMPLER_SOURCES_CGROUP_H_
