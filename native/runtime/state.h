// One environment's runtime state and the lifecycle of its hooks: the unreferenced uv_prepare_t that records
// every loop iteration's busy time into the delay totals, V8's GC callbacks that feed the consumers' GC tallies,
// the consumers' windows, and the close of the handle at environment teardown. The Node-API functions that drive
// it are in runtime/binding.cc. Loop thread only.
#ifndef PROCSAMPLER_RUNTIME_STATE_H_
#define PROCSAMPLER_RUNTIME_STATE_H_

#include <node_api.h>
#include <uv.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "runtime/gc_tally.h"
#include "runtime/histogram.h"
#include "runtime/layout.h"
#include "counter_clock.h"
#include "runtime/loop_idle.h"
#include "runtime/v8_heap.h"

namespace procsampler {
namespace runtime {

// Iterations the hook buffers before adding them to the histogram (2 KiB: written sequentially, one new cache
// line per 8 iterations, where the histogram's 10 KiB would be touched at a random line every iteration).
constexpr uint32_t kRecentIterations = 256;

// One consumer's window (each RuntimeMetrics opens its own): its delay statistics and its GC pauses.
struct Window {
  explicit Window(bool replay_gc) : gc(replay_gc) {}
  DelayWindow delay;
  GcTally gc;
};

struct RuntimeState {
  // The hook's state first, next to the prepare handle that libuv itself touches every iteration: a loop turn
  // that allocates streams the JavaScript heap through the caches, so the fewer cache lines the hook needs, the
  // less it pays to bring them back. Loop thread only.
  uv_prepare_t prepare_;
  CounterClock clock_;
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
  double threadpool_size_ = std::numeric_limits<double>::quiet_NaN();
  // Consumers' windows by id; a closed id's slot is null until reused.
  std::vector<std::unique_ptr<Window>> windows_;
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

// A new state for the loop of `env`, its async cleanup hook registered; nullptr without a loop.
RuntimeState* NewState(napi_env env);
// Starts the prepare hook and the GC callbacks (idempotent). False when the handle could not be set up or is
// closing.
bool StartHooks(RuntimeState* state);
// Stops them (idempotent); the windows are kept.
void StopHooks(RuntimeState* state);
// Keeps the hook honest before a read (the idle time's source and the cycle counter's rate, see loop_idle.h and
// counter_clock.h), then ends the current segment: its min/max go into every open window.
void PrepareRead(RuntimeState* state);
// Opens a window starting now; returns its id.
size_t OpenWindow(RuntimeState* state, bool replay_gc);
// The window of this id, or nullptr.
Window* WindowAt(RuntimeState* state, double id);
void CloseWindow(RuntimeState* state, double id);
// Fills `s` (kSlotTotal slots): the window's delay (and GC pauses with kReadGc), the loop's metrics, and per the
// flags the handles and V8's heap spaces. The window starts again.
void ReadSlots(RuntimeState* state, int flags, Window* window, double* s);
// Whether V8's heap-space statistics can be read (its API was found and allowed, with at most kMaxHeapSpaces).
bool HeapReadable(const RuntimeState* state);
// Whether this build knows uv_metrics_info (libuv >= 1.45 headers; the symbol may still be absent at run time).
bool UvMetricsInfoBuilt();
void Destroy(RuntimeState* state);

}  // namespace runtime
}  // namespace procsampler

#endif  // PROCSAMPLER_RUNTIME_STATE_H_
