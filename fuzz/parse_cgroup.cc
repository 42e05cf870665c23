// libFuzzer harness: the parsers of the cgroup source (native/sources/cgroup.cc): <pid>/cgroup membership, the
// cgroup lines of mountinfo, a single value (memory.max, pids.max, cpu.weight ...), cpu.max, a PSI file and a CPU
// list (see fuzz/harness.h for what every harness checks; built and run by scripts/fuzz.sh).
// Input: one byte that picks the parser (its value modulo 7), then the file.
#include <cmath>

#include "harness.h"
#include "sources/cgroup.h"

namespace {

void CheckValue(double v, bool may_be_negative) {
  fuzz::Require(std::isnan(v) || (std::isfinite(v) && (may_be_negative || v >= 0)), "a value is NaN or a number");
}

template <typename Fn>
void Twice(Fn parse) {
  // The same bytes give the same status and values.
  const auto a = parse();
  const auto b = parse();
  fuzz::Require(a == b, "the same bytes give the same result");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const char* p = reinterpret_cast<const char*>(data + 1);
  const size_t n = size - 1;
  switch (data[0] % 7) {
    case 0: {
      procsampler::CgroupMembership m;
      const int status = procsampler::ParseCgroupMembership(p, n, &m);
      fuzz::CheckStatus(status);
      fuzz::Require(m.controllers.size() == m.paths.size(), "one path per v1 controller");
      Twice([&] {
        procsampler::CgroupMembership again;
        const int s = procsampler::ParseCgroupMembership(p, n, &again);
        return s == status && again.unified == m.unified && again.unified_path == m.unified_path &&
               again.controllers == m.controllers && again.paths == m.paths;
      });
      break;
    }
    case 1: {
      std::vector<procsampler::CgroupMount> mounts;
      const int status = procsampler::ParseCgroupMounts(p, n, &mounts);
      fuzz::CheckStatus(status);
      size_t lines = 0;
      for (size_t i = 0; i < n; ++i) lines += p[i] == '\n';
      fuzz::Require(mounts.size() <= lines + 1, "at most one cgroup mount per line");
      for (const procsampler::CgroupMount& m : mounts) fuzz::Require(m.mountpoint.size() <= n, "a field no longer than the file");
      break;
    }
    case 2:
    case 3: {
      const bool allow_max = data[0] % 7 == 3;
      double v = -1234.5;
      const int status = procsampler::ParseCgroupValue(p, n, allow_max, &v);
      fuzz::CheckStatus(status);
      if (status == 0) CheckValue(v, true);  // v1 files print -1 for "no limit"
      if (status == 0 && std::isnan(v)) fuzz::Require(allow_max, "NaN (max) only where max is allowed");
      break;
    }
    case 4: {
      double quota = -1234.5, period = -1234.5;
      const int status = procsampler::ParseCpuMax(p, n, &quota, &period);
      fuzz::CheckStatus(status);
      if (status == 0) {
        CheckValue(quota, false);
        CheckValue(period, false);
      }
      break;
    }
    case 5: {
      double out[9];
      out[8] = fuzz::kSentinel;
      const int status = procsampler::ParsePressure(p, n, out);
      fuzz::CheckStatus(status);
      for (int i = 0; i < 8; ++i) CheckValue(out[i], false);
      fuzz::Require(fuzz::SameBits(out[8], fuzz::kSentinel), "a PSI file fills 8 slots, no more");
      break;
    }
    default: {
      double count = -1234.5;
      const int status = procsampler::ParseCpuList(p, n, &count);
      fuzz::CheckStatus(status);
      CheckValue(count, false);
      break;
    }
  }
  return 0;
}
