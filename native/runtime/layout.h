// The runtime Float64Array's layout: the one list of its slots. Exported at load time by runtimeLayout()
// (runtime/binding.cc); TypeScript reads every offset from there (src/generated/layout.ts), never by hand.
#ifndef PROCSAMPLER_RUNTIME_LAYOUT_H_
#define PROCSAMPLER_RUNTIME_LAYOUT_H_

#include <uv.h>

#include <cstddef>
#include <cstdint>

namespace procsampler {
namespace runtime {

// X(name, unit): the named slots of the runtime Float64Array, in order. NaN means "not available on this
// Node/libuv".
//   delay*          the delay window read (see runtimeRead); count 0 and NaN statistics when it is empty
//   now             uv_hrtime() in seconds, taken by the read (the same clock as process.hrtime)
//   idleTime        uv_metrics_idle_time(): seconds the loop waited in the event provider since it started
//   loopCount ...   uv_metrics_info() (libuv >= 1.45, Node >= 20): NaN where the symbol is absent
//   hookIterations  iterations the prepare hook recorded since the first start() (works on every Node)
//   activeHandles   handles that are active and referenced (they keep the loop alive), by uv_walk
//   activeRequests  loop->active_reqs.count (libuv does not expose requests by type)
//   heapSpaceCount  V8 heap spaces filled in by a kReadHeap read (NaN without V8's API, see v8_heap.h)
// After them: the handle counts (kHandleBase), the heap spaces (kHeapBase), the GC pauses (kGcBase) and the drain
// area (kDrainBase), below.
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

// The values per heap space, in this order, from kHeapBase + kHeapFieldCount * index.
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
// Exported by runtimeLayout() as `gcTypes`; GcTypeIndex() (gc_tally.h) maps each v8::GCType to one of them.
#define PS_RUNTIME_GC_TYPES(X) X(major) X(minor) X(incremental) X(weakcb)
enum GcTypeId : int {
#define PS_RUNTIME_GC_ENUM(name) kGc_##name,
  PS_RUNTIME_GC_TYPES(PS_RUNTIME_GC_ENUM)
#undef PS_RUNTIME_GC_ENUM
      kGcTypeCount
};

// The slots, in order: the named ones (kSlot_<name>), then the areas.
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
// Per heap space i, at kHeapBase + kHeapFieldCount * i: the PS_RUNTIME_HEAP_FIELDS (bytes).
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
// The array's length.
constexpr size_t kSlotTotal = kDrainBase + 2 * kDrainCapacity;

}  // namespace runtime
}  // namespace procsampler

#endif  // PROCSAMPLER_RUNTIME_LAYOUT_H_
