// libFuzzer harness: ParsePidIo, /proc/<pid>/io (see fuzz/harness.h; built and run by scripts/fuzz.sh).
// Input: the file.
#include "harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const char* p = reinterpret_cast<const char*>(data);
  procsampler::PidIo io;
  const int status = procsampler::ParsePidIo(p, size, &io);
  fuzz::CheckStatus(status);
  const double values[] = {io.rchar, io.wchar, io.read_bytes, io.write_bytes};
  for (double v : values) fuzz::Require(fuzz::AbsentOrValue(v), "a value is NaN or a non-negative number");
  procsampler::PidIo again;
  fuzz::Require(procsampler::ParsePidIo(p, size, &again) == status, "same status");
  fuzz::Require(std::memcmp(&again, &io, sizeof io) == 0, "the same bytes give the same values");
  return 0;
}
