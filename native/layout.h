// The layout contract between C++ and TypeScript.
//
// Every table is one Float64Array that JavaScript allocates and the addon attaches once. Its shape:
//
//   [0] status      0 = ok; < 0 = -errno (the source is absent: every value NaN);
//                   > 0 = a Status code below (values that parsed are kept, the rest are NaN)
//   [1] generation  bumped whenever the set of entry names (CPUs, disks, interfaces, mounts) changes
//   [2] count       entries the kernel reported; may exceed the capacity (then status is kOverflow)
//   [3] time        CLOCK_MONOTONIC seconds at which the table was last refreshed (NaN: never)
//   [kHeaderSlots .. +scalars)           the table's scalar fields, in the order of its X-macro
//   [.. + capacity * stride)            entry i, field f at kHeaderSlots + scalars + i * stride + f
//
// The addon exports this table at load time (`layout()`: names, units and strides); TypeScript reads the
// offsets from there and never writes one by hand. Units are converted here, once: the unit is part of each
// field's declaration. A value the kernel did not print is NaN, never 0.
#ifndef PROCSAMPLER_LAYOUT_H_
#define PROCSAMPLER_LAYOUT_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include "sources/cgroup_layout.h"

namespace procsampler {

// The header slots at the start of every table, in order: X(name). Exported by layout() as `header`.
#define PS_HEADER_SLOTS(X) X(status) X(generation) X(count) X(time)
enum HeaderSlot : size_t {
#define PS_HEADER_ENUM(name) kHeader_##name,
  PS_HEADER_SLOTS(PS_HEADER_ENUM)
#undef PS_HEADER_ENUM
      kHeaderSlots
};
constexpr size_t kSlotStatus = kHeader_status;
constexpr size_t kSlotGeneration = kHeader_generation;
constexpr size_t kSlotCount = kHeader_count;
constexpr size_t kSlotTime = kHeader_time;

// Positive status codes: the source was read, but not everything in it could be used. X(id, jsName, value);
// exported by layout() as `status` (jsName: value), and TypeScript gets its constants from there.
//   kOk           0: every value the kernel printed was read
//   kMalformed    at least one line did not parse; it was skipped (its values are NaN)
//   kOverflow     more entries than the attached capacity; JS grows the table and samples again
//   kNotSampled   never refreshed (async tables before the first sampleAsync())
//   kNotSelected  the source is not in `sources`
//   kTooLarge     the file is larger than the buffer limit (64 MiB)
//   kClosed       close() was called: the values are gone (JavaScript writes it; the addon no longer does)
//   kDetached     the table's ArrayBuffer was detached (transferred): the addon let go of it and wrote nothing;
//                 JavaScript attached a new array (this is its status until the next sample)
//   kPartial      a table fed by several files: some could not be read (their values are NaN, the others' are
//                 there); each file's own status is in its slot (PS_TABLE_FILES)
#define PS_STATUSES(X)                                                                                      \
  X(kOk, OK, 0) X(kMalformed, MALFORMED, 1) X(kOverflow, OVERFLOW, 2) X(kNotSampled, NOT_SAMPLED, 3)        \
      X(kNotSelected, NOT_SELECTED, 4) X(kTooLarge, TOO_LARGE, 5) X(kClosed, CLOSED, 6)                     \
          X(kDetached, DETACHED, 7) X(kPartial, PARTIAL, 8)
enum class Status : int {
#define PS_STATUS_ENUM(id, js, value) id = value,
  PS_STATUSES(PS_STATUS_ENUM)
#undef PS_STATUS_ENUM
};

// sample() and sampleAsync() return the Bit() mask of the tables that overflowed, ORed with the mask of the
// tables found detached shifted left by this.
constexpr int kDetachedShift = 16;

// X(name, unit) lists. Units: s (seconds), By (bytes), 1 (count or ratio), {x} (a count of x).

#define PS_CPU_TIMES(X)                                                                            \
  X(user, "s") X(nice, "s") X(system, "s") X(idle, "s") X(iowait, "s") X(irq, "s") X(softirq, "s") \
      X(steal, "s") X(guest, "s") X(guestNice, "s")

// cpu: scalars are the aggregate `cpu` line; entries are `cpuN` lines keyed by N.
#define PS_CPU_SCALARS(X) PS_CPU_TIMES(X)
#define PS_CPU_ENTRY(X) X(cpu, "1") PS_CPU_TIMES(X)

// system: /proc/stat counters and /proc/uptime.
#define PS_SYSTEM_SCALARS(X)                                                                     \
  X(bootTime, "s") X(uptime, "s") X(contextSwitches, "{context_switch}") X(interrupts, "{interrupt}") \
      X(forks, "{process}") X(procsRunning, "{process}") X(procsBlocked, "{process}") X(statStatus, "1") \
          X(uptimeStatus, "1")

#define PS_MEMORY_SCALARS(X)                                                                      \
  X(total, "By") X(free, "By") X(available, "By") X(buffers, "By") X(cached, "By")                \
      X(swapCached, "By") X(active, "By") X(inactive, "By") X(shared, "By") X(slab, "By")         \
          X(slabReclaimable, "By") X(slabUnreclaimable, "By") X(swapTotal, "By") X(swapFree, "By") \
              X(dirty, "By") X(writeback, "By") X(anonPages, "By") X(mapped, "By")                \
                  X(committedAs, "By") X(hugePagesTotal, "{page}") X(hugePagesFree, "{page}")     \
                      X(hugePageSize, "By")

#define PS_LOAD_SCALARS(X) \
  X(avg1, "{thread}") X(avg5, "{thread}") X(avg15, "{thread}") X(runnable, "{thread}") X(entities, "{thread}")

// vmstat: pgpgin/pgpgout are KiB in the kernel, converted to bytes.
#define PS_VMSTAT_SCALARS(X)                                                               \
  X(pageFaults, "{fault}") X(majorPageFaults, "{fault}") X(swapIn, "{page}") X(swapOut, "{page}") \
      X(pageIn, "By") X(pageOut, "By")

#define PS_DISK_ENTRY(X)                                                                              \
  X(major, "1") X(minor, "1") X(readOps, "{operation}") X(readMerged, "{operation}") X(readBytes, "By") \
      X(readTime, "s") X(writeOps, "{operation}") X(writeMerged, "{operation}") X(writeBytes, "By")     \
          X(writeTime, "s") X(inFlight, "{operation}") X(ioTime, "s") X(weightedIoTime, "s")           \
              X(discardOps, "{operation}") X(discardMerged, "{operation}") X(discardBytes, "By")         \
                  X(discardTime, "s") X(flushOps, "{operation}") X(flushTime, "s")

#define PS_NET_ENTRY(X)                                                                                \
  X(rxBytes, "By") X(rxPackets, "{packet}") X(rxErrors, "{error}") X(rxDropped, "{packet}")            \
      X(rxFifo, "{error}") X(rxFrame, "{error}") X(rxCompressed, "{packet}") X(rxMulticast, "{packet}") \
          X(txBytes, "By") X(txPackets, "{packet}") X(txErrors, "{error}") X(txDropped, "{packet}")     \
              X(txFifo, "{error}") X(txCollisions, "{collision}") X(txCarrier, "{error}")                \
                  X(txCompressed, "{packet}")

// tcp: the O(1) summary from /proc/net/sockstat, sockstat6 and snmp (refreshed by sample()).
#define PS_TCP_SCALARS(X)                                                                               \
  X(inUse, "{socket}") X(orphan, "{socket}") X(timeWait, "{socket}") X(alloc, "{socket}")              \
      X(inUse6, "{socket}") X(currEstab, "{connection}") X(activeOpens, "{connection}")                 \
          X(passiveOpens, "{connection}") X(retransSegs, "{segment}") X(inErrs, "{segment}")             \
              X(outRsts, "{segment}") X(sockstatStatus, "1") X(sockstat6Status, "1") X(snmpStatus, "1")

#define PS_TCP_STATES(P, X)                                                                      \
  X(P##established, "{connection}") X(P##synSent, "{connection}") X(P##synRecv, "{connection}")  \
      X(P##finWait1, "{connection}") X(P##finWait2, "{connection}") X(P##timeWait, "{connection}") \
          X(P##close, "{connection}") X(P##closeWait, "{connection}") X(P##lastAck, "{connection}") \
              X(P##listen, "{connection}") X(P##closing, "{connection}")

// tcpStates: per-state counts from /proc/net/tcp and tcp6 (refreshed by sampleAsync() on a native thread).
// v4Status / v6Status carry each file's own status (-ENOENT for tcp6 when IPv6 is off).
#define PS_TCP_STATES_SCALARS(X) \
  PS_TCP_STATES(v4_, X) PS_TCP_STATES(v6_, X) X(v4Status, "1") X(v6Status, "1")

// filesystems: one entry per mount of <procRoot>/<pid>/mountinfo (refreshed by sampleAsync()).
#define PS_FS_ENTRY(X)                                                                            \
  X(total, "By") X(free, "By") X(available, "By") X(used, "By") X(inodes, "{inode}")              \
      X(inodesFree, "{inode}") X(readOnly, "1") X(stuck, "1") X(statStatus, "1")

// process: <procRoot>/<pid>/{stat,status,io,fd} and getrusage(RUSAGE_SELF) for the real own process.
#define PS_PROCESS_SCALARS(X)                                                                          \
  X(pid, "1") X(cpuUser, "s") X(cpuSystem, "s") X(rss, "By") X(vms, "By") X(maxRss, "By")            \
      X(threads, "{thread}") X(openFds, "{file_descriptor}") X(minorFaults, "{fault}")                 \
          X(majorFaults, "{fault}") X(voluntaryContextSwitches, "{context_switch}")                    \
              X(involuntaryContextSwitches, "{context_switch}") X(readBytes, "By") X(writeBytes, "By") \
                  X(readChars, "By") X(writeChars, "By") X(startTime, "s") X(statusStatus, "1")       \
                      X(ioStatus, "1") X(fdStatus, "1") X(statStatus, "1") X(bootTimeStatus, "1")

#define PS_NO_FIELDS(X)

// Entry names (names(table)). A disk, an interface or a CPU is named by one kernel string ("sda", "eth0"). A
// filesystems entry is named by its parts, in PS_FS_NAME_PARTS order, joined by kEntryNameSeparator: NUL, the
// one byte no path, device or type can hold (a decoded \011 is a real tab, a \040 a real space). layout()
// exports both, and TypeScript splits names with them only (src/sources/entry-names.ts): the encoding lives here.
constexpr char kEntryNameSeparator = '\0';
// X(part): each part is also the name of the Mount field it comes from (sources/sources.h).
#define PS_FS_NAME_PARTS(X) X(device) X(mountpoint) X(type)
// The cgroup table's names() are not one name per entry but groups of consecutive names: one group per
// controller found, its parts in PS_CGROUP_NAME_PARTS order ([controller, directory, controller, directory, ...]).
// X(part): each part is also the name of the CgroupNameParts member it comes from (sources/cgroup.h). layout()
// exports the parts as entryNames.groups.cgroup; TypeScript decodes them in src/sources/entry-names.ts only.
#define PS_CGROUP_NAME_PARTS(X) X(controller) X(directory)

// The controllers a cgroup is looked up for, in CgroupSource::Controller order. X(enumerator, name): the name is the
// one the kernel prints in /proc/<pid>/cgroup and in a v1 mount's super options (`pressure`: the v2 hierarchy,
// where the PSI files are), and the `controller` part of names(). layout() exports the names as
// entryNames.cgroupControllers (src/generated/layout.ts CGROUP_CONTROLLERS, the keys of CgroupStats.directories).
#define PS_CGROUP_CONTROLLERS(X) \
  X(kCpu, cpu) X(kCpuacct, cpuacct) X(kCpuset, cpuset) X(kMemory, memory) X(kBlkio, blkio) X(kPids, pids) X(kPsi, pressure)

// X(id, jsName, scalars, entry)
#define PS_TABLES(X)                                              \
  X(kCpu, "cpu", PS_CPU_SCALARS, PS_CPU_ENTRY)                    \
  X(kSystem, "system", PS_SYSTEM_SCALARS, PS_NO_FIELDS)           \
  X(kMemory, "memory", PS_MEMORY_SCALARS, PS_NO_FIELDS)           \
  X(kLoad, "load", PS_LOAD_SCALARS, PS_NO_FIELDS)                 \
  X(kVmstat, "vmstat", PS_VMSTAT_SCALARS, PS_NO_FIELDS)           \
  X(kDisks, "disks", PS_NO_FIELDS, PS_DISK_ENTRY)                 \
  X(kNetwork, "network", PS_NO_FIELDS, PS_NET_ENTRY)              \
  X(kTcp, "tcp", PS_TCP_SCALARS, PS_NO_FIELDS)                    \
  X(kTcpStates, "tcpStates", PS_TCP_STATES_SCALARS, PS_NO_FIELDS) \
  X(kFilesystems, "filesystems", PS_NO_FIELDS, PS_FS_ENTRY)       \
  X(kProcess, "process", PS_PROCESS_SCALARS, PS_NO_FIELDS)        \
  X(kCgroup, "cgroup", PS_CGROUP_SCALARS, PS_NO_FIELDS)           \
  X(kCgroupIo, "cgroupIo", PS_NO_FIELDS, PS_CGROUP_IO_ENTRY)      \
  X(kPressure, "pressure", PS_PRESSURE_SCALARS, PS_NO_FIELDS)

enum class Table : int {
#define PS_ENUM(id, js, s, e) id,
  PS_TABLES(PS_ENUM)
#undef PS_ENUM
      kCount
};
constexpr int kTableCount = static_cast<int>(Table::kCount);

// Field indices: Cpu::user, Memory::total, Disk::readBytes ... (relative to the scalar block or the entry).
#define PS_FIELD_ENUM(name, unit) name,
#define PS_COUNT_FIELD(name, unit) +1
namespace cpu_field { enum : int { PS_CPU_SCALARS(PS_FIELD_ENUM) kScalars }; }
namespace cpu_entry { enum : int { PS_CPU_ENTRY(PS_FIELD_ENUM) kStride }; }
namespace system_field { enum : int { PS_SYSTEM_SCALARS(PS_FIELD_ENUM) kScalars }; }
namespace memory_field { enum : int { PS_MEMORY_SCALARS(PS_FIELD_ENUM) kScalars }; }
namespace load_field { enum : int { PS_LOAD_SCALARS(PS_FIELD_ENUM) kScalars }; }
namespace vmstat_field { enum : int { PS_VMSTAT_SCALARS(PS_FIELD_ENUM) kScalars }; }
namespace disk_entry { enum : int { PS_DISK_ENTRY(PS_FIELD_ENUM) kStride }; }
namespace net_entry { enum : int { PS_NET_ENTRY(PS_FIELD_ENUM) kStride }; }
namespace tcp_field { enum : int { PS_TCP_SCALARS(PS_FIELD_ENUM) kScalars }; }
namespace tcp_states_field { enum : int { PS_TCP_STATES_SCALARS(PS_FIELD_ENUM) kScalars }; }
namespace fs_entry { enum : int { PS_FS_ENTRY(PS_FIELD_ENUM) kStride }; }
namespace process_field { enum : int { PS_PROCESS_SCALARS(PS_FIELD_ENUM) kScalars }; }
namespace cgroup_field { enum : int { PS_CGROUP_SCALARS(PS_FIELD_ENUM) kScalars }; }
namespace cgroup_io_entry { enum : int { PS_CGROUP_IO_ENTRY(PS_FIELD_ENUM) kStride }; }
namespace pressure_field { enum : int { PS_PRESSURE_SCALARS(PS_FIELD_ENUM) kScalars }; }
#undef PS_FIELD_ENUM

// Scalar count and entry stride of each table, in Table order.
constexpr int kScalarCount[kTableCount] = {
#define PS_SCALARS(id, js, s, e) 0 s(PS_COUNT_FIELD),
    PS_TABLES(PS_SCALARS)
#undef PS_SCALARS
};
constexpr int kEntryStride[kTableCount] = {
#define PS_STRIDE(id, js, s, e) 0 e(PS_COUNT_FIELD),
    PS_TABLES(PS_STRIDE)
#undef PS_STRIDE
};

static_assert(kTableCount <= kDetachedShift, "the overflow and detached masks of sample() would overlap");

// The tables fed by several files, one X(table, status field, file) per file, in the order the status rule takes
// them. Exported by layout() as each table's `files`, so JavaScript names what failed.
#define PS_TABLE_FILES(X)                                                                                    \
  X(kSystem, statStatus, "stat") X(kSystem, uptimeStatus, "uptime")                                         \
  X(kTcp, sockstatStatus, "net/sockstat") X(kTcp, sockstat6Status, "net/sockstat6")                         \
  X(kTcp, snmpStatus, "net/snmp")                                                                            \
  X(kTcpStates, v4Status, "net/tcp") X(kTcpStates, v6Status, "net/tcp6")                                   \
  X(kProcess, statStatus, "<pid>/stat") X(kProcess, statusStatus, "<pid>/status")                           \
  X(kProcess, ioStatus, "<pid>/io") X(kProcess, fdStatus, "<pid>/fd") X(kProcess, bootTimeStatus, "stat")

// The field namespace of each table PS_TABLE_FILES names (PS_FIELDS_<table>::<field> is the field's index).
#define PS_FIELDS_kSystem system_field
#define PS_FIELDS_kTcp tcp_field
#define PS_FIELDS_kTcpStates tcp_states_field
#define PS_FIELDS_kProcess process_field

// PS_TABLE_FILES as data: each file's table, the index of its status slot among the table's scalars, its name.
struct TableFile {
  Table table;
  int field;
  const char* file;
};
constexpr TableFile kTableFiles[] = {
#define PS_TABLE_FILE_ENTRY(table, field, file) {Table::table, PS_FIELDS_##table::field, file},
    PS_TABLE_FILES(PS_TABLE_FILE_ENTRY)
#undef PS_TABLE_FILE_ENTRY
};

// A file gave none of its values: it could not be read (-errno) or was too large.
constexpr bool FileFailed(int status) { return status < 0 || status == static_cast<int>(Status::kTooLarge); }

// The one rule for a table fed by several files (PS_TABLE_FILES): a value is present when its file gave it, and
// the status names what failed.
//   every one of the first `own` files failed   the first file's status: the table is absent (all NaN)
//   some failed, some did not                   kPartial (each file's status is in its own slot)
//   none failed                                 the first positive status of a file (kMalformed ...), else 0
// `own` (default: all) leaves out files that only complete another file's values: the process table's btime
// from /proc/stat gives its start time only together with <pid>/stat, so a process that is gone is absent.
inline int CombineFileStatuses(const int* statuses, size_t count, size_t own = SIZE_MAX) {
  size_t failed = 0, own_failed = 0;
  int first = 0, positive = 0;
  if (own > count) own = count;
  for (size_t i = 0; i < count; ++i) {
    const int s = statuses[i];
    if (i == 0) first = s;
    if (FileFailed(s)) {
      ++failed;
      if (i < own) ++own_failed;
    } else if (s > 0 && positive == 0) {
      positive = s;
    }
  }
  if (failed == 0) return positive;
  if (own_failed == own) return first;
  return static_cast<int>(Status::kPartial);
}
inline int CombineFileStatuses(std::initializer_list<int> statuses, size_t own = SIZE_MAX) {
  return CombineFileStatuses(statuses.begin(), statuses.size(), own);
}

// A view of one attached table. Writers go through it so no offset is computed by hand elsewhere.
struct TableView {
  double* data = nullptr;
  size_t length = 0;
  int scalars = 0;
  int stride = 0;

  bool attached() const { return data != nullptr; }
  size_t capacity() const {
    if (stride == 0 || length < kHeaderSlots + scalars) return 0;
    return (length - kHeaderSlots - scalars) / static_cast<size_t>(stride);
  }
  double* scalar_block() const { return data + kHeaderSlots; }
  double* entry(size_t i) const { return data + kHeaderSlots + scalars + i * static_cast<size_t>(stride); }
  void set_status(int s) const { data[kSlotStatus] = s; }
  int status() const { return static_cast<int>(data[kSlotStatus]); }
};

// The status of table `t` (attached as `v`) after a sample: the one rule. A table fed by several files
// (PS_TABLE_FILES) combines the statuses in their slots, in that order (CombineFileStatuses(); the first `own`
// decide absence); any other table has one file, and `file_status` is its status.
inline int TableStatus(Table t, const TableView& v, int file_status, size_t own = SIZE_MAX) {
  int statuses[sizeof(kTableFiles) / sizeof(kTableFiles[0])];
  size_t n = 0;
  for (const TableFile& f : kTableFiles) {
    if (f.table == t) statuses[n++] = static_cast<int>(v.scalar_block()[f.field]);
  }
  return n == 0 ? file_status : CombineFileStatuses(statuses, n, own);
}

}  // namespace procsampler

#endif  // PROCSAMPLER_LAYOUT_H_
