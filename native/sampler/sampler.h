// NativeSampler: one per JS Sampler. Owns the kept-open files of the source table (sampler/source_table.h), the
// attached tables and the async state. The Node-API glue is in sampler/sampler.cc, the sources in
// sampler/sources.cc.
#ifndef PROCSAMPLER_SAMPLER_SAMPLER_H_
#define PROCSAMPLER_SAMPLER_SAMPLER_H_

#include <napi.h>

#include <memory>
#include <string>
#include <vector>

#include "io/proc_file.h"
#include "layout.h"
#include "sampler/async_work.h"
#include "sampler/source_table.h"
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

  // The sources' readers (sampler/sources.cc), named in the source table. Each returns the Bit() mask of the tables
  // that overflowed.
  int SampleStat(const Source& source, double now);
  int SampleScalars(const Source& source, double now);
  int SampleEntries(const Source& source, double now);
  int SampleParts(const Source& source, double now);
  int SampleProcess(const Source& source, double now);
  int SampleCgroup(const Source& source, double now);

 private:
  Napi::Value Attach(const Napi::CallbackInfo& info);
  Napi::Value Sample(const Napi::CallbackInfo& info);
  Napi::Value SampleAsync(const Napi::CallbackInfo& info);
  Napi::Value Names(const Napi::CallbackInfo& info);
  Napi::Value CloseMethod(const Napi::CallbackInfo& info);

  // sampler/sources.cc: opens the files of every selected source (and the process's fd directory, the cgroup
  // source), closes them, and runs every selected source.
  void OpenSources(const std::string& net_dir, const CgroupConfig& cgroup);
  void CloseSources();
  int SampleSync();

  int PublishAsync();
  bool Selected(Table t) const { return (mask_ >> static_cast<int>(t)) & 1u; }
  bool SelectedAny(unsigned tables) const { return (mask_ & tables) != 0; }
  const TableView& View(Table t) const { return views_[static_cast<int>(t)]; }
  ProcFile& FileOf(File f) { return files_[static_cast<int>(f)]; }
  void Stamp(Table t, int status, double count, double generation, double now);
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

  ProcFile files_[kFileCount] = {
#define PS_FILE_MEMBER(id, dir, path, mode, capacity, longest) {ReadMode::mode, capacity, longest},
      PS_SAMPLE_FILES(PS_FILE_MEMBER)
#undef PS_FILE_MEMBER
  };
  int fd_dir_ = -1;
  int fd_dir_error_ = 0;
  bool fd_dir_procfs_ = false;
  std::vector<char> dents_ = std::vector<char>(32 * 1024);

  CgroupSource cgroup_;

  uint64_t cpu_generation_ = 0;
  // The entry names of the tables that have entries (cpu entries are keyed by number: no names).
  NameTable names_[kTableCount];

  std::shared_ptr<AsyncState> async_;
  AsyncSampleWorker* worker_ = nullptr;  // the refresh in flight (it deletes itself when done)
  std::vector<napi_deferred> waiters_;
};

}  // namespace procsampler

#endif  // PROCSAMPLER_SAMPLER_SAMPLER_H_
