#include "v8_heap.h"

#include <dlfcn.h>

namespace procsampler {
namespace runtime {
namespace {

// Itanium C++ ABI names (x86-64 and arm64 Linux: size_t is unsigned long, "m"). A non-static member function is
// called as a plain function whose first argument is `this`.
constexpr const char* kGetCurrent = "_ZN2v87Isolate10GetCurrentEv";
constexpr const char* kNumberOfHeapSpaces = "_ZN2v87Isolate18NumberOfHeapSpacesEv";
constexpr const char* kGetHeapSpaceStatistics = "_ZN2v87Isolate22GetHeapSpaceStatisticsEPNS_19HeapSpaceStatisticsEm";

}  // namespace

bool V8HeapSpaces::Bind() {
  using GetCurrentFn = void* (*)();
  auto get_current = reinterpret_cast<GetCurrentFn>(dlsym(RTLD_DEFAULT, kGetCurrent));
  auto number_of_spaces = reinterpret_cast<NumberOfSpacesFn>(dlsym(RTLD_DEFAULT, kNumberOfHeapSpaces));
  auto space_statistics = reinterpret_cast<SpaceStatisticsFn>(dlsym(RTLD_DEFAULT, kGetHeapSpaceStatistics));
  if (get_current == nullptr || number_of_spaces == nullptr || space_statistics == nullptr) return false;
  void* isolate = get_current();
  if (isolate == nullptr) return false;
  size_t count = number_of_spaces(isolate);
  if (count == 0) return false;
  isolate_ = isolate;
  count_ = count;
  space_statistics_ = space_statistics;
  return true;
}

bool V8HeapSpaces::Read(size_t index, HeapSpaceStatistics* out) const {
  if (isolate_ == nullptr || index >= count_) return false;
  return space_statistics_(isolate_, out, index);
}

}  // namespace runtime
}  // namespace procsampler
