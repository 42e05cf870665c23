#include "sampler/sampler.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

#include "addon.h"
#include "sampler/source_table.h"

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

  CgroupConfig cc;
  cc.proc_root = r;
  cc.pid_dir = pid_dir_;
  cc.root_fs = root_fs;
  if (SelectedAny(Bit(Table::kCgroup) | Bit(Table::kCgroupIo) | Bit(Table::kPressure))) {
    cc.cgroup_root = o.Get("cgroupRoot").As<Napi::String>().Utf8Value();
    cc.cgroup_path = o.Get("cgroupPath").As<Napi::String>().Utf8Value();
  }
  cc.cgroup = SelectedAny(Bit(Table::kCgroup) | Bit(Table::kCgroupIo));
  cc.pressure = Selected(Table::kPressure);
  // The start time needs btime from /proc/stat: taken from the first sample that reads it (TakeBootTime), not read
  // here, so the constructor never reads a large /proc/stat of its own.
  OpenSources(net, cc);

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
  CloseSources();
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
  NameTable& fs_names = names_[static_cast<int>(Table::kFilesystems)];
  if (fs.attached() && a.fs_status != static_cast<int>(Status::kNotSampled)) {
    const size_t cap = fs.capacity();
    const size_t count = a.fs.size();
    for (size_t i = 0; i < count && i < cap; ++i) {
      std::copy(a.fs[i].values, a.fs[i].values + fs_entry::kStride, fs.entry(i));
      fs_names.Set(i, Span{a.fs[i].name.data(), a.fs[i].name.size()});
    }
    fs_names.Finish(std::min(count, cap));
    int status = a.fs_status;
    if (count > cap) {
      status = static_cast<int>(Status::kOverflow);
      overflow |= Bit(Table::kFilesystems);
    }
    Stamp(Table::kFilesystems, status, static_cast<double>(count), fs_names.generation(), a.finished_at);
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

// names(tableId): the entry names of disks, network, filesystems, cgroupIo or cgroup, [] for another table
// (allocates: call it when the generation moves).
Napi::Value NativeSampler::Names(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int id = info[0].As<Napi::Number>().Int32Value();
  const NameTable* t = id >= 0 && id < kTableCount ? &names_[id] : nullptr;
  if (id == static_cast<int>(Table::kCgroup)) {
    // The cgroup found at set-up: one group of PS_CGROUP_NAME_PARTS (layout.h) per controller.
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
