#include "sampler.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

#include "addon.h"

namespace procsampler {

namespace {

constexpr long kProcSuperMagic = 0x9fa0;

Napi::Error CodedError(Napi::Env env, const char* code, const std::string& message) {
  Napi::Error e = Napi::Error::New(env, message);
  e.Set("code", Napi::String::New(env, code));
  return e;
}

}  // namespace

// Runs the expensive sources on a libuv worker thread. It holds the JS sampler object, so the sampler cannot be
// collected while a refresh is in flight, and a shared reference to the async state, so close() during the
// refresh frees nothing the thread still uses. A sampler destroyed anyway (environment teardown finalizes every
// object, referenced or not) orphans its worker first, which then completes without touching it.
class AsyncSampleWorker : public Napi::AsyncWorker {
 public:
  AsyncSampleWorker(Napi::Env env, NativeSampler* sampler, Napi::Object self, std::shared_ptr<AsyncState> state)
      : Napi::AsyncWorker(env, "procsampler.sampleAsync"),
        sampler_(sampler),
        self_(Napi::Persistent(self)),
        state_(std::move(state)) {}
  void Execute() override { state_->Run(); }
  void OnOK() override {
    if (sampler_ != nullptr) sampler_->FinishAsync(this, true);
  }
  void OnError(const Napi::Error&) override {
    if (sampler_ != nullptr) sampler_->FinishAsync(this, false);
  }
  void Orphan() { sampler_ = nullptr; }

 private:
  NativeSampler* sampler_;
  Napi::ObjectReference self_;
  std::shared_ptr<AsyncState> state_;
};

namespace {

// Settles the promises of sampleAsync() once the work is done. This runs after asynchronous work, when the
// environment may be tearing down (a worker that exits or is terminated while the refresh ran): JavaScript can no
// longer run, and the Node-API calls that would run it fail. Raw Node-API with every status checked, because
// node-addon-api's wrappers turn such a failure into a throw, and a throw that cannot happen into a fatal error
// (exit 134). A promise that cannot be settled is dropped with its environment.
void Settle(napi_env env, const std::vector<napi_deferred>& waiters, napi_value value, bool resolve) {
  for (napi_deferred d : waiters) {
    if (value == nullptr) return;  // could not create it: nothing can run JavaScript any more
    const napi_status st = resolve ? napi_resolve_deferred(env, d, value) : napi_reject_deferred(env, d, value);
    if (st != napi_ok) return;
  }
}

napi_value NewNumber(napi_env env, double v) {
  napi_value out = nullptr;
  return napi_create_double(env, v, &out) == napi_ok ? out : nullptr;
}

// An Error with a `code`, built without anything that could throw.
napi_value NewCodedError(napi_env env, const char* code, const char* message) {
  napi_value c = nullptr, m = nullptr, e = nullptr;
  if (napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &c) != napi_ok) return nullptr;
  if (napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &m) != napi_ok) return nullptr;
  return napi_create_error(env, c, m, &e) == napi_ok ? e : nullptr;
}

}  // namespace

Napi::Function NativeSampler::Define(Napi::Env env) {
  return DefineClass(env, "NativeSampler",
                     {
                         InstanceMethod<&NativeSampler::Attach>("attach"),
                         InstanceMethod<&NativeSampler::Sample>("sample"),
                         InstanceMethod<&NativeSampler::SampleAsync>("sampleAsync"),
                         InstanceMethod<&NativeSampler::Names>("names"),
                         InstanceMethod<&NativeSampler::CloseMethod>("close"),
                     });
}

// new NativeSampler({ procRoot, rootFs, netDir, pid (0 = self), mask, statfsTimeoutMs }): validated in JS.
NativeSampler::NativeSampler(const Napi::CallbackInfo& info) : Napi::ObjectWrap<NativeSampler>(info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) {
    CodedError(env, "PROCSAMPLER_BAD_OPTION", "NativeSampler expects an options object").ThrowAsJavaScriptException();
    return;
  }
  Napi::Object o = info[0].As<Napi::Object>();
  proc_root_ = o.Get("procRoot").As<Napi::String>().Utf8Value();
  const std::string root_fs = o.Get("rootFs").As<Napi::String>().Utf8Value();
  const int64_t pid = o.Get("pid").As<Napi::Number>().Int64Value();
  mask_ = o.Get("mask").As<Napi::Number>().Uint32Value();
  const int statfs_timeout_ms = o.Get("statfsTimeoutMs").As<Napi::Number>().Int32Value();
  // <procRoot>/net is <procRoot>/self/net: the reader's own network namespace. netDir may name another process's
  // (<procRoot>/1/net for a host's, from a sidecar).
  const std::string net = o.Get("netDir").As<Napi::String>().Utf8Value();

  addon_ = env.GetInstanceData<Addon>();
  if (addon_ != nullptr) addon_->Register(this);

  // Units come from the running system, never from constants.
  const long tck = sysconf(_SC_CLK_TCK);
  const long page = sysconf(_SC_PAGESIZE);
  units_.seconds_per_tick = tck > 0 ? 1.0 / static_cast<double>(tck) : 0.01;
  units_.page_bytes = page > 0 ? static_cast<double>(page) : 4096;

  const std::string& r = proc_root_;
  pid_dir_ = r + (pid == 0 ? std::string("/self") : "/" + std::to_string(pid));
  struct statfs sfs;
  const bool real_procfs = statfs(r.c_str(), &sfs) == 0 && sfs.f_type == kProcSuperMagic;
  own_process_ = real_procfs && (pid == 0 || pid == static_cast<int64_t>(getpid()));

  if (Selected(Table::kCpu) || Selected(Table::kSystem)) stat_.Open(r + "/stat");
  if (Selected(Table::kSystem)) uptime_.Open(r + "/uptime");
  if (Selected(Table::kMemory)) meminfo_.Open(r + "/meminfo");
  if (Selected(Table::kLoad)) loadavg_.Open(r + "/loadavg");
  if (Selected(Table::kVmstat)) vmstat_.Open(r + "/vmstat");
  if (Selected(Table::kDisks)) diskstats_.Open(r + "/diskstats");
  if (Selected(Table::kNetwork)) netdev_.Open(net + "/dev");
  if (Selected(Table::kTcp)) {
    sockstat_.Open(net + "/sockstat");
    sockstat6_.Open(net + "/sockstat6");
    snmp_.Open(net + "/snmp");
  }
  if (Selected(Table::kProcess)) {
    pid_stat_.Open(pid_dir_ + "/stat");
    pid_status_.Open(pid_dir_ + "/status");
    pid_io_.Open(pid_dir_ + "/io");
    const int fd = OpenForRead(pid_dir_ + "/fd", O_DIRECTORY);
    fd_dir_ = fd < 0 ? -1 : fd;
    fd_dir_error_ = fd < 0 ? fd : 0;
    fd_dir_procfs_ = fd_dir_ >= 0 && fstatfs(fd_dir_, &sfs) == 0 && sfs.f_type == kProcSuperMagic;
    // The start time needs btime from /proc/stat: taken from the first sample that reads it (TakeBootTime), not
    // read here, so the constructor never reads a large /proc/stat of its own.
    if (!stat_.is_open()) stat_.Open(r + "/stat");
  }

  if (Selected(Table::kCgroup) || Selected(Table::kCgroupIo) || Selected(Table::kPressure)) {
    CgroupConfig cc;
    cc.proc_root = r;
    cc.pid_dir = pid_dir_;
    cc.root_fs = root_fs;
    cc.cgroup_root = o.Get("cgroupRoot").As<Napi::String>().Utf8Value();
    cc.cgroup_path = o.Get("cgroupPath").As<Napi::String>().Utf8Value();
    cc.cgroup = Selected(Table::kCgroup) || Selected(Table::kCgroupIo);
    cc.pressure = Selected(Table::kPressure);
    cgroup_.Open(cc, units_);
  }

  AsyncConfig ac;
  ac.tcp = Selected(Table::kTcpStates);
  ac.filesystems = Selected(Table::kFilesystems);
  ac.tcp_path = net + "/tcp";
  ac.tcp6_path = net + "/tcp6";
  ac.mountinfo_path = pid_dir_ + "/mountinfo";
  ac.root_fs = root_fs;
  ac.statfs_timeout_ms = statfs_timeout_ms;
  if (ac.tcp || ac.filesystems) async_ = std::make_shared<AsyncState>(ac);
}

NativeSampler::~NativeSampler() {
  // The worker outlives this object only at environment teardown; it must then not call back into it.
  if (worker_ != nullptr) worker_->Orphan();
  worker_ = nullptr;
  Close();
}

void NativeSampler::Close() {
  if (closed_) return;
  closed_ = true;
  if (addon_ != nullptr) addon_->Unregister(this);
  addon_ = nullptr;
  for (ProcFile* f : {&stat_, &uptime_, &meminfo_, &loadavg_, &vmstat_, &diskstats_, &netdev_, &sockstat_,
                      &sockstat6_, &snmp_, &pid_stat_, &pid_status_, &pid_io_}) {
    f->Close();
  }
  cgroup_.Close();
  if (fd_dir_ >= 0) ::close(fd_dir_);
  fd_dir_ = -1;
  // The tables stay readable (JS owns them); the references go, and an in-flight worker keeps its own state.
  for (int i = 0; i < kTableCount; ++i) {
    views_[i] = TableView{};
    if (!refs_[i].IsEmpty()) refs_[i].Reset();
  }
  async_.reset();
}

Napi::Value NativeSampler::CloseMethod(const Napi::CallbackInfo& info) {
  Close();
  return info.Env().Undefined();
}

// attach(tableId, Float64Array): the caller allocated it from the layout; it is kept until close().
Napi::Value NativeSampler::Attach(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (closed_) return env.Undefined();
  const int id = info[0].As<Napi::Number>().Int32Value();
  Napi::Float64Array arr = info[1].As<Napi::Float64Array>();
  if (id < 0 || id >= kTableCount || arr.ElementLength() < kHeaderSlots + static_cast<size_t>(kScalarCount[id])) {
    CodedError(env, "PROCSAMPLER_BAD_OPTION", "attach: table id or array length does not match the layout")
        .ThrowAsJavaScriptException();
    return env.Undefined();
  }
  TableView v;
  v.data = arr.Data();
  v.length = arr.ElementLength();
  v.scalars = kScalarCount[id];
  v.stride = kEntryStride[id];
  views_[id] = v;
  refs_[id] = Napi::Persistent(arr);
  const Table t = static_cast<Table>(id);
  if (t == Table::kFilesystems || t == Table::kTcpStates) PublishAsync();
  return env.Undefined();
}

void NativeSampler::Stamp(Table t, int status, double count, double generation, double now) {
  const TableView& v = View(t);
  if (!v.attached()) return;
  v.data[kSlotStatus] = status;
  v.data[kSlotCount] = count;
  v.data[kSlotGeneration] = generation;
  v.data[kSlotTime] = now;
}

namespace {
void Absent(const TableView& v) {
  if (!v.attached()) return;
  FillNaN(v.scalar_block(), static_cast<size_t>(v.scalars));
}

int Bit(Table t) { return 1 << static_cast<int>(t); }
}  // namespace

int NativeSampler::SampleSync() {
  const double now = MonotonicSeconds();
  int overflow = 0;

  if (Selected(Table::kCpu) || Selected(Table::kSystem)) {
    const TableView& cpu = View(Table::kCpu);
    const TableView& sys = View(Table::kSystem);
    const long n = stat_.Read();
    int stat_status;  // /proc/stat as a file of the system table
    if (n < 0) {
      Absent(cpu);
      Absent(sys);
      stat_status = ReadStatus(n);
      if (boot_time_status_ != 0) boot_time_status_ = stat_status;
      Stamp(Table::kCpu, stat_status, 0, static_cast<double>(cpu_generation_), now);
    } else {
      EntryResult r = ParseStat(stat_.data(), static_cast<size_t>(n), units_, cpu, &cpu_generation_, sys);
      if (r.status == static_cast<int>(Status::kOverflow)) overflow |= Bit(Table::kCpu);
      Stamp(Table::kCpu, r.status, static_cast<double>(r.count), static_cast<double>(cpu_generation_), now);
      stat_status = r.status == static_cast<int>(Status::kOverflow) ? 0 : r.status;
      if (boot_time_status_ != 0 && Selected(Table::kProcess)) TakeBootTime(static_cast<size_t>(n));
    }
    // /proc/uptime is a file of its own: it is read even when /proc/stat is not there, and the other way round.
    if (sys.attached()) {
      const long u = uptime_.Read();
      int uptime_status;
      if (u < 0) {
        sys.scalar_block()[system_field::uptime] = kNaN;
        uptime_status = ReadStatus(u);
      } else {
        uptime_status = ParseUptime(uptime_.data(), static_cast<size_t>(u), sys);
      }
      sys.scalar_block()[system_field::statStatus] = stat_status;
      sys.scalar_block()[system_field::uptimeStatus] = uptime_status;
      Stamp(Table::kSystem, CombineFileStatuses({stat_status, uptime_status}), 0, 0, now);
    }
  }

  struct Simple {
    Table table;
    ProcFile* file;
    int (*parse)(const char*, size_t, const TableView&);
  };
  const Simple simple[] = {
      {Table::kMemory, &meminfo_, &ParseMeminfo},
      {Table::kLoad, &loadavg_, &ParseLoadavg},
      {Table::kVmstat, &vmstat_, &ParseVmstat},
  };
  for (const Simple& s : simple) {
    const TableView& v = View(s.table);
    if (!Selected(s.table) || !v.attached()) continue;
    const long n = s.file->Read();
    int status;
    if (n < 0) {
      Absent(v);
      status = ReadStatus(n);
    } else {
      status = s.parse(s.file->data(), static_cast<size_t>(n), v);
    }
    Stamp(s.table, status, 0, 0, now);
  }

  struct Listed {
    Table table;
    ProcFile* file;
    NameTable* names;
    EntryResult (*parse)(const char*, size_t, const TableView&, NameTable*);
  };
  const Listed listed[] = {
      {Table::kDisks, &diskstats_, &disk_names_, &ParseDiskstats},
      {Table::kNetwork, &netdev_, &net_names_, &ParseNetDev},
  };
  for (const Listed& s : listed) {
    const TableView& v = View(s.table);
    if (!Selected(s.table) || !v.attached()) continue;
    const long n = s.file->Read();
    if (n < 0) {
      s.names->Finish(0);
      Stamp(s.table, ReadStatus(n), 0, s.names->generation(), now);
      continue;
    }
    EntryResult r = s.parse(s.file->data(), static_cast<size_t>(n), v, s.names);
    if (r.status == static_cast<int>(Status::kOverflow)) overflow |= Bit(s.table);
    Stamp(s.table, r.status, static_cast<double>(r.count), s.names->generation(), now);
  }

  if (Selected(Table::kTcp) && View(Table::kTcp).attached()) {
    const TableView& v = View(Table::kTcp);
    double* out = v.scalar_block();
    struct Summary {
      ProcFile* file;
      int (*parse)(const char*, size_t, const TableView&);
      int status_field;
    };
    const Summary parts[] = {
        {&sockstat_, &ParseSockstat, tcp_field::sockstatStatus},
        {&sockstat6_, &ParseSockstat6, tcp_field::sockstat6Status},
        {&snmp_, &ParseSnmp, tcp_field::snmpStatus},
    };
    for (const Summary& s : parts) {
      const long n = s.file->Read();
      // An absent file still clears its fields to NaN (parsing zero bytes finds nothing).
      const int status = s.parse(s.file->data(), n < 0 ? 0 : static_cast<size_t>(n), v);
      out[s.status_field] = n < 0 ? ReadStatus(n) : status;
    }
    Stamp(Table::kTcp,
          CombineFileStatuses({static_cast<int>(out[tcp_field::sockstatStatus]),
                               static_cast<int>(out[tcp_field::sockstat6Status]), static_cast<int>(out[tcp_field::snmpStatus])}),
          0, 0, now);
  }

  if (Selected(Table::kProcess) && View(Table::kProcess).attached()) SampleProcess(now);

  if (Selected(Table::kCgroup) || Selected(Table::kCgroupIo) || Selected(Table::kPressure)) {
    const CgroupResult c = cgroup_.Sample(View(Table::kCgroup), View(Table::kCgroupIo), &cgroup_io_names_, View(Table::kPressure));
    Stamp(Table::kCgroup, c.cgroup_status, 0, 0, now);
    if (c.io.status == static_cast<int>(Status::kOverflow)) overflow |= Bit(Table::kCgroupIo);
    Stamp(Table::kCgroupIo, c.io.status, static_cast<double>(c.io.count), cgroup_io_names_.generation(), now);
    Stamp(Table::kPressure, c.pressure_status, 0, 0, now);
  }
  return overflow;
}

// btime from the /proc/stat content of stat_ (`n` bytes read): the boot time of the process start time.
void NativeSampler::TakeBootTime(size_t n) {
  const double bt = ParseBootTime(stat_.data(), n);
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

void NativeSampler::SampleProcess(double now) {
  const TableView& v = View(Table::kProcess);
  double* out = v.scalar_block();
  FillNaN(out, process_field::kScalars);

  PidStat st;
  long n = pid_stat_.Read();
  const int stat_status = n < 0 ? ReadStatus(n) : ParsePidStat(pid_stat_.data(), static_cast<size_t>(n), units_, &st);
  if (n < 0) st = PidStat{kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN};

  PidStatus ss;
  n = pid_status_.Read();
  out[process_field::statusStatus] = n < 0 ? ReadStatus(n) : ParsePidStatus(pid_status_.data(), static_cast<size_t>(n), &ss);
  if (n < 0) ss = PidStatus{kNaN, kNaN, kNaN, kNaN};

  PidIo io;
  n = pid_io_.Read();
  out[process_field::ioStatus] = n < 0 ? ReadStatus(n) : ParsePidIo(pid_io_.data(), static_cast<size_t>(n), &io);
  if (n < 0) io = PidIo{kNaN, kNaN, kNaN, kNaN};

  out[process_field::fdStatus] = CountFds(&out[process_field::openFds]);

  // The start time needs the boot time: from this sample's /proc/stat when the cpu or system table read it, else
  // read here, once (btime does not change while the system runs).
  if (boot_time_status_ != 0 && !(Selected(Table::kCpu) || Selected(Table::kSystem))) {
    const long b = stat_.Read();
    if (b < 0) {
      boot_time_status_ = ReadStatus(b);
    } else {
      TakeBootTime(static_cast<size_t>(b));
    }
    // Nothing else reads /proc/stat for this sampler: give its buffer back once the boot time is known.
    if (boot_time_status_ == 0) stat_.Close();
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
  Stamp(Table::kProcess,
        CombineFileStatuses({stat_status, static_cast<int>(out[process_field::statusStatus]),
                             static_cast<int>(out[process_field::ioStatus]), static_cast<int>(out[process_field::fdStatus]),
                             boot_time_status_},
                            4),
        0, 0, now);
}

// Drops every attached table whose array no longer holds the memory it was attached with: its ArrayBuffer was
// detached (transferred by postMessage or structuredClone, or detached by other native code), and V8 may have
// freed or handed over that memory. Such a table is never written again; JavaScript attaches a new array. Returns
// the Bit() mask of the tables dropped. Costs two Node-API calls per attached table, no allocation.
int NativeSampler::DropDetached(napi_env env) {
  int detached = 0;
  for (int i = 0; i < kTableCount; ++i) {
    if (!views_[i].attached()) continue;
    napi_value array = nullptr;
    void* data = nullptr;
    size_t length = 0;
    const bool same = napi_get_reference_value(env, refs_[i], &array) == napi_ok && array != nullptr &&
                      napi_get_typedarray_info(env, array, nullptr, &length, &data, nullptr, nullptr) == napi_ok &&
                      data == views_[i].data && length == views_[i].length;
    if (same) continue;
    views_[i] = TableView{};
    refs_[i].Reset();
    detached |= Bit(static_cast<Table>(i));
  }
  return detached;
}

// Drops the attached tables of the Bit() mask `tables` (JavaScript found their arrays detached) and returns the
// mask of those that were attached.
int NativeSampler::DropTables(uint32_t tables) {
  int dropped = 0;
  for (int i = 0; i < kTableCount; ++i) {
    if (((tables >> i) & 1u) == 0 || !views_[i].attached()) continue;
    views_[i] = TableView{};
    refs_[i].Reset();
    dropped |= Bit(static_cast<Table>(i));
  }
  return dropped;
}

// sample(detached?): `detached` is the mask of the tables JavaScript found detached just before (Sampler.sample()
// looks at every array's length); without it every table is asked about (DropDetached).
Napi::Value NativeSampler::Sample(const Napi::CallbackInfo& info) {
  if (closed_) return Napi::Number::New(info.Env(), 0);
  const int detached = info.Length() > 0 && info[0].IsNumber() ? DropTables(info[0].As<Napi::Number>().Uint32Value())
                                                                 : DropDetached(info.Env());
  const int overflow = SampleSync();
  return Napi::Number::New(info.Env(), static_cast<double>(overflow | (detached << kDetachedShift)));
}

Napi::Value NativeSampler::SampleAsync(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  napi_deferred d = nullptr;
  napi_value promise = nullptr;
  if (napi_create_promise(env, &d, &promise) != napi_ok) return info.Env().Undefined();
  if (closed_) {
    Settle(env, {d}, NewCodedError(env, "PROCSAMPLER_CLOSED", "sampleAsync() after close()"), false);
    return Napi::Value(env, promise);
  }
  // The synchronous tables were refreshed by the JS caller just before (sample() handles their growth).
  if (!async_) {
    Settle(env, {d}, NewNumber(env, 0), true);
    return Napi::Value(env, promise);
  }
  waiters_.push_back(d);
  if (worker_ == nullptr) {
    worker_ = new AsyncSampleWorker(info.Env(), this, Value(), async_);
    worker_->Queue();
  }
  return Napi::Value(env, promise);
}

int NativeSampler::PublishAsync() {
  if (!async_) return 0;
  int overflow = 0;
  // The published results only: a refresh may be running on the worker thread right now (see AsyncState).
  const AsyncResults& a = async_->published();
  const TableView& tcp = View(Table::kTcpStates);
  if (tcp.attached()) {
    std::copy(a.tcp, a.tcp + tcp_states_field::kScalars, tcp.scalar_block());
    Stamp(Table::kTcpStates, a.tcp_status, 0, 0, a.finished_at);
  }
  const TableView& fs = View(Table::kFilesystems);
  if (fs.attached() && a.fs_status != static_cast<int>(Status::kNotSampled)) {
    const size_t cap = fs.capacity();
    const size_t count = a.fs.size();
    for (size_t i = 0; i < count && i < cap; ++i) {
      std::copy(a.fs[i].values, a.fs[i].values + fs_entry::kStride, fs.entry(i));
      fs_names_.Set(i, Span{a.fs[i].name.data(), a.fs[i].name.size()});
    }
    fs_names_.Finish(std::min(count, cap));
    int status = a.fs_status;
    if (count > cap) {
      status = static_cast<int>(Status::kOverflow);
      overflow |= Bit(Table::kFilesystems);
    }
    Stamp(Table::kFilesystems, status, static_cast<double>(count), fs_names_.generation(), a.finished_at);
  }
  return overflow;
}

void NativeSampler::FinishAsync(AsyncSampleWorker* worker, bool ok) {
  if (worker != worker_) return;
  worker_ = nullptr;
  napi_env env = Env();
  std::vector<napi_deferred> waiters;
  waiters.swap(waiters_);
  if (closed_) {
    Settle(env, waiters, NewCodedError(env, "PROCSAMPLER_CLOSED", "the sampler was closed during sampleAsync()"), false);
    return;
  }
  const int detached = DropDetached(env);
  // The work is done and no other is queued until this returns: the one moment its results may be taken.
  if (ok && async_) async_->Publish();
  const int overflow = ok ? PublishAsync() : 0;
  Settle(env, waiters, NewNumber(env, static_cast<double>(overflow | (detached << kDetachedShift))), true);
}

// names(tableId): the entry names of disks, network or filesystems (allocates: call it when the generation moves).
Napi::Value NativeSampler::Names(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int id = info[0].As<Napi::Number>().Int32Value();
  const NameTable* t = nullptr;
  if (id == static_cast<int>(Table::kDisks)) t = &disk_names_;
  if (id == static_cast<int>(Table::kNetwork)) t = &net_names_;
  if (id == static_cast<int>(Table::kFilesystems)) t = &fs_names_;
  if (id == static_cast<int>(Table::kCgroupIo)) t = &cgroup_io_names_;
  if (id == static_cast<int>(Table::kCgroup)) {
    // [controller, directory, ...] of the cgroup found at set-up.
    const std::vector<std::string>& d = cgroup_.directories();
    Napi::Array dirs = Napi::Array::New(env, d.size());
    for (size_t i = 0; i < d.size(); ++i) dirs.Set(static_cast<uint32_t>(i), Napi::String::New(env, d[i]));
    return dirs;
  }
  Napi::Array out = Napi::Array::New(env, t ? t->count() : 0);
  if (t) {
    for (size_t i = 0; i < t->count(); ++i) out.Set(static_cast<uint32_t>(i), Napi::String::New(env, t->name(i)));
  }
  return out;
}

}  // namespace procsampler
