// The source table (sampler/source_table.h) and the readers it names: what sample() reads, in table order.
#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>

#include "sampler/sampler.h"

namespace procsampler {

namespace {

constexpr long kProcSuperMagic = 0x9fa0;

// In sample() order: /proc/stat first (its btime completes the process table's start time).
constexpr Source kSources[] = {
    {Table::kCpu, Bit(Table::kCpu) | Bit(Table::kSystem), {{File::kStat}, {File::kUptime, nullptr, nullptr, Bit(Table::kSystem)}}, 2,
     &NativeSampler::SampleStat, SIZE_MAX},
    {Table::kMemory, Bit(Table::kMemory), {{File::kMeminfo, &ParseMeminfo}}, 1, &NativeSampler::SampleScalars, SIZE_MAX},
    {Table::kLoad, Bit(Table::kLoad), {{File::kLoadavg, &ParseLoadavg}}, 1, &NativeSampler::SampleScalars, SIZE_MAX},
    {Table::kVmstat, Bit(Table::kVmstat), {{File::kVmstat, &ParseVmstat}}, 1, &NativeSampler::SampleScalars, SIZE_MAX},
    {Table::kDisks, Bit(Table::kDisks), {{File::kDiskstats, nullptr, &ParseDiskstats}}, 1, &NativeSampler::SampleEntries,
     SIZE_MAX},
    {Table::kNetwork, Bit(Table::kNetwork), {{File::kNetDev, nullptr, &ParseNetDev}}, 1, &NativeSampler::SampleEntries,
     SIZE_MAX},
    // Each file's status in its slot, in PS_TABLE_FILES order.
    {Table::kTcp, Bit(Table::kTcp),
     {{File::kSockstat, &ParseSockstat}, {File::kSockstat6, &ParseSockstat6}, {File::kSnmp, &ParseSnmp}}, 3,
     &NativeSampler::SampleParts, SIZE_MAX},
    // /proc/stat for btime, taken from the first sample that reads it; <pid>/fd is opened as a directory.
    {Table::kProcess, Bit(Table::kProcess), {{File::kPidStat}, {File::kPidStatus}, {File::kPidIo}, {File::kStat}}, 4,
     &NativeSampler::SampleProcess, 4},
    // Files of its own (CgroupSource: found at set-up from the cgroup hierarchy).
    {Table::kCgroup, Bit(Table::kCgroup) | Bit(Table::kCgroupIo) | Bit(Table::kPressure), {}, 0,
     &NativeSampler::SampleCgroup, SIZE_MAX},
};

void Absent(const TableView& v) {
  if (!v.attached()) return;
  FillNaN(v.scalar_block(), static_cast<size_t>(v.scalars));
}

constexpr int kOverflow = static_cast<int>(Status::kOverflow);

}  // namespace

void NativeSampler::OpenSources(const std::string& net_dir, const CgroupConfig& cgroup) {
  const std::string* dirs[] = {&proc_root_, &net_dir, &pid_dir_};
  for (const Source& s : kSources) {
    if (!SelectedAny(s.tables)) continue;
    for (size_t i = 0; i < s.file_count; ++i) {
      if (s.files[i].tables != 0 && !SelectedAny(s.files[i].tables)) continue;
      ProcFile& f = FileOf(s.files[i].file);
      const FileSpec& spec = kFiles[static_cast<int>(s.files[i].file)];
      if (!f.is_open()) f.Open(*dirs[static_cast<int>(spec.dir)] + spec.path);
    }
  }
  if (Selected(Table::kProcess)) {
    const int fd = OpenForRead(pid_dir_ + "/fd", O_DIRECTORY);
    fd_dir_ = fd < 0 ? -1 : fd;
    fd_dir_error_ = fd < 0 ? fd : 0;
    struct statfs sfs;
    fd_dir_procfs_ = fd_dir_ >= 0 && fstatfs(fd_dir_, &sfs) == 0 && sfs.f_type == kProcSuperMagic;
  }
  if (SelectedAny(Bit(Table::kCgroup) | Bit(Table::kCgroupIo) | Bit(Table::kPressure))) cgroup_.Open(cgroup, units_);
}

void NativeSampler::CloseSources() {
  for (ProcFile& f : files_) f.Close();
  cgroup_.Close();
  if (fd_dir_ >= 0) ::close(fd_dir_);
  fd_dir_ = -1;
}

int NativeSampler::SampleSync() {
  const double now = MonotonicSeconds();
  int overflow = 0;
  for (const Source& s : kSources) {
    if (SelectedAny(s.tables)) overflow |= (this->*s.sample)(s, now);
  }
  return overflow;
}

// /proc/stat feeds the cpu table (its status is the file's) and, with /proc/uptime, the system table.
int NativeSampler::SampleStat(const Source& source, double now) {
  int overflow = 0;
  const TableView& cpu = View(Table::kCpu);
  const TableView& sys = View(Table::kSystem);
  ProcFile& stat = FileOf(File::kStat);
  const long n = stat.Read();
  int stat_status;  // /proc/stat as a file of the system table
  if (n < 0) {
    Absent(cpu);
    Absent(sys);
    stat_status = ReadStatus(n);
    if (boot_time_status_ != 0) boot_time_status_ = stat_status;
    Stamp(Table::kCpu, stat_status, 0, static_cast<double>(cpu_generation_), now);
  } else {
    EntryResult r = ParseStat(stat.data(), static_cast<size_t>(n), units_, cpu, &cpu_generation_, sys);
    if (r.status == kOverflow) overflow |= Bit(Table::kCpu);
    Stamp(Table::kCpu, r.status, static_cast<double>(r.count), static_cast<double>(cpu_generation_), now);
    stat_status = r.status == kOverflow ? 0 : r.status;
    if (boot_time_status_ != 0 && Selected(Table::kProcess)) TakeBootTime(static_cast<size_t>(n));
  }
  // /proc/uptime is a file of its own: it is read even when /proc/stat is not there, and the other way round.
  if (sys.attached()) {
    ProcFile& uptime = FileOf(File::kUptime);
    const long u = uptime.Read();
    int uptime_status;
    if (u < 0) {
      sys.scalar_block()[system_field::uptime] = kNaN;
      uptime_status = ReadStatus(u);
    } else {
      uptime_status = ParseUptime(uptime.data(), static_cast<size_t>(u), sys);
    }
    sys.scalar_block()[system_field::statStatus] = stat_status;
    sys.scalar_block()[system_field::uptimeStatus] = uptime_status;
    Stamp(Table::kSystem, TableStatus(Table::kSystem, sys, stat_status, source.own_files), 0, 0, now);
  }
  return overflow;
}

// One file into the table's scalars.
int NativeSampler::SampleScalars(const Source& source, double now) {
  const TableView& v = View(source.table);
  if (!v.attached()) return 0;
  ProcFile& f = FileOf(source.files[0].file);
  const long n = f.Read();
  int status;
  if (n < 0) {
    Absent(v);
    status = ReadStatus(n);
  } else {
    status = source.files[0].scalars(f.data(), static_cast<size_t>(n), v);
  }
  Stamp(source.table, TableStatus(source.table, v, status), 0, 0, now);
  return 0;
}

// One file into the table's entries and their names.
int NativeSampler::SampleEntries(const Source& source, double now) {
  const TableView& v = View(source.table);
  if (!v.attached()) return 0;
  NameTable& names = names_[static_cast<int>(source.table)];
  ProcFile& f = FileOf(source.files[0].file);
  const long n = f.Read();
  if (n < 0) {
    names.Finish(0);
    Stamp(source.table, TableStatus(source.table, v, ReadStatus(n)), 0, names.generation(), now);
    return 0;
  }
  EntryResult r = source.files[0].entries(f.data(), static_cast<size_t>(n), v, &names);
  Stamp(source.table, TableStatus(source.table, v, r.status), static_cast<double>(r.count), names.generation(), now);
  return r.status == kOverflow ? Bit(source.table) : 0;
}

// Several files into the same table's scalars, each file's status in its slot (PS_TABLE_FILES order).
int NativeSampler::SampleParts(const Source& source, double now) {
  const TableView& v = View(source.table);
  if (!v.attached()) return 0;
  double* out = v.scalar_block();
  size_t part = 0;
  for (const TableFile& tf : kTableFiles) {
    if (tf.table != source.table || part == source.file_count) continue;
    const SourceFile& file = source.files[part++];
    ProcFile& f = FileOf(file.file);
    const long n = f.Read();
    // An absent file still clears its fields to NaN (parsing zero bytes finds nothing).
    const int status = file.scalars(f.data(), n < 0 ? 0 : static_cast<size_t>(n), v);
    out[tf.field] = n < 0 ? ReadStatus(n) : status;
  }
  Stamp(source.table, TableStatus(source.table, v, 0, source.own_files), 0, 0, now);
  return 0;
}

// btime from the /proc/stat content (`n` bytes read): the boot time of the process start time.
void NativeSampler::TakeBootTime(size_t n) {
  const double bt = ParseBootTime(FileOf(File::kStat).data(), n);
  if (bt == bt) {
    boot_time_ = bt;
    boot_time_status_ = 0;
  } else {
    boot_time_status_ = static_cast<int>(Status::kMalformed);
  }
}

int NativeSampler::CountFds(double* out) {
  if (fd_dir_ < 0) return fd_dir_error_;
  // Linux >= 6.2 reports the number of open descriptors as the size of a procfs fd directory: no walk needed.
  if (fd_dir_procfs_) {
    struct stat st;
    if (fstat(fd_dir_, &st) == 0 && st.st_size > 0) {
      *out = static_cast<double>(st.st_size);
      return 0;
    }
  }
  if (lseek(fd_dir_, 0, SEEK_SET) < 0) return -errno;
  double count = 0;
  for (;;) {
    const long n = syscall(SYS_getdents64, fd_dir_, dents_.data(), dents_.size());
    if (n < 0) return -errno;
    if (n == 0) break;
    for (long off = 0; off < n;) {
      // struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
      unsigned short reclen;
      std::memcpy(&reclen, dents_.data() + off + 16, sizeof reclen);
      const char* name = dents_.data() + off + 19;
      if (!(name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0')))) count += 1;
      if (reclen == 0) return -EIO;
      off += reclen;
    }
  }
  *out = count;
  return 0;
}

int NativeSampler::SampleProcess(const Source& source, double now) {
  const TableView& v = View(Table::kProcess);
  if (!v.attached()) return 0;
  double* out = v.scalar_block();
  FillNaN(out, process_field::kScalars);

  ProcFile& pid_stat = FileOf(File::kPidStat);
  ProcFile& pid_status = FileOf(File::kPidStatus);
  ProcFile& pid_io = FileOf(File::kPidIo);
  PidStat st;
  long n = pid_stat.Read();
  const int stat_status = n < 0 ? ReadStatus(n) : ParsePidStat(pid_stat.data(), static_cast<size_t>(n), units_, &st);
  if (n < 0) st = PidStat{kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN};

  PidStatus ss;
  n = pid_status.Read();
  out[process_field::statusStatus] = n < 0 ? ReadStatus(n) : ParsePidStatus(pid_status.data(), static_cast<size_t>(n), &ss);
  if (n < 0) ss = PidStatus{kNaN, kNaN, kNaN, kNaN};

  PidIo io;
  n = pid_io.Read();
  out[process_field::ioStatus] = n < 0 ? ReadStatus(n) : ParsePidIo(pid_io.data(), static_cast<size_t>(n), &io);
  if (n < 0) io = PidIo{kNaN, kNaN, kNaN, kNaN};

  out[process_field::fdStatus] = CountFds(&out[process_field::openFds]);

  // The start time needs the boot time: from this sample's /proc/stat when the cpu or system table read it, else
  // read here, once (btime does not change while the system runs).
  if (boot_time_status_ != 0 && !SelectedAny(Bit(Table::kCpu) | Bit(Table::kSystem))) {
    ProcFile& stat = FileOf(File::kStat);
    const long b = stat.Read();
    if (b < 0) {
      boot_time_status_ = ReadStatus(b);
    } else {
      TakeBootTime(static_cast<size_t>(b));
    }
    // Nothing else reads /proc/stat for this sampler: give its buffer back once the boot time is known.
    if (boot_time_status_ == 0) stat.Close();
  }
  out[process_field::statStatus] = stat_status;
  out[process_field::bootTimeStatus] = boot_time_status_;

  out[process_field::pid] = st.pid;
  out[process_field::rss] = st.rss_bytes;
  out[process_field::vms] = st.vsize;
  out[process_field::threads] = st.threads;
  out[process_field::startTime] = boot_time_ + st.starttime_s;
  out[process_field::readBytes] = io.read_bytes;
  out[process_field::writeBytes] = io.write_bytes;
  out[process_field::readChars] = io.rchar;
  out[process_field::writeChars] = io.wchar;

  struct rusage ru;
  if (own_process_ && getrusage(RUSAGE_SELF, &ru) == 0) {
    // getrusage has microsecond resolution, better than the clock ticks of <pid>/stat.
    // Whole microseconds (exact in a double up to 2^53 us) divided once: the double nearest the true seconds, the
    // same one process.resourceUsage().userCPUTime / 1e6 gives. sec + usec * 1e-6 is off by an ulp at times.
    out[process_field::cpuUser] = (static_cast<double>(ru.ru_utime.tv_sec) * 1e6 + static_cast<double>(ru.ru_utime.tv_usec)) / 1e6;
    out[process_field::cpuSystem] = (static_cast<double>(ru.ru_stime.tv_sec) * 1e6 + static_cast<double>(ru.ru_stime.tv_usec)) / 1e6;
    out[process_field::maxRss] = static_cast<double>(ru.ru_maxrss) * 1024;
    out[process_field::minorFaults] = static_cast<double>(ru.ru_minflt);
    out[process_field::majorFaults] = static_cast<double>(ru.ru_majflt);
    out[process_field::voluntaryContextSwitches] = static_cast<double>(ru.ru_nvcsw);
    out[process_field::involuntaryContextSwitches] = static_cast<double>(ru.ru_nivcsw);
  } else {
    out[process_field::cpuUser] = st.utime_s;
    out[process_field::cpuSystem] = st.stime_s;
    out[process_field::maxRss] = ss.hwm_bytes;
    out[process_field::minorFaults] = st.minflt;
    out[process_field::majorFaults] = st.majflt;
    out[process_field::voluntaryContextSwitches] = ss.voluntary;
    out[process_field::involuntaryContextSwitches] = ss.involuntary;
  }
  Stamp(Table::kProcess, TableStatus(Table::kProcess, v, stat_status, source.own_files), 0, 0, now);
  return 0;
}

int NativeSampler::SampleCgroup(const Source& source, double now) {
  NameTable& io_names = names_[static_cast<int>(Table::kCgroupIo)];
  const CgroupResult c = cgroup_.Sample(View(Table::kCgroup), View(Table::kCgroupIo), &io_names, View(Table::kPressure));
  Stamp(Table::kCgroup, c.cgroup_status, 0, 0, now);
  Stamp(Table::kCgroupIo, c.io.status, static_cast<double>(c.io.count), io_names.generation(), now);
  Stamp(Table::kPressure, c.pressure_status, 0, 0, now);
  return c.io.status == kOverflow ? Bit(Table::kCgroupIo) : 0;
}

}  // namespace procsampler
