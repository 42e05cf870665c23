// libFuzzer harness: ParsePidStat, /proc/<pid>/stat (see fuzz/harness.h; built and run by scripts/fuzz.sh).
// Input: the file (the process name may hold spaces and parentheses: the parser takes the LAST ')').
#include "harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return fuzz::FuzzFields<procsampler::PidStat>(data, size, [](const char* p, size_t n, procsampler::PidStat* out) {
    return procsampler::ParsePidStat(p, n, fuzz::TypicalUnits(), out);
  });
}
