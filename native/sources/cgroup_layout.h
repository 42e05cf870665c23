// The fields of the cgroup, cgroupIo and pressure tables (included by layout.h, which lists the tables).
// Units are converted in native/sources/cgroup.cc: microseconds and nanoseconds to seconds, USER_HZ ticks to
// seconds, PSI percentages to ratios 0..1. A file that is absent leaves its fields NaN; "no limit" (`max`, or
// v1's huge page-counter maximum) is NaN too, never a number.
#ifndef PROCSAMPLER_CGROUP_LAYOUT_H_
#define PROCSAMPLER_CGROUP_LAYOUT_H_

// One PSI resource: the `some` and `full` lines, each avg10/avg60/avg300 (share of wall time, 0..1) and total
// (seconds of stall since boot, or since the cgroup was created).
#define PS_PSI_FIELDS(P, X)                                                                             \
  X(P##SomeAvg10, "1") X(P##SomeAvg60, "1") X(P##SomeAvg300, "1") X(P##SomeTotal, "s")                 \
      X(P##FullAvg10, "1") X(P##FullAvg60, "1") X(P##FullAvg300, "1") X(P##FullTotal, "s")

// The cgroup files whose own read status is reported in a slot `<file>Status` (0, -errno, or a Status code).
// A logical file covers both hierarchies: cpuMax is v2 cpu.max or v1 cpu.cfs_quota_us + cpu.cfs_period_us.
// M(file, X) is applied to each, so one list gives the status slots and the file enum of cgroup.cc.
#define PS_CGROUP_FILES(M, X)                                                                               \
  M(cpuMax, X) M(cpuWeight, X) M(cpuStat, X) M(cpuacct, X) M(cpuset, X) M(memoryCurrent, X) M(memoryMax, X) \
      M(memoryHigh, X) M(memorySwap, X) M(memoryStat, X) M(memoryEvents, X) M(io, X) M(pidsCurrent, X)      \
          M(pidsMax, X) M(cpuPressure, X) M(memoryPressure, X) M(ioPressure, X)
#define PS_CGROUP_STATUS_OF(file, X) X(file##Status, "1")
#define PS_CGROUP_STATUS_SLOTS(X) PS_CGROUP_FILES(PS_CGROUP_STATUS_OF, X)

// cgroup: the process's cgroup (v2, v1, or hybrid: v1 controllers with the v2 hierarchy for pressure).
//   version           2 (unified) or 1 (v1 controllers, hybrid included)
//   cpuQuota/Period   the cgroup's own CFS bandwidth, seconds per period (NaN: `max` / -1, no quota)
//   cpuLimit          the smallest quota / period of the cgroup and its ancestors (CPUs; NaN: none)
//   cpusetCpus        CPUs in the cgroup's effective cpuset
//   cpuWeight         v2 cpu.weight (1..10000); cpuShares v1 cpu.shares
//   cpuUsage/User/System  CPU time of the cgroup (v2 cpu.stat; v1 cpuacct.usage, cpuacct.stat)
//   cpuPeriods, cpuThrottledPeriods, cpuThrottledTime  CFS bandwidth periods, those throttled, time throttled
//   memoryLimit       the smallest limit of the cgroup and its ancestors (v2 memory.max; v1 limit_in_bytes and
//                     hierarchical_memory_limit); NaN: no limit
//   memoryWorkingSet  memoryUsage - memoryInactiveFile, at least 0 (cAdvisor's and the kubelet's definition)
#define PS_CGROUP_SCALARS(X)                                                                                  \
  X(version, "1") X(cpuQuota, "s") X(cpuPeriod, "s") X(cpuLimit, "{cpu}") X(cpusetCpus, "{cpu}")            \
      X(cpuWeight, "1") X(cpuShares, "1") X(cpuUsage, "s") X(cpuUser, "s") X(cpuSystem, "s")                 \
          X(cpuPeriods, "{period}") X(cpuThrottledPeriods, "{period}") X(cpuThrottledTime, "s")               \
              X(memoryUsage, "By") X(memoryLimit, "By") X(memoryOwnLimit, "By") X(memoryHigh, "By")           \
                  X(memorySwapUsage, "By") X(memorySwapLimit, "By") X(memoryAnon, "By") X(memoryFile, "By")   \
                      X(memoryKernel, "By") X(memoryShmem, "By") X(memoryActiveFile, "By")                    \
                          X(memoryInactiveFile, "By") X(memoryWorkingSet, "By") X(memoryPageFaults, "{fault}") \
                              X(memoryMajorPageFaults, "{fault}") X(memoryEventsLow, "{event}")               \
                                  X(memoryEventsHigh, "{event}") X(memoryEventsMax, "{event}")                \
                                      X(memoryEventsOom, "{event}") X(memoryEventsOomKill, "{event}")         \
                                          X(pidsCurrent, "{process}") X(pidsMax, "{process}")                 \
                                              PS_PSI_FIELDS(cpu, X) PS_PSI_FIELDS(memory, X)                  \
                                                  PS_PSI_FIELDS(io, X) PS_CGROUP_STATUS_SLOTS(X)

// cgroupIo: one entry per block device of io.stat (v1 blkio.throttle.io_service_bytes / io_serviced), named
// "major:minor".
#define PS_CGROUP_IO_ENTRY(X)                                                                           \
  X(major, "1") X(minor, "1") X(readBytes, "By") X(writeBytes, "By") X(readOps, "{operation}")         \
      X(writeOps, "{operation}")

// pressure: the system-wide PSI of <procRoot>/pressure/{cpu,memory,io} (Linux 4.20+, CONFIG_PSI), with each
// file's status.
#define PS_PRESSURE_SCALARS(X)                                                                         \
  PS_PSI_FIELDS(cpu, X) PS_PSI_FIELDS(memory, X) PS_PSI_FIELDS(io, X) X(cpuStatus, "1")                \
      X(memoryStatus, "1") X(ioStatus, "1")

#endif  // PROCSAMPLER_CGROUP_LAYOUT_H_
