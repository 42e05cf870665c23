// libFuzzer harness: ParsePidStat, /proc/<pid>/stat (see fuzz/harness.h; built and run by scripts/fuzz.sh).
// Input: the file (the process name may hold spaces and parentheses: the parser takes the LAST ')').
#include "harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const char* p = reinterpret_cast<const char*>(data);
  procsampler::PidStat st;
  const int status = procsampler::ParsePidStat(p, size, fuzz::TypicalUnits(), &st);
  fuzz::CheckStatus(status);
  const double values[] = {st.pid, st.minflt, st.majflt, st.utime_s, st.stime_s, st.threads, st.starttime_s, st.vsize, st.rss_bytes};
  for (double v : values) fuzz::Require(fuzz::AbsentOrValue(v), "a value is NaN or a non-negative number");
  procsampler::PidStat again;
  fuzz::Require(procsampler::ParsePidStat(p, size, fuzz::TypicalUnits(), &again) == status, "same status");
  fuzz::Require(std::memcmp(&again, &st, sizeof st) == 0, "the same bytes give the same values");
  return 0;
}
