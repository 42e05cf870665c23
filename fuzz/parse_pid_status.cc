// libFuzzer harness: ParsePidStatus, /proc/<pid>/status (see fuzz/harness.h; built and run by scripts/fuzz.sh).
// Input: the file.
#include "harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const char* p = reinterpret_cast<const char*>(data);
  procsampler::PidStatus st;
  const int status = procsampler::ParsePidStatus(p, size, &st);
  fuzz::CheckStatus(status);
  const double values[] = {st.voluntary, st.involuntary, st.hwm_bytes, st.threads};
  for (double v : values) fuzz::Require(fuzz::AbsentOrValue(v), "a value is NaN or a non-negative number");
  procsampler::PidStatus again;
  fuzz::Require(procsampler::ParsePidStatus(p, size, &again) == status, "same status");
  fuzz::Require(std::memcmp(&again, &st, sizeof st) == 0, "the same bytes give the same values");
  return 0;
}
