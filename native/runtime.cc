// Node.js runtime metrics from libuv: per-iteration event-loop delay, uv_metrics_info, uv_metrics_idle_time,
// active handles and requests. No /proc file is read here; see runtime.h for the slot layout.
//
// Delay definition: once per loop iteration, at the prepare phase (just before the loop polls for I/O), the
// hook records  (now - previous prepare) - (idle time accumulated by libuv since the previous prepare),
// i.e. the time of one full iteration that the loop spent running callbacks (timers, I/O, setImmediate,
// close callbacks) and libuv bookkeeping rather than waiting in epoll. It is the longest an event that became
// ready at the start of that iteration could have waited to be noticed. The sum of these samples is the
// "active" time of performance.eventLoopUtilization(); a 50 ms busy callback yields one sample >= 50 ms.
//
// Caveats: uv_metrics_idle_time needs uv_loop_configure(UV_METRICS_IDLE_TIME); Node enables it on every loop
// (performance.eventLoopUtilization relies on it) and Start() sets it again, which is idempotent.
// uv_metrics_info exists from libuv 1.45 (Node 20); it is declared weak so one binary also loads on Node 18,
// where loopCount/events/eventsWaiting stay NaN.
#include "runtime.h"

#include <uv.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>

#if UV_VERSION_HEX >= 0x012D00
#define PS_HAVE_UV_METRICS_INFO 1
// A weak reference: resolves to nullptr when the running node's libuv predates 1.45.
#pragma weak uv_metrics_info
#else
#define PS_HAVE_UV_METRICS_INFO 0
#endif

namespace procsampler {
namespace runtime {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kNsPerS = 1e9;

enum Slot : size_t {
#define PS_RUNTIME_SLOT_ENUM(name, unit) kSlot_##name,
  PS_RUNTIME_SCALARS(PS_RUNTIME_SLOT_ENUM)
#undef PS_RUNTIME_SLOT_ENUM
      kHandleBase
};

constexpr uv_handle_type kHandleTypes[] = {
#define PS_RUNTIME_HANDLE_ENUM(type, name) type,
    PS_RUNTIME_HANDLE_TYPES(PS_RUNTIME_HANDLE_ENUM)
#undef PS_RUNTIME_HANDLE_ENUM
};
constexpr const char* kHandleTypeNames[] = {
#define PS_RUNTIME_HANDLE_NAME(type, name) #name,
    PS_RUNTIME_HANDLE_TYPES(PS_RUNTIME_HANDLE_NAME)
#undef PS_RUNTIME_HANDLE_NAME
};
constexpr size_t kHandleTypeCount = sizeof(kHandleTypes) / sizeof(kHandleTypes[0]);
constexpr size_t kSlotTotal = kHandleBase + kHandleTypeCount;

// A log-linear histogram of nanosecond values, HdrHistogram-like: values below 64 ns are exact, above that
// every power of two is split into 32 buckets (relative error <= 1/32 ~ 3%). Fixed storage, no allocation.
class DelayHistogram {
 public:
  static constexpr int kSubBits = 5;
  static constexpr uint64_t kSub = uint64_t{1} << kSubBits;  // 32
  static constexpr uint64_t kLinear = 2 * kSub;              // 64: values 0..63 get one bucket each
  static constexpr int kMaxMagnitude = 42;                   // 2^43 ns ~ 2.4 h: larger values are clamped
  static constexpr size_t kBuckets = kLinear + (kMaxMagnitude - (kSubBits + 1) + 1) * kSub;

  DelayHistogram() {
    std::memset(counts_, 0, sizeof(counts_));
    Reset();
  }

  void Record(uint64_t ns) {
    size_t index = IndexOf(ns);
    ++counts_[index];
    if (index < low_) low_ = index;
    if (index > high_) high_ = index;
    ++count_;
    if (ns < min_) min_ = ns;
    if (ns > max_) max_ = ns;
    double v = static_cast<double>(ns);
    sum_ += v;
    sum_squares_ += v * v;
  }

  void Reset() {
    if (high_ >= low_ && low_ < kBuckets) std::memset(&counts_[low_], 0, (high_ - low_ + 1) * sizeof(counts_[0]));
    count_ = 0;
    min_ = std::numeric_limits<uint64_t>::max();
    max_ = 0;
    sum_ = 0;
    sum_squares_ = 0;
    low_ = kBuckets;
    high_ = 0;
  }

  // Writes count, min, max, mean, stddev, p50, p90, p99 (seconds) into out[0..7]; NaN when empty.
  void Write(double* out) const {
    out[0] = static_cast<double>(count_);
    if (count_ == 0) {
      for (int i = 1; i < 8; ++i) out[i] = kNaN;
      return;
    }
    double n = static_cast<double>(count_);
    double mean = sum_ / n;
    double variance = sum_squares_ / n - mean * mean;
    out[1] = static_cast<double>(min_) / kNsPerS;
    out[2] = static_cast<double>(max_) / kNsPerS;
    out[3] = mean / kNsPerS;
    out[4] = std::sqrt(variance > 0 ? variance : 0) / kNsPerS;
    // Nearest-rank percentiles, found in one pass over the touched buckets.
    static constexpr double kQuantiles[3] = {0.50, 0.90, 0.99};
    uint64_t ranks[3];
    for (int q = 0; q < 3; ++q) {
      double r = std::ceil(kQuantiles[q] * n);
      ranks[q] = r < 1 ? 1 : static_cast<uint64_t>(r);
    }
    int q = 0;
    uint64_t seen = 0;
    for (size_t i = low_; i <= high_ && q < 3; ++i) {
      seen += counts_[i];
      while (q < 3 && seen >= ranks[q]) out[5 + q++] = ValueOf(i) / kNsPerS;
    }
    while (q < 3) out[5 + q++] = static_cast<double>(max_) / kNsPerS;  // unreachable unless counts overflow
  }

 private:
  static size_t IndexOf(uint64_t ns) {
    if (ns < kLinear) return static_cast<size_t>(ns);
    int magnitude = 63 - __builtin_clzll(ns);  // >= kSubBits + 1
    if (magnitude > kMaxMagnitude) return kBuckets - 1;
    uint64_t sub = (ns >> (magnitude - kSubBits)) & (kSub - 1);
    return static_cast<size_t>(kLinear + static_cast<uint64_t>(magnitude - (kSubBits + 1)) * kSub + sub);
  }

  // The value reported for a bucket: its midpoint, except the buckets holding the exact min and max, which
  // report them (so a single long iteration shows its true length in p99).
  double ValueOf(size_t index) const {
    if (index == IndexOf(max_)) return static_cast<double>(max_);
    if (index == IndexOf(min_)) return static_cast<double>(min_);
    if (index < kLinear) return static_cast<double>(index);
    uint64_t magnitude = kSubBits + 1 + (index - kLinear) / kSub;
    uint64_t sub = (index - kLinear) % kSub;
    uint64_t width = uint64_t{1} << (magnitude - kSubBits);
    uint64_t lower = (kSub + sub) * width;
    return static_cast<double>(lower) + static_cast<double>(width) / 2;
  }

  uint64_t counts_[kBuckets];
  uint64_t count_ = 0;
  uint64_t min_ = 0;
  uint64_t max_ = 0;
  double sum_ = 0;
  double sum_squares_ = 0;
  size_t low_ = 0;
  size_t high_ = 0;
};

}  // namespace

struct RuntimeState {
  napi_env env_ = nullptr;
  uv_loop_t* loop_ = nullptr;
  uv_prepare_t prepare_;
  bool handle_initialized_ = false;
  bool running_ = false;
  bool closing_ = false;
  bool closed_ = false;
  bool destroy_requested_ = false;
  napi_async_cleanup_hook_handle cleanup_hook_ = nullptr;
  napi_ref array_ref_ = nullptr;
  double* slots_ = nullptr;
  double threadpool_size_ = kNaN;
  uint64_t last_prepare_ns_ = 0;
  uint64_t last_idle_ns_ = 0;
  uint64_t hook_iterations_ = 0;
  DelayHistogram histogram_;
};

namespace {

void FreeState(RuntimeState* state) { delete state; }

void RemoveCleanupHook(RuntimeState* state) {
  if (state->cleanup_hook_ == nullptr) return;
  napi_async_cleanup_hook_handle hook = state->cleanup_hook_;
  state->cleanup_hook_ = nullptr;
  napi_remove_async_cleanup_hook(hook);
}

void OnPrepare(uv_prepare_t* handle) {
  RuntimeState* state = static_cast<RuntimeState*>(handle->data);
  uint64_t now = uv_hrtime();
  uint64_t idle = uv_metrics_idle_time(state->loop_);
  if (state->last_prepare_ns_ != 0) {
    uint64_t iteration = now - state->last_prepare_ns_;
    uint64_t idled = idle - state->last_idle_ns_;
    state->histogram_.Record(iteration > idled ? iteration - idled : 0);
    ++state->hook_iterations_;
  }
  state->last_prepare_ns_ = now;
  state->last_idle_ns_ = idle;
}

void OnClose(uv_handle_t* handle) {
  RuntimeState* state = static_cast<RuntimeState*>(handle->data);
  state->closed_ = true;
  RemoveCleanupHook(state);  // lets the environment finish tearing down
  if (state->destroy_requested_) FreeState(state);
}

// Returns true when a close callback is pending.
bool CloseHandle(RuntimeState* state) {
  if (!state->handle_initialized_ || state->closed_) return false;
  if (state->closing_) return true;
  uv_prepare_stop(&state->prepare_);
  state->running_ = false;
  state->closing_ = true;
  uv_close(reinterpret_cast<uv_handle_t*>(&state->prepare_), OnClose);
  return true;
}

// Environment teardown: close the handle while the loop still runs; Node keeps the loop turning until
// napi_remove_async_cleanup_hook is called (from OnClose), so uv_loop_close never sees our handle.
void OnAsyncCleanup(napi_async_cleanup_hook_handle hook, void* arg) {
  RuntimeState* state = static_cast<RuntimeState*>(arg);
  state->cleanup_hook_ = hook;
  if (!CloseHandle(state)) RemoveCleanupHook(state);
}

// libuv's rule (threadpool.c): UV_THREADPOOL_SIZE parsed by atoi, 0 becomes 1, capped at 1024; default 4.
double ThreadpoolSize() {
  const char* value = std::getenv("UV_THREADPOOL_SIZE");
  if (value == nullptr) return 4;
  unsigned int n = static_cast<unsigned int>(std::atoi(value));
  if (n == 0) n = 1;
  if (n > 1024) n = 1024;
  return n;
}

void CountHandle(uv_handle_t* handle, void* arg) {
  double* slots = static_cast<double*>(arg);
  if (!uv_is_active(handle) || !uv_has_ref(handle)) return;
  for (size_t i = 0; i < kHandleTypeCount; ++i) {
    if (handle->type == kHandleTypes[i]) {
      slots[kHandleBase + i] += 1;
      break;
    }
  }
  slots[kSlot_activeHandles] += 1;
}

RuntimeState* StateOf(const Napi::CallbackInfo& info) { return static_cast<RuntimeState*>(info.Data()); }

Napi::Value Layout(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object result = Napi::Object::New(env);
  Napi::Object slots = Napi::Object::New(env);
  Napi::Object units = Napi::Object::New(env);
#define PS_RUNTIME_SLOT_EXPORT(name, unit)                                      \
  slots.Set(#name, Napi::Number::New(env, static_cast<double>(kSlot_##name))); \
  units.Set(#name, Napi::String::New(env, unit));
  PS_RUNTIME_SCALARS(PS_RUNTIME_SLOT_EXPORT)
#undef PS_RUNTIME_SLOT_EXPORT
  Napi::Array names = Napi::Array::New(env, kHandleTypeCount);
  for (size_t i = 0; i < kHandleTypeCount; ++i) names.Set(static_cast<uint32_t>(i), kHandleTypeNames[i]);
  result.Set("slots", slots);
  result.Set("units", units);
  result.Set("handleTypes", names);
  result.Set("handleBase", Napi::Number::New(env, static_cast<double>(kHandleBase)));
  result.Set("size", Napi::Number::New(env, static_cast<double>(kSlotTotal)));
  result.Set("uvMetricsInfo", Napi::Boolean::New(env, PS_HAVE_UV_METRICS_INFO != 0));
  return result;
}

Napi::Value Attach(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RuntimeState* state = StateOf(info);
  if (info.Length() < 1 || !info[0].IsTypedArray() ||
      info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float64_array ||
      info[0].As<Napi::Float64Array>().ElementLength() < kSlotTotal) {
    Napi::Error error = Napi::TypeError::New(env, "runtimeAttach expects a Float64Array of runtimeLayout().size");
    error.Set("code", Napi::String::New(env, "PROCSAMPLER_BAD_OPTION"));
    error.ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Float64Array array = info[0].As<Napi::Float64Array>();
  if (state->array_ref_ != nullptr) napi_delete_reference(env, state->array_ref_);
  state->array_ref_ = nullptr;
  napi_create_reference(env, array, 1, &state->array_ref_);
  state->slots_ = array.Data();
  for (size_t i = 0; i < kSlotTotal; ++i) state->slots_[i] = kNaN;
  return env.Undefined();
}

Napi::Value Start(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RuntimeState* state = StateOf(info);
  if (state->slots_ == nullptr || state->closing_) return Napi::Boolean::New(env, false);
  if (!state->handle_initialized_) {
    if (uv_prepare_init(state->loop_, &state->prepare_) != 0) return Napi::Boolean::New(env, false);
    state->prepare_.data = state;
    uv_unref(reinterpret_cast<uv_handle_t*>(&state->prepare_));  // never keeps the process alive
    state->handle_initialized_ = true;
  }
  if (!state->running_) {
    uv_loop_configure(state->loop_, UV_METRICS_IDLE_TIME);  // Node already did; idempotent
    state->threadpool_size_ = ThreadpoolSize();
    state->last_prepare_ns_ = 0;  // the first iteration after a (re)start is partial: not recorded
    uv_prepare_start(&state->prepare_, OnPrepare);
    state->running_ = true;
  }
  return Napi::Boolean::New(env, true);
}

Napi::Value Stop(const Napi::CallbackInfo& info) {
  RuntimeState* state = StateOf(info);
  if (state->running_) {
    uv_prepare_stop(&state->prepare_);
    state->running_ = false;
  }
  return info.Env().Undefined();
}

Napi::Value Read(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RuntimeState* state = StateOf(info);
  double* s = state->slots_;
  if (s == nullptr) return env.Undefined();
  int flags = info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().Int32Value() : 0;

  state->histogram_.Write(s + kSlot_delayCount);
  if (flags & kReadEndWindow) state->histogram_.Reset();

  s[kSlot_now] = static_cast<double>(uv_hrtime()) / kNsPerS;
  s[kSlot_idleTime] = static_cast<double>(uv_metrics_idle_time(state->loop_)) / kNsPerS;
  s[kSlot_loopCount] = kNaN;
  s[kSlot_events] = kNaN;
  s[kSlot_eventsWaiting] = kNaN;
#if PS_HAVE_UV_METRICS_INFO
  if (&uv_metrics_info != nullptr) {
    uv_metrics_t metrics;
    if (uv_metrics_info(state->loop_, &metrics) == 0) {
      s[kSlot_loopCount] = static_cast<double>(metrics.loop_count);
      s[kSlot_events] = static_cast<double>(metrics.events);
      s[kSlot_eventsWaiting] = static_cast<double>(metrics.events_waiting);
    }
  }
#endif
  s[kSlot_threadpoolSize] = state->threadpool_size_;
  s[kSlot_hookIterations] = static_cast<double>(state->hook_iterations_);
  s[kSlot_activeRequests] = static_cast<double>(state->loop_->active_reqs.count);
  if (flags & kReadHandles) {
    s[kSlot_activeHandles] = 0;
    for (size_t i = 0; i < kHandleTypeCount; ++i) s[kHandleBase + i] = 0;
    uv_walk(state->loop_, CountHandle, s);
  }
  return env.Undefined();
}

}  // namespace

RuntimeState* Init(Napi::Env env, Napi::Object exports) {
  RuntimeState* state = new RuntimeState();
  state->env_ = env;
  if (napi_get_uv_event_loop(env, &state->loop_) != napi_ok || state->loop_ == nullptr) {
    delete state;
    return nullptr;
  }
  napi_add_async_cleanup_hook(env, OnAsyncCleanup, state, &state->cleanup_hook_);
  exports.Set("runtimeLayout", Napi::Function::New(env, Layout, "runtimeLayout", state));
  exports.Set("runtimeAttach", Napi::Function::New(env, Attach, "runtimeAttach", state));
  exports.Set("runtimeStart", Napi::Function::New(env, Start, "runtimeStart", state));
  exports.Set("runtimeStop", Napi::Function::New(env, Stop, "runtimeStop", state));
  exports.Set("runtimeRead", Napi::Function::New(env, Read, "runtimeRead", state));
  return state;
}

void Destroy(RuntimeState* state) {
  if (state == nullptr) return;
  state->destroy_requested_ = true;
  state->slots_ = nullptr;
  // Called from the addon's instance-data finalizer, where deleting a reference is allowed.
  if (state->array_ref_ != nullptr) napi_delete_reference(state->env_, state->array_ref_);
  state->array_ref_ = nullptr;
  // Normally the async cleanup hook has already closed the handle. If not, close it now and free the state
  // from the close callback; a state whose close callback never runs is leaked rather than used after free.
  if (CloseHandle(state)) return;
  RemoveCleanupHook(state);
  FreeState(state);
}

}  // namespace runtime
}  // namespace procsampler
