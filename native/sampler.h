// NativeSampler: one per JS Sampler. Owns the kept-open files, the attached tables and the async state.
#ifndef PROCSAMPLER_SAMPLER_H_
#define PROCSAMPLER_SAMPLER_H_

#include <napi.h>

#include <memory>
#include <string>
#include <vector>

#include "async_work.h"
#include "layout.h"
#include "proc_file.h"
#include "sources/cgroup.h"
#include "sources/sources.h"

namespace procsampler {

class Addon;
class AsyncSampleWorker;

class NativeSampler : public Napi::ObjectWrap<NativeSampler> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit NativeSampler(const Napi::CallbackInfo& info);
  ~NativeSampler() override;

  // The one cleanup path: close(), garbage collection and environment teardown all end here. Idempotent.
  void Close();
  // Called by the Addon at environment teardown (after which the sampler must not touch it).
  void DetachFromAddon() { addon_ = nullptr; }
  // Main thread, when `worker` is done: copies the staged async results into the tables and settles the promises.
  void FinishAsync(AsyncSampleWorker* worker, bool ok);

 private:
  Napi::Value Attach(const Napi::CallbackInfo& info);
  Napi::Value Sample(const Napi::CallbackInfo& info);
  Napi::Value SampleAsync(const Napi::CallbackInfo& info);
  Napi::Value Names(const Napi::CallbackInfo& info);
  Napi::Value CloseMethod(const Napi::CallbackInfo& info);

  int SampleSync();
  int PublishAsync();
  bool Selected(Table t) const { return (mask_ >> static_cast<int>(t)) & 1u; }
  const TableView& View(Table t) const { return views_[static_cast<int>(t)]; }
  void Stamp(Table t, int status, double count, double generation, double now);
  void SampleProcess(double now);
  int CountFds(double* out);
  void TakeBootTime(size_t n);
  int DropDetached(napi_env env);
  int DropTables(uint32_t tables);

  Addon* addon_ = nullptr;
  bool closed_ = false;
  unsigned mask_ = 0;
  std::string proc_root_;
  std::string pid_dir_;
  bool own_process_ = false;  // getrusage(RUSAGE_SELF) describes the process this table describes
  Units units_{0.01, 4096};
  double boot_time_ = kNaN;
  int boot_time_status_ = static_cast<int>(Status::kNotSampled);  // 0 once boot_time_ is known

  TableView views_[kTableCount];
  Napi::Reference<Napi::Float64Array> refs_[kTableCount];

  // The longest record of the iterator files below: a net/dev line is at most a 15-byte name and 16 numbers of
  // 20 digits (352 bytes), a diskstats line a 32-byte name and 20 numbers (460), a vmstat line under 100.
  static constexpr size_t kShortRecords = 512;
  ProcFile stat_{ReadMode::kWhole, 64 * 1024};
  ProcFile uptime_{ReadMode::kWhole, 256};
  ProcFile meminfo_{ReadMode::kWhole, 8 * 1024};
  ProcFile loadavg_{ReadMode::kWhole, 256};
  ProcFile vmstat_{ReadMode::kIterator, 16 * 1024, kShortRecords};
  ProcFile diskstats_{ReadMode::kIterator, 16 * 1024, kShortRecords};
  ProcFile netdev_{ReadMode::kIterator, 16 * 1024, kShortRecords};
  ProcFile sockstat_{ReadMode::kWhole, 1024};
  ProcFile sockstat6_{ReadMode::kWhole, 1024};
  ProcFile snmp_{ReadMode::kWhole, 8 * 1024};
  ProcFile pid_stat_{ReadMode::kWhole, 1024};
  ProcFile pid_status_{ReadMode::kWhole, 4096};
  ProcFile pid_io_{ReadMode::kWhole, 512};
  int fd_dir_ = -1;
  int fd_dir_error_ = 0;
  bool fd_dir_procfs_ = false;
  std::vector<char> dents_ = std::vector<char>(32 * 1024);

  CgroupSource cgroup_;
  NameTable cgroup_io_names_;

  uint64_t cpu_generation_ = 0;
  NameTable disk_names_;
  NameTable net_names_;
  NameTable fs_names_;

  std::shared_ptr<AsyncState> async_;
  AsyncSampleWorker* worker_ = nullptr;  // the refresh in flight (it deletes itself when done)
  std::vector<napi_deferred> waiters_;
};

}  // namespace procsampler

#endif  // PROCSAMPLER_SAMPLER_H_
