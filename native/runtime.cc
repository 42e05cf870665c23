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
// The hook's cost is the price every iteration pays, so it reads a cycle counter rather than clock_gettime
// (loop_clock.h), reads libuv's idle time without its mutex (loop_idle.h), and records into one cumulative
// histogram with a few adds and compares. Consumers (each RuntimeMetrics) open a window of their own: a copy of
// the cumulative counts when the window began, so a window's statistics are differences, and min/max come from
// "segments" (the stretch between any two reads) folded into every open window at each read.
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
#include <memory>
#include <vector>

#include "loop_clock.h"
#include "loop_idle.h"
#include "v8_heap.h"

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

constexpr const char* kHeapFieldNames[] = {
#define PS_RUNTIME_HEAP_FIELD_NAME(name) #name,
    PS_RUNTIME_HEAP_FIELDS(PS_RUNTIME_HEAP_FIELD_NAME)
#undef PS_RUNTIME_HEAP_FIELD_NAME
};
constexpr size_t kHeapFieldCount = sizeof(kHeapFieldNames) / sizeof(kHeapFieldNames[0]);
constexpr size_t kHeapBase = kHandleBase + kHandleTypeCount;
constexpr size_t kMaxHeapSpaces = 64;  // V8 13 has 12; a V8 with more than this falls back to JavaScript
// GC pauses per window: for each GC type t (PS_RUNTIME_GC_TYPES), at kGcBase + kGcStride * t: count, sum (s),
// min (s), max (s), then one count per duration bucket.
constexpr size_t kGcTypes = kGcTypeCount;
constexpr size_t kMaxGcBuckets = 32;  // the configured boundaries, plus one for (last, +Inf)
constexpr size_t kGcStride = 4 + kMaxGcBuckets;
constexpr size_t kGcBase = kHeapBase + kMaxHeapSpaces * kHeapFieldCount;
// runtimeGcDrain hands pauses to JavaScript here: durations (s) at kDrainBase, GC type indices after them.
constexpr size_t kDrainCapacity = 256;
constexpr size_t kDrainBase = kGcBase + kGcTypes * kGcStride;
constexpr size_t kSlotTotal = kDrainBase + 2 * kDrainCapacity;
// Pauses a replaying window keeps one by one between drains; beyond that they are summed per bucket (see GcTally).
constexpr size_t kGcPending = 1024;
// Iterations the hook buffers before adding them to the histogram (2 KiB: written sequentially, one new cache
// line per 8 iterations, where the histogram's 10 KiB would be touched at a random line every iteration).
constexpr uint32_t kRecentIterations = 256;

// Log-linear buckets of nanosecond values, HdrHistogram-like: values below 64 ns are exact, above that every
// power of two is split into 32 buckets (relative error <= 1/32 ~ 3%).
struct Buckets {
  static constexpr int kSubBits = 5;
  static constexpr uint64_t kSub = uint64_t{1} << kSubBits;  // 32
  static constexpr uint64_t kLinear = 2 * kSub;              // 64: values 0..63 get one bucket each
  static constexpr int kMaxMagnitude = 42;                   // 2^43 ns ~ 2.4 h: larger values are clamped
  static constexpr size_t kCount = kLinear + (kMaxMagnitude - (kSubBits + 1) + 1) * kSub;

  static inline size_t IndexOf(uint64_t ns) {
    if (ns < kLinear) return static_cast<size_t>(ns);
    int magnitude = 63 - __builtin_clzll(ns);  // >= kSubBits + 1
    if (magnitude > kMaxMagnitude) return kCount - 1;
    uint64_t sub = (ns >> (magnitude - kSubBits)) & (kSub - 1);
    return static_cast<size_t>(kLinear + static_cast<uint64_t>(magnitude - (kSubBits + 1)) * kSub + sub);
  }

  // The midpoint of a bucket.
  static double Midpoint(size_t index) {
    if (index < kLinear) return static_cast<double>(index);
    uint64_t magnitude = kSubBits + 1 + (index - kLinear) / kSub;
    uint64_t sub = (index - kLinear) % kSub;
    uint64_t width = uint64_t{1} << (magnitude - kSubBits);
    uint64_t lower = (kSub + sub) * width;
    return static_cast<double>(lower) + static_cast<double>(width) / 2;
  }
};

// Totals of every iteration since the state was created: written by the hook only, never reset. The segment
// min/max cover the iterations since the last read of any window.
struct DelayTotals {
  uint64_t counts[Buckets::kCount] = {};
  uint64_t count = 0;
  uint64_t sum = 0;          // ns
  double sum_squares = 0;    // ns^2
  uint64_t segment_min = kNoSample;
  uint64_t segment_max = 0;
  static constexpr uint64_t kNoSample = std::numeric_limits<uint64_t>::max();  // segment_min of an empty segment

  bool SegmentEmpty() const { return segment_min == kNoSample; }
  void StartSegment() {
    segment_min = kNoSample;
    segment_max = 0;
  }

  inline void Record(uint64_t ns) {
    ++counts[Buckets::IndexOf(ns)];
    ++count;
    sum += ns;
    double v = static_cast<double>(static_cast<int64_t>(ns));  // < 2^43 after clamping: a signed convert is exact
    sum_squares += v * v;
    if (ns < segment_min) segment_min = ns;
    if (ns > segment_max) segment_max = ns;
  }
};

// The PS_RUNTIME_GC_TYPES index of a v8::GCType, or -1.
int GcTypeIndex(int type) {
  switch (type) {
    case kGcMarkSweepCompact:
      return kGc_major;
    case kGcScavenge:
    case kGcMinorMarkSweep:
      return kGc_minor;
    case kGcIncrementalMarking:
      return kGc_incremental;
    case kGcProcessWeakCallbacks:
      return kGc_weakcb;
    default:
      return -1;
  }
}

// One consumer's GC pauses since its window opened: count, sum, min, max and bucket counts per GC type. A
// consumer that feeds an OpenTelemetry Histogram instrument (which takes values one at a time) also "replays":
// the pauses since its last Drain() are kept one by one up to kGcPending, and past that summed per type and
// bucket with their exact min and max. Drain() hands them out so that the instrument receives the same count,
// sum, bucket counts, min and max as if it had seen every pause (past kGcPending, a bucket's pauses other than
// the min and max arrive as their mean, which lies in the same bucket).
class GcTally {
 public:
  explicit GcTally(bool replay) {
    if (replay) {
      pending_values_.reset(new double[kGcPending]);
      pending_types_.reset(new uint8_t[kGcPending]);
    }
    Clear();
  }

  void Add(int type, size_t bucket, double seconds) {
    count_[type] += 1;
    sum_[type] += seconds;
    if (!(seconds >= min_[type])) min_[type] = seconds;  // also replaces NaN
    if (!(seconds <= max_[type])) max_[type] = seconds;
    buckets_[type][bucket] += 1;
    if (!pending_values_) return;
    if (pending_ < kGcPending) {
      pending_values_[pending_] = seconds;
      pending_types_[pending_] = static_cast<uint8_t>(type);
      ++pending_;
      return;
    }
    spill_count_[type][bucket] += 1;
    spill_sum_[type][bucket] += seconds;
    if (!spill_min_due_[type] || seconds < spill_min_[type]) {
      spill_min_[type] = seconds;
      spill_min_bucket_[type] = bucket;
      spill_min_due_[type] = true;
    }
    if (!spill_max_due_[type] || seconds > spill_max_[type]) {
      spill_max_[type] = seconds;
      spill_max_bucket_[type] = bucket;
      spill_max_due_[type] = true;
    }
  }

  void Write(double* out) const {
    for (size_t t = 0; t < kGcTypes; ++t) {
      double* o = out + t * kGcStride;
      o[0] = count_[t];
      o[1] = sum_[t];
      o[2] = min_[t];
      o[3] = max_[t];
      for (size_t b = 0; b < kMaxGcBuckets; ++b) o[4 + b] = buckets_[t][b];
    }
  }

  // Moves up to `capacity` pauses (duration, type index) not yet handed out; returns how many.
  size_t Drain(double* values, double* types, size_t capacity) {
    if (!pending_values_) return 0;
    size_t n = 0;
    while (drained_ < pending_ && n < capacity) {
      values[n] = pending_values_[drained_];
      types[n] = pending_types_[drained_];
      ++n;
      ++drained_;
    }
    if (drained_ < pending_) return n;
    pending_ = drained_ = 0;
    for (size_t t = 0; t < kGcTypes; ++t) {
      for (size_t b = 0; b < kMaxGcBuckets && n < capacity; ++b) {
        while (spill_count_[t][b] > 0 && n < capacity) {
          double v;
          if (spill_min_due_[t] && spill_min_bucket_[t] == b) {
            v = spill_min_[t];
            spill_min_due_[t] = false;
          } else if (spill_max_due_[t] && spill_max_bucket_[t] == b) {
            v = spill_max_[t];
            spill_max_due_[t] = false;
          } else {
            v = spill_sum_[t][b] / spill_count_[t][b];
          }
          values[n] = v;
          types[n] = static_cast<double>(t);
          ++n;
          spill_count_[t][b] -= 1;
          spill_sum_[t][b] = spill_count_[t][b] > 0 ? spill_sum_[t][b] - v : 0;
        }
        if (spill_count_[t][b] == 0 && spill_max_bucket_[t] == b) spill_max_due_[t] = false;  // min == max
      }
    }
    return n;
  }

 private:
  void Clear() {
    for (size_t t = 0; t < kGcTypes; ++t) {
      count_[t] = 0;
      sum_[t] = 0;
      min_[t] = kNaN;
      max_[t] = kNaN;
      spill_min_due_[t] = false;
      spill_max_due_[t] = false;
      spill_min_[t] = 0;
      spill_max_[t] = 0;
      spill_min_bucket_[t] = 0;
      spill_max_bucket_[t] = 0;
      for (size_t b = 0; b < kMaxGcBuckets; ++b) {
        buckets_[t][b] = 0;
        spill_count_[t][b] = 0;
        spill_sum_[t][b] = 0;
      }
    }
  }

  double count_[kGcTypes];
  double sum_[kGcTypes];
  double min_[kGcTypes];
  double max_[kGcTypes];
  double buckets_[kGcTypes][kMaxGcBuckets];
  std::unique_ptr<double[]> pending_values_;
  std::unique_ptr<uint8_t[]> pending_types_;
  size_t pending_ = 0;
  size_t drained_ = 0;
  double spill_count_[kGcTypes][kMaxGcBuckets];
  double spill_sum_[kGcTypes][kMaxGcBuckets];
  double spill_min_[kGcTypes];
  double spill_max_[kGcTypes];
  size_t spill_min_bucket_[kGcTypes];
  size_t spill_max_bucket_[kGcTypes];
  bool spill_min_due_[kGcTypes];
  bool spill_max_due_[kGcTypes];
};

// One consumer's window: the totals when it began, the min/max of the segments closed since, and its GC pauses.
class DelayWindow {
 public:
  explicit DelayWindow(bool replay_gc) : counts_(new uint64_t[Buckets::kCount]), gc_(replay_gc) {}

  GcTally& gc() { return gc_; }

  void Begin(const DelayTotals& totals) {
    std::memcpy(counts_.get(), totals.counts, sizeof(totals.counts));
    count_ = totals.count;
    sum_ = totals.sum;
    sum_squares_ = totals.sum_squares;
    min_ = std::numeric_limits<uint64_t>::max();
    max_ = 0;
  }

  void Fold(uint64_t segment_min, uint64_t segment_max) {
    if (segment_min < min_) min_ = segment_min;
    if (segment_max > max_) max_ = segment_max;
  }

  // Writes count, min, max, mean, stddev, p50, p90, p99 (seconds) of the iterations since Begin() into
  // out[0..7]; NaN statistics when there were none. The segments must have been folded in.
  void Write(const DelayTotals& totals, double* out) const {
    uint64_t count = totals.count - count_;
    out[0] = static_cast<double>(count);
    if (count == 0) {
      for (int i = 1; i < 8; ++i) out[i] = kNaN;
      return;
    }
    double n = static_cast<double>(count);
    double mean = static_cast<double>(totals.sum - sum_) / n;
    double variance = (totals.sum_squares - sum_squares_) / n - mean * mean;
    out[1] = static_cast<double>(min_) / kNsPerS;
    out[2] = static_cast<double>(max_) / kNsPerS;
    out[3] = mean / kNsPerS;
    out[4] = std::sqrt(variance > 0 ? variance : 0) / kNsPerS;
    // Nearest-rank percentiles, found in one pass over the buckets' differences. The buckets holding the exact
    // min and max report them (so a single long iteration shows its true length in p99); others their midpoint.
    static constexpr double kQuantiles[3] = {0.50, 0.90, 0.99};
    uint64_t ranks[3];
    for (int q = 0; q < 3; ++q) {
      double r = std::ceil(kQuantiles[q] * n);
      ranks[q] = r < 1 ? 1 : static_cast<uint64_t>(r);
    }
    size_t min_index = Buckets::IndexOf(min_);
    size_t max_index = Buckets::IndexOf(max_);
    int q = 0;
    uint64_t seen = 0;
    for (size_t i = min_index; i <= max_index && q < 3; ++i) {
      seen += totals.counts[i] - counts_[i];
      double value = i == max_index ? static_cast<double>(max_)
                     : i == min_index ? static_cast<double>(min_)
                                      : Buckets::Midpoint(i);
      while (q < 3 && seen >= ranks[q]) out[5 + q++] = value / kNsPerS;
    }
    while (q < 3) out[5 + q++] = static_cast<double>(max_) / kNsPerS;  // unreachable unless counts overflow
  }

 private:
  std::unique_ptr<uint64_t[]> counts_;
  GcTally gc_;
  uint64_t count_ = 0;
  uint64_t sum_ = 0;
  double sum_squares_ = 0;
  uint64_t min_ = std::numeric_limits<uint64_t>::max();
  uint64_t max_ = 0;
};

}  // namespace

struct RuntimeState {
  // The hook's state first, next to the prepare handle that libuv itself touches every iteration: a loop turn
  // that allocates streams the JavaScript heap through the caches, so the fewer cache lines the hook needs, the
  // less it pays to bring them back. Loop thread only.
  uv_prepare_t prepare_;
  LoopClock clock_;
  LoopIdleTime idle_;
  bool have_last_ = false;  // false after a (re)start or a clock restart: the next iteration is not recorded
  uint32_t pending_ = 0;    // iterations in recent_ not yet added to totals_
  uint64_t last_prepare_ns_ = 0;
  uint64_t last_idle_ns_ = 0;
  uint64_t recent_[kRecentIterations];  // the latest iterations' delays (ns), added to totals_ in batches
  DelayTotals totals_;

  napi_env env_ = nullptr;
  uv_loop_t* loop_ = nullptr;
  bool handle_initialized_ = false;
  bool running_ = false;
  bool closing_ = false;
  bool closed_ = false;
  bool destroy_requested_ = false;
  napi_async_cleanup_hook_handle cleanup_hook_ = nullptr;
  napi_ref array_ref_ = nullptr;
  double* slots_ = nullptr;
  double threadpool_size_ = kNaN;
  // Consumers' windows by id; a closed id's slot is null until reused.
  std::vector<std::unique_ptr<DelayWindow>> windows_;
  // Options of runtimeConfigure, applied at the next start.
  bool allow_counter_clock_ = true;
  bool allow_direct_idle_ = true;
  bool allow_v8_api_ = true;  // false: act as if V8's API were not found (tests of the JavaScript fallbacks)
  V8HeapSpaces heap_;
  // GC pauses (V8's GC callbacks, while the hook runs): the start of the collection in progress per type, and
  // the duration buckets' upper bounds in seconds (set by runtimeConfigure({ gcBoundaries })).
  bool gc_callbacks_ = false;
  uint64_t gc_start_ns_[kGcTypes] = {};
  double gc_boundaries_[kMaxGcBuckets - 1] = {};
  size_t gc_boundary_count_ = 0;
};

namespace {

void FreeState(RuntimeState* state) { delete state; }

void RemoveCleanupHook(RuntimeState* state) {
  if (state->cleanup_hook_ == nullptr) return;
  napi_async_cleanup_hook_handle hook = state->cleanup_hook_;
  state->cleanup_hook_ = nullptr;
  napi_remove_async_cleanup_hook(hook);
}

// Adds the buffered iterations to the totals. Called when the buffer is full and before every read.
void FlushRecent(RuntimeState* state) {
  for (uint32_t i = 0; i < state->pending_; ++i) state->totals_.Record(state->recent_[i]);
  state->pending_ = 0;
}

// Once per loop iteration, at the prepare phase. No allocation, no lock, no system call; the histogram is
// updated once per kRecentIterations.
void OnPrepare(uv_prepare_t* handle) {
  RuntimeState* state = static_cast<RuntimeState*>(handle->data);
  uint64_t idle = state->idle_.Read();
  uint64_t now = state->clock_.Now();
  if (state->have_last_) {
    uint64_t iteration = now > state->last_prepare_ns_ ? now - state->last_prepare_ns_ : 0;
    uint64_t idled = idle - state->last_idle_ns_;
    state->recent_[state->pending_] = iteration > idled ? iteration - idled : 0;
    if (++state->pending_ == kRecentIterations) FlushRecent(state);
  }
  state->have_last_ = true;
  state->last_prepare_ns_ = now;
  state->last_idle_ns_ = idle;
}

// Ends the current segment (after adding the buffered iterations): its min/max go into every open window.
void CloseSegment(RuntimeState* state) {
  FlushRecent(state);
  DelayTotals& totals = state->totals_;
  if (totals.SegmentEmpty()) return;
  for (auto& window : state->windows_) {
    if (window) window->Fold(totals.segment_min, totals.segment_max);
  }
  totals.StartSegment();
}

// The hook's samples since the previous read cannot be trusted (see LoopIdleTime::Check): every window drops
// what it gathered since its last read, and the hook starts over.
void DiscardWindows(RuntimeState* state) {
  state->pending_ = 0;
  state->totals_.StartSegment();
  for (auto& window : state->windows_) {
    if (window) window->Begin(state->totals_);
  }
  state->have_last_ = false;
}

// The bucket of a pause: the first whose upper bound is >= it (OpenTelemetry's explicit buckets), else the last.
size_t GcBucket(const RuntimeState* state, double seconds) {
  size_t b = 0;
  while (b < state->gc_boundary_count_ && seconds > state->gc_boundaries_[b]) ++b;
  return b;
}

void OnGcPrologue(void* isolate, int type, int flags, void* data) {
  RuntimeState* state = static_cast<RuntimeState*>(data);
  int t = GcTypeIndex(type);
  if (t >= 0) state->gc_start_ns_[t] = uv_hrtime();
}

// Node's 'gc' performance entries measure the same span: prologue to epilogue.
void OnGcEpilogue(void* isolate, int type, int flags, void* data) {
  RuntimeState* state = static_cast<RuntimeState*>(data);
  int t = GcTypeIndex(type);
  if (t < 0 || state->gc_start_ns_[t] == 0) return;
  double seconds = static_cast<double>(uv_hrtime() - state->gc_start_ns_[t]) / kNsPerS;
  state->gc_start_ns_[t] = 0;
  size_t bucket = GcBucket(state, seconds);
  for (auto& window : state->windows_) {
    if (window) window->gc().Add(t, bucket, seconds);
  }
}

void StartGcCallbacks(RuntimeState* state) {
  if (state->gc_callbacks_ || !state->allow_v8_api_ || !state->heap_.gc_available()) return;
  state->heap_.AddGcCallbacks(OnGcPrologue, OnGcEpilogue, state);
  state->gc_callbacks_ = true;
}

void StopGcCallbacks(RuntimeState* state) {
  if (!state->gc_callbacks_) return;
  state->heap_.RemoveGcCallbacks(OnGcPrologue, OnGcEpilogue, state);
  state->gc_callbacks_ = false;
  for (size_t t = 0; t < kGcTypes; ++t) state->gc_start_ns_[t] = 0;
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
  StopGcCallbacks(state);
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
  RuntimeState* state = StateOf(info);
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
  Napi::Array fields = Napi::Array::New(env, kHeapFieldCount);
  for (size_t i = 0; i < kHeapFieldCount; ++i) fields.Set(static_cast<uint32_t>(i), kHeapFieldNames[i]);
  // The heap spaces' names, read once (V8's names are static strings); null without V8's API.
  Napi::Value spaces = env.Null();
  if (state->allow_v8_api_ && state->heap_.bound() && state->heap_.count() <= kMaxHeapSpaces) {
    Napi::Array list = Napi::Array::New(env, state->heap_.count());
    bool ok = true;
    for (size_t i = 0; i < state->heap_.count() && ok; ++i) {
      HeapSpaceStatistics stats;
      ok = state->heap_.Read(i, &stats) && stats.space_name != nullptr;
      if (ok) list.Set(static_cast<uint32_t>(i), Napi::String::New(env, stats.space_name));
    }
    if (ok) spaces = list;
  }
  result.Set("slots", slots);
  result.Set("units", units);
  Napi::Object read_flags = Napi::Object::New(env);
#define PS_RUNTIME_READ_EXPORT(name, bit) read_flags.Set(#name, Napi::Number::New(env, bit));
  PS_RUNTIME_READ_FLAGS(PS_RUNTIME_READ_EXPORT)
#undef PS_RUNTIME_READ_EXPORT
  result.Set("readFlags", read_flags);
  Napi::Array gc_types = Napi::Array::New(env, kGcTypes);
  uint32_t gc_index = 0;
#define PS_RUNTIME_GC_EXPORT(name) gc_types.Set(gc_index++, #name);
  PS_RUNTIME_GC_TYPES(PS_RUNTIME_GC_EXPORT)
#undef PS_RUNTIME_GC_EXPORT
  result.Set("gcTypes", gc_types);
  result.Set("handleTypes", names);
  result.Set("handleBase", Napi::Number::New(env, static_cast<double>(kHandleBase)));
  result.Set("heapBase", Napi::Number::New(env, static_cast<double>(kHeapBase)));
  result.Set("heapFields", fields);
  result.Set("heapSpaces", spaces);
  result.Set("gcBase", Napi::Number::New(env, static_cast<double>(kGcBase)));
  result.Set("gcStride", Napi::Number::New(env, static_cast<double>(kGcStride)));
  result.Set("gcNative", Napi::Boolean::New(env, state->allow_v8_api_ && state->heap_.gc_available()));
  result.Set("drainBase", Napi::Number::New(env, static_cast<double>(kDrainBase)));
  result.Set("drainCapacity", Napi::Number::New(env, static_cast<double>(kDrainCapacity)));
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
    state->clock_.Reset(state->allow_counter_clock_);
    state->idle_.Reset(state->loop_, state->allow_direct_idle_);
    state->idle_.Check();  // here, on the loop thread outside the event provider
    state->have_last_ = false;  // the first iteration after a (re)start is partial: not recorded
    uv_prepare_start(&state->prepare_, OnPrepare);
    StartGcCallbacks(state);
    state->running_ = true;
  }
  return Napi::Boolean::New(env, true);
}

Napi::Value Stop(const Napi::CallbackInfo& info) {
  RuntimeState* state = StateOf(info);
  if (state->running_) {
    uv_prepare_stop(&state->prepare_);
    StopGcCallbacks(state);
    state->running_ = false;
  }
  return info.Env().Undefined();
}

// The window with this id, or nullptr.
DelayWindow* WindowOf(RuntimeState* state, const Napi::Value& id) {
  if (!id.IsNumber()) return nullptr;
  double value = id.As<Napi::Number>().DoubleValue();
  if (!(value >= 0) || value >= static_cast<double>(state->windows_.size())) return nullptr;
  return state->windows_[static_cast<size_t>(value)].get();
}

Napi::Value WindowOpen(const Napi::CallbackInfo& info) {
  RuntimeState* state = StateOf(info);
  CloseSegment(state);  // the new window starts with an empty segment
  size_t id = 0;
  while (id < state->windows_.size() && state->windows_[id]) ++id;
  if (id == state->windows_.size()) state->windows_.emplace_back();
  bool replay_gc = info.Length() > 0 && info[0].IsBoolean() && info[0].As<Napi::Boolean>().Value();
  state->windows_[id].reset(new DelayWindow(replay_gc));
  state->windows_[id]->Begin(state->totals_);
  return Napi::Number::New(info.Env(), static_cast<double>(id));
}

Napi::Value WindowClose(const Napi::CallbackInfo& info) {
  RuntimeState* state = StateOf(info);
  if (info.Length() > 0 && WindowOf(state, info[0]) != nullptr) {
    state->windows_[static_cast<size_t>(info[0].As<Napi::Number>().DoubleValue())].reset();
  }
  return info.Env().Undefined();
}

void ReadHeap(RuntimeState* state, double* s) {
  const V8HeapSpaces& heap = state->heap_;
  if (!state->allow_v8_api_ || !heap.bound() || heap.count() > kMaxHeapSpaces) {
    s[kSlot_heapSpaceCount] = kNaN;
    return;
  }
  size_t n = 0;
  for (; n < heap.count(); ++n) {
    HeapSpaceStatistics stats;
    if (!heap.Read(n, &stats)) break;
    double* out = s + kHeapBase + n * kHeapFieldCount;
    out[0] = static_cast<double>(stats.space_size);
    out[1] = static_cast<double>(stats.space_used_size);
    out[2] = static_cast<double>(stats.space_available_size);
    out[3] = static_cast<double>(stats.physical_space_size);
  }
  s[kSlot_heapSpaceCount] = static_cast<double>(n);
}

// Whether the attached array still holds the memory it was attached with. Its ArrayBuffer may have been
// detached (transferred by postMessage or structuredClone, or by other native code), and V8 may have freed or
// handed over that memory: then let it go, so nothing is written through slots_ until the next runtimeAttach.
bool SlotsAlive(napi_env env, RuntimeState* state) {
  if (state->slots_ == nullptr) return false;
  napi_value array = nullptr;
  void* data = nullptr;
  size_t length = 0;
  if (napi_get_reference_value(env, state->array_ref_, &array) == napi_ok && array != nullptr &&
      napi_get_typedarray_info(env, array, nullptr, &length, &data, nullptr, nullptr) == napi_ok &&
      data == state->slots_ && length >= kSlotTotal) {
    return true;
  }
  napi_delete_reference(env, state->array_ref_);
  state->array_ref_ = nullptr;
  state->slots_ = nullptr;
  return false;
}

Napi::Value Read(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RuntimeState* state = StateOf(info);
  // false: no array, or its buffer was detached (JavaScript attaches a new one and reads again).
  if (!SlotsAlive(env, state)) return Napi::Boolean::New(env, false);
  double* s = state->slots_;
  int flags = info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().Int32Value() : 0;

  // Keep the hook honest (both run here, on the loop thread, outside the event provider).
  if (state->running_) {
    if (!state->idle_.Check()) DiscardWindows(state);
    if (state->clock_.Refine()) state->have_last_ = false;
  }
  CloseSegment(state);
  DelayWindow* window = info.Length() > 1 ? WindowOf(state, info[1]) : nullptr;
  if (window != nullptr) {
    window->Write(state->totals_, s + kSlot_delayCount);
    window->Begin(state->totals_);
  } else {
    s[kSlot_delayCount] = 0;
    for (size_t i = kSlot_delayCount + 1; i <= kSlot_delayP99; ++i) s[i] = kNaN;
  }

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
  s[kSlot_hookIterations] = static_cast<double>(state->totals_.count);
  s[kSlot_activeRequests] = static_cast<double>(state->loop_->active_reqs.count);
  if (flags & kReadHandles) {
    s[kSlot_activeHandles] = 0;
    for (size_t i = 0; i < kHandleTypeCount; ++i) s[kHandleBase + i] = 0;
    uv_walk(state->loop_, CountHandle, s);
  }
  if (flags & kReadHeap) ReadHeap(state, s);
  if (flags & kReadGc) {
    if (window != nullptr) {
      window->gc().Write(s + kGcBase);
    } else {
      GcTally(false).Write(s + kGcBase);
    }
  }
  return Napi::Boolean::New(env, true);
}

Napi::Value GcDrain(const Napi::CallbackInfo& info) {
  RuntimeState* state = StateOf(info);
  DelayWindow* window = info.Length() > 0 ? WindowOf(state, info[0]) : nullptr;
  size_t n = 0;
  if (window != nullptr && SlotsAlive(info.Env(), state)) {
    n = window->gc().Drain(state->slots_ + kDrainBase, state->slots_ + kDrainBase + kDrainCapacity, kDrainCapacity);
  }
  return Napi::Number::New(info.Env(), static_cast<double>(n));
}

Napi::Value Configure(const Napi::CallbackInfo& info) {
  RuntimeState* state = StateOf(info);
  if (info.Length() > 0 && info[0].IsObject()) {
    Napi::Object options = info[0].As<Napi::Object>();
    Napi::Value counter = options.Get("counterClock");
    Napi::Value direct = options.Get("directIdle");
    if (counter.IsBoolean()) state->allow_counter_clock_ = counter.As<Napi::Boolean>().Value();
    if (direct.IsBoolean()) state->allow_direct_idle_ = direct.As<Napi::Boolean>().Value();
    Napi::Value v8api = options.Get("v8Api");
    if (v8api.IsBoolean()) state->allow_v8_api_ = v8api.As<Napi::Boolean>().Value();
    Napi::Value bounds = options.Get("gcBoundaries");
    if (bounds.IsArray()) {
      Napi::Array list = bounds.As<Napi::Array>();
      size_t n = list.Length() < kMaxGcBuckets - 1 ? list.Length() : kMaxGcBuckets - 1;
      for (size_t i = 0; i < n; ++i) {
        Napi::Value v = list.Get(static_cast<uint32_t>(i));
        state->gc_boundaries_[i] = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : kNaN;
      }
      state->gc_boundary_count_ = n;
    }
  }
  return info.Env().Undefined();
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RuntimeState* state = StateOf(info);
  Napi::Object result = Napi::Object::New(env);
  result.Set("clock", Napi::String::New(env, state->clock_.ModeName()));
  result.Set("counterHz", Napi::Number::New(env, state->clock_.TicksPerSecond()));
  result.Set("idle", Napi::String::New(env, state->idle_.ModeName()));
  result.Set("heap", Napi::String::New(env, state->allow_v8_api_ && state->heap_.bound() ? "v8" : "none"));
  result.Set("gc", Napi::String::New(env, state->allow_v8_api_ && state->heap_.gc_available() ? "v8" : "none"));
  double open = 0;
  for (const auto& window : state->windows_) open += window ? 1 : 0;
  result.Set("windows", Napi::Number::New(env, open));
  result.Set("running", Napi::Boolean::New(env, state->running_));
  return result;
}

}  // namespace

RuntimeState* Init(Napi::Env env, Napi::Object exports) {
  RuntimeState* state = new RuntimeState();
  state->env_ = env;
  if (napi_get_uv_event_loop(env, &state->loop_) != napi_ok || state->loop_ == nullptr) {
    delete state;
    return nullptr;
  }
  state->heap_.Bind();  // on this environment's JavaScript thread: binds its isolate
  napi_add_async_cleanup_hook(env, OnAsyncCleanup, state, &state->cleanup_hook_);
  exports.Set("runtimeLayout", Napi::Function::New(env, Layout, "runtimeLayout", state));
  exports.Set("runtimeAttach", Napi::Function::New(env, Attach, "runtimeAttach", state));
  exports.Set("runtimeStart", Napi::Function::New(env, Start, "runtimeStart", state));
  exports.Set("runtimeStop", Napi::Function::New(env, Stop, "runtimeStop", state));
  exports.Set("runtimeWindowOpen", Napi::Function::New(env, WindowOpen, "runtimeWindowOpen", state));
  exports.Set("runtimeWindowClose", Napi::Function::New(env, WindowClose, "runtimeWindowClose", state));
  exports.Set("runtimeRead", Napi::Function::New(env, Read, "runtimeRead", state));
  exports.Set("runtimeGcDrain", Napi::Function::New(env, GcDrain, "runtimeGcDrain", state));
  exports.Set("runtimeConfigure", Napi::Function::New(env, Configure, "runtimeConfigure", state));
  exports.Set("runtimeInfo", Napi::Function::New(env, Info, "runtimeInfo", state));
  return state;
}

void Destroy(RuntimeState* state) {
  if (state == nullptr) return;
  state->destroy_requested_ = true;
  state->slots_ = nullptr;
  // Called from the addon's instance-data finalizer, where deleting a reference is allowed.
  if (state->array_ref_ != nullptr) napi_delete_reference(state->env_, state->array_ref_);
  state->array_ref_ = nullptr;
  StopGcCallbacks(state);  // V8 must never call into a freed state (idempotent; normally already done)
  // Normally the async cleanup hook has already closed the handle. If not, close it now and free the state
  // from the close callback; a state whose close callback never runs is leaked rather than used after free.
  if (CloseHandle(state)) return;
  RemoveCleanupHook(state);
  FreeState(state);
}

}  // namespace runtime
}  // namespace procsampler
