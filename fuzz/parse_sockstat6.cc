// libFuzzer harness: ParseSockstat6, /proc/net/sockstat6. Input: the file (see fuzz/harness.h for what every harness checks; built and run by scripts/fuzz.sh).
#include "harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return fuzz::FuzzScalars(data, size, procsampler::Table::kTcp, &procsampler::ParseSockstat6);
}
