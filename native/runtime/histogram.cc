#include "runtime/histogram.h"

#include <cmath>
#include <cstring>

namespace procsampler {
namespace runtime {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

double Buckets::Midpoint(size_t index) {
  if (index < kLinear) return static_cast<double>(index);
  uint64_t magnitude = kSubBits + 1 + (index - kLinear) / kSub;
  uint64_t sub = (index - kLinear) % kSub;
  uint64_t width = uint64_t{1} << (magnitude - kSubBits);
  uint64_t lower = (kSub + sub) * width;
  return static_cast<double>(lower) + static_cast<double>(width) / 2;
}

void DelayWindow::Begin(const DelayTotals& totals) {
  std::memcpy(counts_.get(), totals.counts, sizeof(totals.counts));
  count_ = totals.count;
  sum_ = totals.sum;
  sum_squares_ = totals.sum_squares;
  min_ = std::numeric_limits<uint64_t>::max();
  max_ = 0;
}

void DelayWindow::Write(const DelayTotals& totals, double* out) const {
  uint64_t count = totals.count - count_;
  out[0] = static_cast<double>(count);
  if (count == 0) {
    for (int i = 1; i < 8; ++i) out[i] = kNaN;
    return;
  }
  double n = static_cast<double>(count);
  double mean = static_cast<double>(totals.sum - sum_) / n;
  double variance = (totals.sum_squares - sum_squares_) / n - mean * mean;
  out[1] = static_cast<double>(min_) / kNsPerS;
  out[2] = static_cast<double>(max_) / kNsPerS;
  out[3] = mean / kNsPerS;
  out[4] = std::sqrt(variance > 0 ? variance : 0) / kNsPerS;
  // Nearest-rank percentiles, found in one pass over the buckets' differences. The buckets holding the exact
  // min and max report them (so a single long iteration shows its true length in p99); others their midpoint.
  static constexpr double kQuantiles[3] = {0.50, 0.90, 0.99};
  uint64_t ranks[3];
  for (int q = 0; q < 3; ++q) {
    double r = std::ceil(kQuantiles[q] * n);
    ranks[q] = r < 1 ? 1 : static_cast<uint64_t>(r);
  }
  size_t min_index = Buckets::IndexOf(min_);
  size_t max_index = Buckets::IndexOf(max_);
  int q = 0;
  uint64_t seen = 0;
  for (size_t i = min_index; i <= max_index && q < 3; ++i) {
    seen += totals.counts[i] - counts_[i];
    double value = i == max_index ? static_cast<double>(max_)
                   : i == min_index ? static_cast<double>(min_)
                                    : Buckets::Midpoint(i);
    while (q < 3 && seen >= ranks[q]) out[5 + q++] = value / kNsPerS;
  }
  while (q < 3) out[5 + q++] = static_cast<double>(max_) / kNsPerS;  // unreachable unless counts overflow
}

}  // namespace runtime
}  // namespace procsampler
