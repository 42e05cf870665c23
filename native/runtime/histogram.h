// The event-loop delay histogram: log-linear buckets of nanosecond values, the cumulative totals the prepare hook
// records into, and one consumer's window over them (differences from a copy taken when the window began).
// Pure arithmetic: no libuv, no Node-API.
#ifndef PROCSAMPLER_RUNTIME_HISTOGRAM_H_
#define PROCSAMPLER_RUNTIME_HISTOGRAM_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>

namespace procsampler {
namespace runtime {

constexpr double kNsPerS = 1e9;

// Log-linear buckets of nanosecond values, HdrHistogram-like: values below 64 ns are exact, above that every
// power of two is split into 32 buckets (relative error <= 1/32 ~ 3%).
struct Buckets {
  static constexpr int kSubBits = 5;
  static constexpr uint64_t kSub = uint64_t{1} << kSubBits;  // 32
  static constexpr uint64_t kLinear = 2 * kSub;              // 64: values 0..63 get one bucket each
  static constexpr int kMaxMagnitude = 42;                   // 2^43 ns ~ 2.4 h: larger values are clamped
  static constexpr size_t kCount = kLinear + (kMaxMagnitude - (kSubBits + 1) + 1) * kSub;

  static inline size_t IndexOf(uint64_t ns) {
    if (ns < kLinear) return static_cast<size_t>(ns);
    int magnitude = 63 - __builtin_clzll(ns);  // >= kSubBits + 1
    if (magnitude > kMaxMagnitude) return kCount - 1;
    uint64_t sub = (ns >> (magnitude - kSubBits)) & (kSub - 1);
    return static_cast<size_t>(kLinear + static_cast<uint64_t>(magnitude - (kSubBits + 1)) * kSub + sub);
  }

  // The midpoint of a bucket.
  static double Midpoint(size_t index);
};

// Totals of every iteration since the state was created: written by the hook only, never reset. The segment
// min/max cover the iterations since the last read of any window.
struct DelayTotals {
  uint64_t counts[Buckets::kCount] = {};
  uint64_t count = 0;
  uint64_t sum = 0;          // ns
  double sum_squares = 0;    // ns^2
  uint64_t segment_min = kNoSample;
  uint64_t segment_max = 0;
  static constexpr uint64_t kNoSample = std::numeric_limits<uint64_t>::max();  // segment_min of an empty segment

  bool SegmentEmpty() const { return segment_min == kNoSample; }
  void StartSegment() {
    segment_min = kNoSample;
    segment_max = 0;
  }

  inline void Record(uint64_t ns) {
    ++counts[Buckets::IndexOf(ns)];
    ++count;
    sum += ns;
    double v = static_cast<double>(static_cast<int64_t>(ns));  // < 2^43 after clamping: a signed convert is exact
    sum_squares += v * v;
    if (ns < segment_min) segment_min = ns;
    if (ns > segment_max) segment_max = ns;
  }
};

// One consumer's delay window: the totals when it began, and the min/max of the segments closed since.
class DelayWindow {
 public:
  DelayWindow() : counts_(new uint64_t[Buckets::kCount]) {}

  void Begin(const DelayTotals& totals);

  void Fold(uint64_t segment_min, uint64_t segment_max) {
    if (segment_min < min_) min_ = segment_min;
    if (segment_max > max_) max_ = segment_max;
  }

  // Writes count, min, max, mean, stddev, p50, p90, p99 (seconds) of the iterations since Begin() into
  // out[0..7]; NaN statistics when there were none. The segments must have been folded in.
  void Write(const DelayTotals& totals, double* out) const;

 private:
  std::unique_ptr<uint64_t[]> counts_;
  uint64_t count_ = 0;
  uint64_t sum_ = 0;
  double sum_squares_ = 0;
  uint64_t min_ = std::numeric_limits<uint64_t>::max();
  uint64_t max_ = 0;
};

}  // namespace runtime
}  // namespace procsampler

#endif  // PROCSAMPLER_RUNTIME_HISTOGRAM_H_
