// The hooks' lifecycle and what a read computes: see state.h. The delay definition and the hook's cost are in
// runtime.h.
#include "runtime/state.h"

#include <cstdlib>

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
    if (window) window->delay.Fold(totals.segment_min, totals.segment_max);
  }
  totals.StartSegment();
}

// The hook's samples since the previous read cannot be trusted (see LoopIdleTime::Check): every window drops
// what it gathered since its last read, and the hook starts over.
void DiscardWindows(RuntimeState* state) {
  state->pending_ = 0;
  state->totals_.StartSegment();
  for (auto& window : state->windows_) {
    if (window) window->delay.Begin(state->totals_);
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
    if (window) window->gc.Add(t, bucket, seconds);
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

void ReadHeap(RuntimeState* state, double* s) {
  if (!HeapReadable(state)) {
    s[kSlot_heapSpaceCount] = kNaN;
    return;
  }
  size_t n = 0;
  for (; n < state->heap_.count(); ++n) {
    HeapSpaceStatistics stats;
    if (!state->heap_.Read(n, &stats)) break;
    double* out = s + kHeapBase + n * kHeapFieldCount;
    out[0] = static_cast<double>(stats.space_size);
    out[1] = static_cast<double>(stats.space_used_size);
    out[2] = static_cast<double>(stats.space_available_size);
    out[3] = static_cast<double>(stats.physical_space_size);
  }
  s[kSlot_heapSpaceCount] = static_cast<double>(n);
}

}  // namespace

RuntimeState* NewState(napi_env env) {
  RuntimeState* state = new RuntimeState();
  state->env_ = env;
  if (napi_get_uv_event_loop(env, &state->loop_) != napi_ok || state->loop_ == nullptr) {
    delete state;
    return nullptr;
  }
  state->heap_.Bind();  // on this environment's JavaScript thread: binds its isolate
  napi_add_async_cleanup_hook(env, OnAsyncCleanup, state, &state->cleanup_hook_);
  return state;
}

bool StartHooks(RuntimeState* state) {
  if (state->closing_) return false;
  if (!state->handle_initialized_) {
    if (uv_prepare_init(state->loop_, &state->prepare_) != 0) return false;
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
  return true;
}

void StopHooks(RuntimeState* state) {
  if (!state->running_) return;
  uv_prepare_stop(&state->prepare_);
  StopGcCallbacks(state);
  state->running_ = false;
}

void PrepareRead(RuntimeState* state) {
  // Both run here, on the loop thread, outside the event provider.
  if (state->running_) {
    if (!state->idle_.Check()) DiscardWindows(state);
    if (state->clock_.Refine()) state->have_last_ = false;
  }
  CloseSegment(state);
}

size_t OpenWindow(RuntimeState* state, bool replay_gc) {
  CloseSegment(state);  // the new window starts with an empty segment
  size_t id = 0;
  while (id < state->windows_.size() && state->windows_[id]) ++id;
  if (id == state->windows_.size()) state->windows_.emplace_back();
  state->windows_[id].reset(new Window(replay_gc));
  state->windows_[id]->delay.Begin(state->totals_);
  return id;
}

Window* WindowAt(RuntimeState* state, double id) {
  if (!(id >= 0) || id >= static_cast<double>(state->windows_.size())) return nullptr;
  return state->windows_[static_cast<size_t>(id)].get();
}

void CloseWindow(RuntimeState* state, double id) {
  if (WindowAt(state, id) != nullptr) state->windows_[static_cast<size_t>(id)].reset();
}

bool HeapReadable(const RuntimeState* state) {
  return state->allow_v8_api_ && state->heap_.bound() && state->heap_.count() <= kMaxHeapSpaces;
}

void ReadSlots(RuntimeState* state, int flags, Window* window, double* s) {
  PrepareRead(state);
  if (window != nullptr) {
    window->delay.Write(state->totals_, s + kSlot_delayCount);
    window->delay.Begin(state->totals_);
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
      window->gc.Write(s + kGcBase);
    } else {
      GcTally(false).Write(s + kGcBase);
    }
  }
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

bool UvMetricsInfoBuilt() { return PS_HAVE_UV_METRICS_INFO != 0; }

}  // namespace runtime
}  // namespace procsampler
