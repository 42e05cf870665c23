// libFuzzer harness: ParseNetDev, /proc/net/dev. Input: one byte of table capacity (0..15), then the file (see fuzz/harness.h for what every harness checks; built and run by scripts/fuzz.sh).
#include "harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return fuzz::FuzzEntries(data, size, procsampler::Table::kNetwork, &procsampler::ParseNetDev);
}
