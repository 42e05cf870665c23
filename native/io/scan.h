// Allocation-free scanners over a byte range. Every parser in native/sources/ reads through a Cursor, so a
// truncated file, garbage bytes or a number too large for 64 bits yields "no value" (NaN), never a wrong one.
#ifndef PROCSAMPLER_SCAN_H_
#define PROCSAMPLER_SCAN_H_

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace procsampler {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Span {
  const char* p = nullptr;
  size_t n = 0;
  bool empty() const { return n == 0; }
  bool Equals(const char* s, size_t len) const { return n == len && std::memcmp(p, s, len) == 0; }
  template <size_t N>
  bool Is(const char (&s)[N]) const {
    return Equals(s, N - 1);
  }
};

inline bool IsSpace(char c) { return c == ' ' || c == '\t'; }

// The first line start in [p, end) whose first byte is `c`: the byte after a '\n' (the line at `p` itself is not
// looked at), or nullptr. The lines in between are skipped 16 bytes at a time, not one by one: /proc/vmstat has
// about 180 lines and a sample wants 6 of them, all starting with 'p'.
inline const char* FindLineStart(const char* p, const char* end, char c) {
#if defined(__SSE2__)
  const __m128i nl = _mm_set1_epi8('\n');
  const __m128i first = _mm_set1_epi8(c);
  while (end - p >= 17) {
    const __m128i here = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(here, nl), _mm_cmpeq_epi8(next, first))));
    if (mask != 0) return p + __builtin_ctz(mask) + 1;
    p += 16;
  }
#endif
  for (; end - p >= 2; ++p) {
    if (p[0] == '\n' && p[1] == c) return p + 1;
  }
  return nullptr;
}

// The last `c` in [p, end), or nullptr: memrchr, inlined as FindByte() below.
inline const char* FindLastByte(const char* p, const char* end, char c) {
#if defined(__SSE2__)
  const __m128i needle = _mm_set1_epi8(c);
  while (end - p >= 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(end - 16));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, needle)));
    if (mask != 0) return end - 16 + (31 - __builtin_clz(mask));
    end -= 16;
  }
#endif
  while (end > p) {
    if (*--end == c) return end;
  }
  return nullptr;
}

// The first `c` in [p, end), or nullptr: memchr, inlined. The lines of /proc files are short (20 to 80 bytes) and
// there are hundreds per sample; a call to the library's memchr costs more in setting up than in searching such a
// line. SSE2 (every x86-64) compares 16 bytes at a time; the loads never pass `end` (the fuzzers' buffers end
// there exactly), the last bytes go one at a time.
inline const char* FindByte(const char* p, const char* end, char c) {
#if defined(__SSE2__)
  const __m128i needle = _mm_set1_epi8(c);
  while (end - p >= 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, needle)));
    if (mask != 0) return p + __builtin_ctz(mask);
    p += 16;
  }
  for (; p < end; ++p) {
    if (*p == c) return p;
  }
  return nullptr;
#else
  return p < end ? static_cast<const char*>(std::memchr(p, c, static_cast<size_t>(end - p))) : nullptr;
#endif
}
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

class Cursor {
 public:
  Cursor(const char* p, size_t n) : p_(p), end_(p + n) {}
  explicit Cursor(Span s) : p_(s.p), end_(s.p + s.n) {}

  bool done() const { return p_ >= end_; }
  const char* pos() const { return p_; }
  const char* end() const { return end_; }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }

  // The loops below work on a local copy of p_: the bytes they read are chars, which may alias any object, this
  // one included, so a loop on the member itself would store it back to memory after every byte.
  void SkipSpaces() {
    const char* p = p_;
    while (p < end_ && IsSpace(*p)) ++p;
    p_ = p;
  }
  // Moves to `p`, which must lie in [pos(), end()].
  void Seek(const char* p) { p_ = p; }

  // The next line, without its '\n'. A final line that lacks its '\n' is reported through `complete`: the
  // file was cut short (a truncated read or a torn fixture), so the caller must not trust its last number.
  bool NextLine(Span* line, bool* complete) {
    if (p_ >= end_) return false;
    const char* nl = FindByte(p_, end_, '\n');
    if (nl == nullptr) {
      *line = Span{p_, static_cast<size_t>(end_ - p_)};
      *complete = false;
      p_ = end_;
      return true;
    }
    *line = Span{p_, static_cast<size_t>(nl - p_)};
    *complete = true;
    p_ = nl + 1;
    return true;
  }

  // The next whitespace-separated token.
  bool NextToken(Span* tok) {
    SkipSpaces();
    if (p_ >= end_) return false;
    const char* s = p_;
    const char* p = s;
    while (p < end_ && !IsSpace(*p)) ++p;
    p_ = p;
    *tok = Span{s, static_cast<size_t>(p - s)};
    return true;
  }

  // What ScanU64 found.
  enum class Scan { kEnd, kBad, kOk };

  // The next whitespace-separated token as an unsigned decimal, in one pass over its bytes: kEnd when no token is
  // left, kBad when the token is not a u64 (a non-digit, more than 20 digits, a value past 2^64 - 1; the whole
  // token is consumed), kOk with the value otherwise.
  Scan ScanU64(uint64_t* out) {
    SkipSpaces();
    if (p_ >= end_) return Scan::kEnd;
    const char* s = p_;
    const char* p = s;
    const char* const end = end_;
    uint64_t v = 0;
    // 19 digits never overflow (10^19 - 1 < 2^64): no check inside the loop.
    const char* fast_end = end - s > 19 ? s + 19 : end;
    while (p < fast_end && IsDigit(*p)) v = v * 10 + static_cast<uint64_t>(*p++ - '0');
    bool ok = p > s;
    if (ok && p < end && IsDigit(*p)) {
      // A 20th digit: the one place a u64 can overflow.
      ok = !__builtin_mul_overflow(v, uint64_t{10}, &v) && !__builtin_add_overflow(v, static_cast<uint64_t>(*p - '0'), &v);
      ++p;
    }
    if (p < end && !IsSpace(*p)) {
      ok = false;  // garbage, or a 21st digit
      while (p < end && !IsSpace(*p)) ++p;
    }
    p_ = p;
    if (!ok) return Scan::kBad;
    *out = v;
    return Scan::kOk;
  }

  // An unsigned decimal that must end at whitespace or the end of the range. False on overflow or garbage (the
  // token is consumed either way), and at the end.
  bool NextU64(uint64_t* out) { return ScanU64(out) == Scan::kOk; }

  // The next token as a double counter (exact up to 2^53), NaN when it is not a valid u64.
  double NextCounter() {
    uint64_t v;
    return NextU64(&v) ? static_cast<double>(v) : kNaN;
  }

  static bool ParseU64(Span tok, uint64_t* out) {
    if (tok.n == 0 || tok.n > 20) return false;
    uint64_t v = 0;
    const size_t fast = tok.n < 19 ? tok.n : 19;  // 19 digits never overflow
    for (size_t i = 0; i < fast; ++i) {
      const char c = tok.p[i];
      if (!IsDigit(c)) return false;
      v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    if (tok.n == 20) {
      const char c = tok.p[19];
      if (!IsDigit(c) || __builtin_mul_overflow(v, uint64_t{10}, &v) ||
          __builtin_add_overflow(v, static_cast<uint64_t>(c - '0'), &v)) {
        return false;
      }
    }
    *out = v;
    return true;
  }

  static bool ParseI64(Span tok, int64_t* out) {
    if (tok.n == 0) return false;
    const bool neg = tok.p[0] == '-';
    uint64_t mag;
    if (!ParseU64(neg ? Span{tok.p + 1, tok.n - 1} : tok, &mag)) return false;
    if (neg) {
      if (mag > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1) return false;
      *out = mag == static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1
                 ? std::numeric_limits<int64_t>::min()
                 : -static_cast<int64_t>(mag);
    } else {
      if (mag > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return false;
      *out = static_cast<int64_t>(mag);
    }
    return true;
  }

  // A non-negative decimal with an optional fraction ("1234.56", "0.00"), as printed by loadavg and uptime.
  // The digits are gathered as one integer and divided once by an exact power of ten, so the result is the
  // double nearest the printed decimal ("0.08" is 0.08, not the 0.08000000000000002 that summing 0.1-steps gives).
  static bool ParseFixed(Span tok, double* out) {
    static constexpr double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    size_t i = 0;
    uint64_t digits = 0;  // every digit, integer part and fraction
    size_t int_digits = 0, frac_digits = 0;
    while (i < tok.n && IsDigit(tok.p[i])) {
      if (digits > 100000000000000000ULL) return false;
      digits = digits * 10 + static_cast<uint64_t>(tok.p[i] - '0');
      ++i;
      ++int_digits;
    }
    if (int_digits == 0) return false;
    if (i < tok.n && tok.p[i] == '.') {
      ++i;
      while (i < tok.n && IsDigit(tok.p[i])) {
        if (digits > 100000000000000000ULL || frac_digits == 22) return false;
        digits = digits * 10 + static_cast<uint64_t>(tok.p[i] - '0');
        ++i;
        ++frac_digits;
      }
      if (frac_digits == 0) return false;
    }
    if (i != tok.n) return false;
    // Exact when digits < 2^53 (both operands exact, one rounding); above that one extra rounding, still within
    // an ulp.
    *out = static_cast<double>(digits) / kPow10[frac_digits];
    return true;
  }

  // Moves past the next occurrence of `c`; false (and at the end) when there is none.
  bool SkipPast(char c) {
    const char* f = FindByte(p_, end_, c);
    if (f == nullptr) {
      p_ = end_;
      return false;
    }
    p_ = f + 1;
    return true;
  }

 private:
  const char* p_;
  const char* end_;
};

// The complete lines of a file. A last line without its '\n' means the file was cut short (a truncated read or a
// torn fixture): the walk ends there and truncated() is set, because that line's last number may be a prefix.
class Lines {
 public:
  Lines(const char* p, size_t n) : c_(p, n) {}
  bool Next(Span* line) {
    bool complete;
    if (!c_.NextLine(line, &complete)) return false;
    if (!complete) truncated_ = true;
    return complete;
  }
  // As Next(), for the complete lines whose first byte is `c` only (never '\n': an empty line has no first byte);
  // the others are skipped without being cut into lines (truncated() still tells whether the file ended in the
  // middle of a line).
  bool NextStartingWith(char c, Span* line) {
    if (c_.done()) return false;
    if (*c_.pos() != c) {
      const char* start = FindLineStart(c_.pos(), c_.end(), c);
      if (start == nullptr) {
        if (c_.end()[-1] != '\n') truncated_ = true;
        c_.Seek(c_.end());
        return false;
      }
      c_.Seek(start);
    }
    return Next(line);
  }
  bool truncated() const { return truncated_; }

 private:
  Cursor c_;
  bool truncated_ = false;
};

// A scanner over one complete line from Lines::Next() (or the tail of one): the line's '\n' follows it in memory
// and stops every scan, so the scans need no bounds check of their own. This is what the per-CPU, per-disk and
// per-interface lines are read with, the hot loops at a thousand entries. Its results are Cursor's.
class LineCursor {
 public:
  // `line` must be followed by its '\n' (every line Lines::Next() returns is).
  explicit LineCursor(Span line) : p_(line.p), end_(line.p + line.n) {}
  // The tail [p, end) of such a line: `end` is the line's end, where its '\n' is.
  LineCursor(const char* p, const char* end) : p_(p), end_(end) {}

  const char* pos() const { return p_; }

  bool NextToken(Span* tok) {
    SkipSpaces();
    if (p_ >= end_) return false;
    const char* s = p_;
    SkipToken();
    *tok = Span{s, static_cast<size_t>(p_ - s)};
    return true;
  }

  // As Cursor::ScanU64.
  __attribute__((always_inline)) Cursor::Scan ScanU64(uint64_t* out) { return Scan<false>(out); }
  // As ScanU64, eight digits at a time while eight bytes of the line are left: for lines of long counters
  // (diskstats: sectors and milliseconds of 8 to 11 digits), where a few multiplications replace a dependent
  // multiply-add per digit. On short numbers (net/dev's padded columns, CPU ticks) the failed test costs more than
  // it saves: those use ScanU64.
  Cursor::Scan ScanLongU64(uint64_t* out) { return Scan<true>(out); }
  bool NextU64(uint64_t* out) { return ScanU64(out) == Cursor::Scan::kOk; }

 private:
  template <bool kEightAtATime>
  __attribute__((always_inline)) Cursor::Scan Scan(uint64_t* out) {
    SkipSpaces();
    if (p_ >= end_) return Cursor::Scan::kEnd;
    const char* s = p_;
    const char* p = s;
    uint64_t v = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (kEightAtATime) {
      while (end_ - p >= 8) {
        uint64_t chunk;
        std::memcpy(&chunk, p, 8);
        if (!EightDigits(chunk)) break;
        v = v * 100000000 + EightDigitsValue(chunk);
        p += 8;
      }
    }
#endif
    while (IsDigit(*p)) {
      v = v * 10 + static_cast<uint64_t>(*p - '0');
      ++p;
    }
    p_ = p;
    const size_t digits = static_cast<size_t>(p - s);
    bool ok = digits > 0;
    // Up to 19 digits never overflow; 20 may (Cursor::ParseU64 decides); 21 or more never fit.
    if (digits > 19) ok = Cursor::ParseU64(Span{s, digits}, &v);
    if (p < end_ && !IsSpace(*p)) {
      ok = false;  // garbage
      SkipToken();
    }
    if (!ok) return Cursor::Scan::kBad;
    *out = v;
    return Cursor::Scan::kOk;
  }

  // Whether all 8 bytes (the first in the lowest byte) are '0'..'9': each byte's high nibble is 3, and stays 3 when
  // 6 is added ('9' + 6 = 0x3f; ':' + 6 = 0x40). A byte of 0xfa or more could carry into the next one, but it
  // fails its own test first, so the word passes only when every byte is a digit.
  static bool EightDigits(uint64_t x) {
    constexpr uint64_t kHigh = 0xf0f0f0f0f0f0f0f0ULL;
    return ((x & kHigh) | (((x + 0x0606060606060606ULL) & kHigh) >> 4)) == 0x3333333333333333ULL;
  }
  // The value of 8 digit bytes d0..d7 (d0 the lowest byte, the first digit). Pairs first: byte k of x * 10 +
  // (x >> 8) is 10 d_k + d_k+1 (at most 99: no carry between bytes), so bytes 0, 2, 4, 6 hold the 2-digit numbers
  // p0..p3. Then p0 * 10^6 + p1 * 10^4 + p2 * 100 + p3, as the high halves of two 64-bit products (bytes 0 and 4
  // times 100 + 10^6 * 2^32, bytes 2 and 6 times 1 + 10^4 * 2^32).
  static uint64_t EightDigitsValue(uint64_t x) {
    x -= 0x3030303030303030ULL;
    x = x * 10 + (x >> 8);
    constexpr uint64_t kPairs = 0x000000ff000000ffULL;
    const uint64_t a = (x & kPairs) * (100 + (1000000ULL << 32));
    const uint64_t b = ((x >> 16) & kPairs) * (1 + (10000ULL << 32));
    return (a + b) >> 32;
  }

  // The '\n' at end_ stops every loop (no '\n' occurs before it: Lines cut the line there), so p_ never passes
  // end_.
  // On a local copy of p_, as Cursor's loops.
  void SkipSpaces() {
    const char* p = p_;
    while (IsSpace(*p)) ++p;
    p_ = p;
  }
  void SkipToken() {
    const char* p = p_;
    while (!IsSpace(*p) && *p != '\n') ++p;
    p_ = p;
  }

  const char* p_;
  const char* end_;
};

// Parses a hex field of known width ("0A", "0100007F"); false on a non-hex byte.
inline bool ParseHex(Span tok, unsigned* out) {
  if (tok.n == 0 || tok.n > 8) return false;
  unsigned v = 0;
  for (size_t i = 0; i < tok.n; ++i) {
    const char c = tok.p[i];
    unsigned d;
    if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
    else if (c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
    else if (c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
    else return false;
    v = (v << 4) | d;
  }
  *out = v;
  return true;
}

inline void FillNaN(double* p, size_t n) {
  for (size_t i = 0; i < n; ++i) p[i] = kNaN;
}

}  // namespace procsampler

#endif  // PROCSAMPLER_SCAN_H_
