// libFuzzer harness: ParseMountinfo and UnescapeMountField, <pid>/mountinfo (see fuzz/harness.h; built and run by
// scripts/fuzz.sh). Input: the file. At most one mount per line, fields never longer than the line they came
// from, and the same bytes give the same mounts.
#include "harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const char* p = reinterpret_cast<const char*>(data);
  std::vector<procsampler::Mount> mounts;
  const int status = procsampler::ParseMountinfo(p, size, &mounts);
  fuzz::CheckStatus(status);
  size_t lines = 0;
  for (size_t i = 0; i < size; ++i) lines += p[i] == '\n';
  fuzz::Require(mounts.size() <= lines, "at most one mount per complete line");
  for (const procsampler::Mount& m : mounts) {
    fuzz::Require(m.mountpoint.size() <= size && m.device.size() <= size && m.type.size() <= size,
                  "an unescaped field is no longer than its input");
  }
  std::vector<procsampler::Mount> again;
  fuzz::Require(procsampler::ParseMountinfo(p, size, &again) == status, "the same bytes give the same status");
  fuzz::Require(again.size() == mounts.size(), "the same bytes give the same mounts");
  for (size_t i = 0; i < mounts.size(); ++i) {
    fuzz::Require(again[i].mountpoint == mounts[i].mountpoint && again[i].device == mounts[i].device &&
                      again[i].type == mounts[i].type && again[i].read_only == mounts[i].read_only,
                  "the same bytes give the same mount");
  }
  const std::string whole = procsampler::UnescapeMountField(procsampler::Span{p, size});
  fuzz::Require(whole.size() <= size, "unescaping never lengthens a field");
  return 0;
}
