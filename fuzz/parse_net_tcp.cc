// libFuzzer harness: CountTcpLines, /proc/net/tcp and tcp6 (see fuzz/harness.h; built and run by scripts/fuzz.sh).
// Input: one byte that picks where the file is cut into two chunks (as the worker thread feeds it, page by page),
// then the file. Each state count is a whole number, and together they never exceed the number of lines.
#include "harness.h"

namespace {
size_t CountLines(const char* p, size_t n) {
  size_t lines = 0;
  for (size_t i = 0; i < n; ++i) lines += p[i] == '\n';
  return lines + (n > 0 && p[n - 1] != '\n');
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const char* p = reinterpret_cast<const char*>(data + 1);
  const size_t n = size - 1;
  procsampler::TcpCounts whole{};
  procsampler::CountTcpLines(p, n, &whole);
  double total = 0;
  for (double v : whole.state) {
    fuzz::Require(v >= 0 && v == std::floor(v), "a state count is a whole number");
    total += v;
  }
  fuzz::Require(total <= static_cast<double>(CountLines(p, n)), "at most one state per line");

  // Cut at a line boundary (the worker carries a split line over to the next chunk): the counts add up.
  size_t cut = n == 0 ? 0 : (static_cast<size_t>(data[0]) * n) / 255;
  while (cut < n && cut > 0 && p[cut - 1] != '\n') ++cut;
  procsampler::TcpCounts parts{};
  procsampler::CountTcpLines(p, cut, &parts);
  procsampler::CountTcpLines(p + cut, n - cut, &parts);
  for (int i = 0; i < 11; ++i) fuzz::Require(parts.state[i] == whole.state[i], "chunks at line boundaries add up");
  fuzz::Require(parts.malformed == whole.malformed, "chunks at line boundaries agree on malformed lines");
  return 0;
}
