#include "runtime/v8_heap.h"

#include <dlfcn.h>

namespace procsampler {
namespace runtime {
namespace {

// Itanium C++ ABI names (x86-64 and arm64 Linux: size_t is unsigned long, "m"). A non-static member function is
// called as a plain function whose first argument is `this`.
constexpr const char* kGetCurrent = "_ZN2v87Isolate10GetCurrentEv";
constexpr const char* kNumberOfHeapSpaces = "_ZN2v87Isolate18NumberOfHeapSpacesEv";
constexpr const char* kGetHeapSpaceStatistics = "_ZN2v87Isolate22GetHeapSpaceStatisticsEPNS_19HeapSpaceStatisticsEm";
// The overloads taking GCCallbackWithData (isolate, type, flags, data) and a data pointer.
constexpr const char* kAddGcPrologue = "_ZN2v87Isolate21AddGCPrologueCallbackEPFvPS0_NS_6GCTypeENS_15GCCallbackFlagsEPvES4_S2_";
constexpr const char* kAddGcEpilogue = "_ZN2v87Isolate21AddGCEpilogueCallbackEPFvPS0_NS_6GCTypeENS_15GCCallbackFlagsEPvES4_S2_";
constexpr const char* kRemoveGcPrologue = "_ZN2v87Isolate24RemoveGCPrologueCallbackEPFvPS0_NS_6GCTypeENS_15GCCallbackFlagsEPvES4_";
constexpr const char* kRemoveGcEpilogue = "_ZN2v87Isolate24RemoveGCEpilogueCallbackEPFvPS0_NS_6GCTypeENS_15GCCallbackFlagsEPvES4_";

template <typename Fn>
Fn Lookup(const char* name) {
  return reinterpret_cast<Fn>(dlsym(RTLD_DEFAULT, name));
}

}  // namespace

bool V8HeapSpaces::Bind() {
  using GetCurrentFn = void* (*)();
  auto get_current = Lookup<GetCurrentFn>(kGetCurrent);
  if (get_current == nullptr) return false;
  isolate_ = get_current();
  if (isolate_ == nullptr) return false;
  auto add_prologue = Lookup<AddGcFn>(kAddGcPrologue);
  auto add_epilogue = Lookup<AddGcFn>(kAddGcEpilogue);
  auto remove_prologue = Lookup<RemoveGcFn>(kRemoveGcPrologue);
  auto remove_epilogue = Lookup<RemoveGcFn>(kRemoveGcEpilogue);
  if (add_prologue != nullptr && add_epilogue != nullptr && remove_prologue != nullptr && remove_epilogue != nullptr) {
    add_prologue_ = add_prologue;
    add_epilogue_ = add_epilogue;
    remove_prologue_ = remove_prologue;
    remove_epilogue_ = remove_epilogue;
  }
  auto number_of_spaces = Lookup<NumberOfSpacesFn>(kNumberOfHeapSpaces);
  auto space_statistics = Lookup<SpaceStatisticsFn>(kGetHeapSpaceStatistics);
  if (number_of_spaces == nullptr || space_statistics == nullptr) return false;
  size_t count = number_of_spaces(isolate_);
  if (count == 0) return false;
  count_ = count;
  space_statistics_ = space_statistics;
  return true;
}

void V8HeapSpaces::AddGcCallbacks(GcCallback prologue, GcCallback epilogue, void* data) const {
  if (!gc_available()) return;
  add_prologue_(isolate_, prologue, data, kGcAll);
  add_epilogue_(isolate_, epilogue, data, kGcAll);
}

void V8HeapSpaces::RemoveGcCallbacks(GcCallback prologue, GcCallback epilogue, void* data) const {
  if (!gc_available()) return;
  remove_prologue_(isolate_, prologue, data);
  remove_epilogue_(isolate_, epilogue, data);
}

bool V8HeapSpaces::Read(size_t index, HeapSpaceStatistics* out) const {
  if (!bound() || index >= count_) return false;
  return space_statistics_(isolate_, out, index);
}

}  // namespace runtime
}  // namespace procsampler
