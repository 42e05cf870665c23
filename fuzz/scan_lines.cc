// libFuzzer harness: the inlined byte searches of native/io/scan.h (FindByte, FindLastByte, FindLineStart) against
// the C library's memchr / memrchr and a byte-by-byte reference, and Lines::NextStartingWith() against Lines::Next()
// filtered by the first byte (the same lines, the same truncated()). Input: the first byte is the byte searched
// for, the rest the text. Built and run by scripts/fuzz.sh.
#include <string.h>

#include <vector>

#include "harness.h"
#include "io/scan.h"

namespace {

const char* ReferenceLineStart(const char* p, const char* end, char c) {
  for (; end - p >= 2; ++p) {
    if (p[0] == '\n' && p[1] == c) return p + 1;
  }
  return nullptr;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const char c = static_cast<char>(data[0]);
  // The text in a buffer of its own, exactly its size: a load past its end is a heap overflow under ASan.
  std::vector<char> text(data + 1, data + size);
  const char* p = text.data();
  const char* end = p + text.size();
  // Every start in the first and the last 40 bytes (the vector loops' edges, whatever the alignment).
  for (size_t from = 0; from <= text.size(); from = from == 40 && text.size() > 80 ? text.size() - 40 : from + 1) {
    const size_t n = text.size() - from;
    const char* q = p + from;
    fuzz::Require(procsampler::FindByte(q, end, c) == (n ? static_cast<const char*>(memchr(q, c, n)) : nullptr),
                  "FindByte is memchr");
    fuzz::Require(procsampler::FindLastByte(q, end, c) == (n ? static_cast<const char*>(memrchr(q, c, n)) : nullptr),
                  "FindLastByte is memrchr");
    fuzz::Require(procsampler::FindLineStart(q, end, c) == ReferenceLineStart(q, end, c),
                  "FindLineStart finds the first line start holding the byte");
  }
  if (c == '\n') return 0;  // NextStartingWith() takes a line's first byte, never the '\n' that ends it
  procsampler::Lines all(p, text.size());
  procsampler::Lines some(p, text.size());
  procsampler::Span a, b;
  for (;;) {
    bool more_all;
    while ((more_all = all.Next(&a)) && (a.n == 0 || a.p[0] != c)) {
    }
    const bool more_some = some.NextStartingWith(c, &b);
    fuzz::Require(more_all == more_some, "NextStartingWith ends where Next does");
    if (!more_all) break;
    fuzz::Require(a.p == b.p && a.n == b.n, "NextStartingWith returns the lines Next returns that start with the byte");
  }
  fuzz::Require(all.truncated() == some.truncated(), "NextStartingWith tells a cut-short file as Next does");
  return 0;
}
