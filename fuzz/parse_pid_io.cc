// libFuzzer harness: ParsePidIo, /proc/<pid>/io (see fuzz/harness.h; built and run by scripts/fuzz.sh).
// Input: the file.
#include "harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return fuzz::FuzzFields<procsampler::PidIo>(data, size, &procsampler::ParsePidIo);
}
