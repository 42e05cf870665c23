// Node.js runtime metrics (event loop per iteration, libuv loop metrics, handles): per-environment state.
//
// One RuntimeState per Node environment (main thread or worker). It owns an unreferenced uv_prepare_t on that
// environment's loop which, once per loop iteration, records the iteration's busy time (the iteration's length
// minus the time libuv spent waiting in epoll, uv_metrics_idle_time) into a cumulative log-linear histogram;
// each consumer's delay window is the difference from its own copy of that histogram. Nothing on the hook's path
// allocates, locks or calls into the kernel. JavaScript owns one Float64Array (layout below) which `runtimeRead`
// fills, V8's heap-space statistics included (v8_heap.h).
#ifndef PROCSAMPLER_RUNTIME_H_
#define PROCSAMPLER_RUNTIME_H_

#include <napi.h>

namespace procsampler {
namespace runtime {

// X(name, unit): the slots of the runtime Float64Array, in order. Exported at load time as
// `runtimeLayout()`; TypeScript reads the offsets from there. NaN means "not available on this Node/libuv".
//   delay*          the delay window read (see runtimeRead); count 0 and NaN statistics when it is empty
//   now             uv_hrtime() in seconds, taken by the read (the same clock as process.hrtime)
//   idleTime        uv_metrics_idle_time(): seconds the loop waited in the event provider since it started
//   loopCount ...   uv_metrics_info() (libuv >= 1.45, Node >= 20): NaN where the symbol is absent
//   hookIterations  iterations the prepare hook recorded since the first start() (works on every Node)
//   activeHandles   handles that are active and referenced (they keep the loop alive), by uv_walk
//   activeRequests  loop->active_reqs.count (libuv does not expose requests by type)
//   heapSpaceCount  V8 heap spaces filled in by a kReadHeap read (NaN without V8's API, see v8_heap.h)
//   handle*         activeHandles split by uv_handle_type (see PS_RUNTIME_HANDLE_TYPES)
//   heap*           per heap space i, at heapBase + 4 * i: size, used, available, physical (bytes)
#define PS_RUNTIME_SCALARS(X)                                                                          \
  X(delayCount, "{iteration}") X(delayMin, "s") X(delayMax, "s") X(delayMean, "s") X(delayStddev, "s") \
      X(delayP50, "s") X(delayP90, "s") X(delayP99, "s") X(now, "s") X(idleTime, "s")                  \
          X(loopCount, "{iteration}") X(events, "{event}") X(eventsWaiting, "{event}")                 \
              X(threadpoolSize, "{thread}") X(hookIterations, "{iteration}")                         \
                  X(activeHandles, "{handle}") X(activeRequests, "{request}") X(heapSpaceCount, "{space}")

// The uv_handle_type values counted per type, with the name used as the v8js.resource.type attribute.
#define PS_RUNTIME_HANDLE_TYPES(X)                                                                      \
  X(UV_ASYNC, async) X(UV_CHECK, check) X(UV_FS_EVENT, fs_event) X(UV_FS_POLL, fs_poll)                \
      X(UV_IDLE, idle) X(UV_NAMED_PIPE, pipe) X(UV_POLL, poll) X(UV_PREPARE, prepare)                 \
          X(UV_PROCESS, process) X(UV_TCP, tcp) X(UV_TIMER, timer) X(UV_TTY, tty) X(UV_UDP, udp) \
              X(UV_SIGNAL, signal)

// The values per heap space, in this order, from heapBase + 4 * index.
#define PS_RUNTIME_HEAP_FIELDS(X) X(size) X(used) X(available) X(physical)

// Flags of runtimeRead(flags, window): X(name, bit). Exported by runtimeLayout() as `readFlags`.
//   handles  walk the loop's handles (O(handles)) to fill activeHandles and handle*
//   heap     fill heapSpaceCount and heap* from V8 (when its API was found)
//   gc       fill the window's GC pauses (gcBase: count, sum, min, max, buckets per type)
#define PS_RUNTIME_READ_FLAGS(X) X(handles, 2) X(heap, 4) X(gc, 8)
enum ReadFlag : int {
#define PS_RUNTIME_READ_ENUM(name, bit) kRead_##name = bit,
  PS_RUNTIME_READ_FLAGS(PS_RUNTIME_READ_ENUM)
#undef PS_RUNTIME_READ_ENUM
};
constexpr int kReadHandles = kRead_handles;
constexpr int kReadHeap = kRead_heap;
constexpr int kReadGc = kRead_gc;

// The GC types pauses are counted by, in index order: X(name), the value of the v8js.gc.type attribute.
// Exported by runtimeLayout() as `gcTypes`; runtime.cc maps each v8::GCType to one of them.
#define PS_RUNTIME_GC_TYPES(X) X(major) X(minor) X(incremental) X(weakcb)
enum GcTypeId : int {
#define PS_RUNTIME_GC_ENUM(name) kGc_##name,
  PS_RUNTIME_GC_TYPES(PS_RUNTIME_GC_ENUM)
#undef PS_RUNTIME_GC_ENUM
      kGcTypeCount
};

// Adds the runtime functions to `exports` and returns this environment's state (owned by the Addon):
//   runtimeLayout() -> { slots: {name: index}, units: {name: unit}, readFlags: {name: bit}, gcTypes: string[],
//                        handleTypes: string[], handleBase,
//                        heapBase, heapFields: string[], heapSpaces: string[] | null, gcBase, gcStride,
//                        gcNative, drainBase, drainCapacity, size, uvMetricsInfo }
//   runtimeAttach(Float64Array)   keeps the array (length >= size) and fills it with NaN
//   runtimeStart() -> boolean     starts the per-iteration hook (idempotent); false if no array is attached
//   runtimeStop()                 stops the hook (idempotent); the windows are kept
//   runtimeWindowOpen(replayGc) -> id  a window of its own for one consumer, starting now: delay, and GC pauses
//                                 (V8's GC callbacks while the hook runs); with replayGc the pauses are also
//                                 kept for runtimeGcDrain
//   runtimeGcDrain(id) -> n       hands out up to drainCapacity pauses not drained yet (durations at drainBase,
//                                 GC type indices after them); call until it returns 0
//   runtimeWindowClose(id)        frees it (unknown ids are ignored)
//   runtimeRead(flags, window)    fills the attached array; with a window id >= 0, fills delay* from that
//                                 window and starts it again (each consumer's window is independent of the
//                                 others'); never throws
//   runtimeConfigure({ counterClock?, directIdle?, v8Api?, gcBoundaries? })  gcBoundaries: the GC duration
//                                 buckets' upper bounds (s). Diagnostics and tests: counterClock/directIdle
//                                 false turn off the cycle-counter clock (loop_clock.h) or the direct idle-time
//                                 read (loop_idle.h) from the next start; v8Api false hides V8's API
//                                 (v8_heap.h) from the next runtimeLayout() and start
//   runtimeInfo() -> { clock, idle, counterHz, heap, gc, windows, running }  which paths are in use, windows open
// It also registers an async environment cleanup hook that closes the libuv handle before the loop is closed.

struct RuntimeState;

RuntimeState* Init(Napi::Env env, Napi::Object exports);
// Stops every hook and frees the state (at once, or after the handle's close callback when one is pending).
// Safe with nullptr; called once, at environment teardown.
void Destroy(RuntimeState* state);

}  // namespace runtime
}  // namespace procsampler

#endif  // PROCSAMPLER_RUNTIME_H_
