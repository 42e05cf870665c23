// The few V8 C++ API calls the runtime metrics use, where JavaScript's way costs allocations or loop time:
//   - heap-space statistics (v8::Isolate::GetHeapSpaceStatistics) filling a caller-owned struct, where
//     v8.getHeapSpaceStatistics() builds an array of fresh objects on every call (about 1.3 KB on Node 20);
//   - GC prologue/epilogue callbacks (v8::Isolate::AddGCPrologueCallback ...), where a PerformanceObserver on
//     'gc' entries makes Node run JavaScript after every collection (about 1-2% of a setImmediate ping-pong's
//     throughput here, at ~100 scavenges a second).
//
// N-API offers neither, and a link-time reference to V8's C++ symbols would stop the addon from loading in a
// host without them. So the functions are looked up by name in the running process (dlsym) when the runtime
// state is created; where some are missing, the matching part reports unavailable and JavaScript falls back
// (v8.getHeapSpaceStatistics(), a PerformanceObserver). The struct below mirrors v8::HeapSpaceStatistics
// (v8-statistics.h: a name pointer and four size_t, the same from V8 5 to V8 13); JavaScript checks the first
// reading against v8.getHeapSpaceStatistics() before it relies on it (src/runtime/native-runtime.ts), and the
// GC numbers are tested against Node's own 'gc' performance entries (test/runtime).
#ifndef PROCSAMPLER_V8_HEAP_H_
#define PROCSAMPLER_V8_HEAP_H_

#include <cstddef>

namespace procsampler {
namespace runtime {

// The layout of v8::HeapSpaceStatistics.
struct HeapSpaceStatistics {
  const char* space_name = nullptr;
  size_t space_size = 0;
  size_t space_used_size = 0;
  size_t space_available_size = 0;
  size_t physical_space_size = 0;
};

// v8::GCType bits and the callback V8 calls around each collection.
constexpr int kGcScavenge = 1 << 0;
constexpr int kGcMinorMarkSweep = 1 << 1;
constexpr int kGcMarkSweepCompact = 1 << 2;
constexpr int kGcIncrementalMarking = 1 << 3;
constexpr int kGcProcessWeakCallbacks = 1 << 4;
constexpr int kGcAll = 0x1f;
using GcCallback = void (*)(void* isolate, int type, int flags, void* data);

class V8HeapSpaces {
 public:
  // Looks the API up and binds the calling thread's isolate (call on the JavaScript thread). False if the heap
  // statistics are unavailable (the GC callbacks may still be: see gc_available()).
  bool Bind();
  bool bound() const { return isolate_ != nullptr && space_statistics_ != nullptr; }
  bool gc_available() const { return isolate_ != nullptr && add_prologue_ != nullptr; }
  // Registers / removes `callback` with `data` around every collection (call on the JavaScript thread).
  void AddGcCallbacks(GcCallback prologue, GcCallback epilogue, void* data) const;
  void RemoveGcCallbacks(GcCallback prologue, GcCallback epilogue, void* data) const;
  // Number of heap spaces (0 when not bound).
  size_t count() const { return count_; }
  // Fills `out` for space `index`; false when not bound or V8 refuses the index.
  bool Read(size_t index, HeapSpaceStatistics* out) const;

 private:
  using NumberOfSpacesFn = size_t (*)(void* isolate);
  using SpaceStatisticsFn = bool (*)(void* isolate, HeapSpaceStatistics* out, size_t index);
  using AddGcFn = void (*)(void* isolate, GcCallback callback, void* data, int type_filter);
  using RemoveGcFn = void (*)(void* isolate, GcCallback callback, void* data);

  void* isolate_ = nullptr;
  size_t count_ = 0;
  SpaceStatisticsFn space_statistics_ = nullptr;
  AddGcFn add_prologue_ = nullptr;
  AddGcFn add_epilogue_ = nullptr;
  RemoveGcFn remove_prologue_ = nullptr;
  RemoveGcFn remove_epilogue_ = nullptr;
};

}  // namespace runtime
}  // namespace procsampler

#endif  // PROCSAMPLER_V8_HEAP_H_
