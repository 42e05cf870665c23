// V8 heap-space statistics without allocating: V8's own C++ API (v8::Isolate::GetHeapSpaceStatistics) filling
// a caller-owned struct, where JavaScript's v8.getHeapSpaceStatistics() builds an array of fresh objects on every
// call (about 1.3 KB of garbage on Node 20).
//
// N-API does not offer heap statistics, and a link-time reference to V8's C++ symbols would stop the addon from
// loading in a host without them. So the three functions are looked up by name in the running process (dlsym)
// when the runtime state is created; where one is missing, Bind() returns false and JavaScript falls back to
// v8.getHeapSpaceStatistics(). The struct below mirrors v8::HeapSpaceStatistics (v8-statistics.h: a name pointer
// and four size_t, the same from V8 5 to V8 13); JavaScript checks the first reading against
// v8.getHeapSpaceStatistics() before it relies on it (src/runtime/heap.ts).
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

class V8HeapSpaces {
 public:
  // Looks the API up and binds the calling thread's isolate (call on the JavaScript thread). False if unavailable.
  bool Bind();
  bool bound() const { return isolate_ != nullptr; }
  // Number of heap spaces (0 when not bound).
  size_t count() const { return count_; }
  // Fills `out` for space `index`; false when not bound or V8 refuses the index.
  bool Read(size_t index, HeapSpaceStatistics* out) const;

 private:
  using NumberOfSpacesFn = size_t (*)(void* isolate);
  using SpaceStatisticsFn = bool (*)(void* isolate, HeapSpaceStatistics* out, size_t index);

  void* isolate_ = nullptr;
  size_t count_ = 0;
  SpaceStatisticsFn space_statistics_ = nullptr;
};

}  // namespace runtime
}  // namespace procsampler

#endif  // PROCSAMPLER_V8_HEAP_H_
