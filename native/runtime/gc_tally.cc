#include "runtime/gc_tally.h"

#include <limits>

#include "runtime/v8_heap.h"

namespace procsampler {
namespace runtime {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

int GcTypeIndex(int type) {
  switch (type) {
    case kGcMarkSweepCompact:
      return kGc_major;
    case kGcScavenge:
    case kGcMinorMarkSweep:
      return kGc_minor;
    case kGcIncrementalMarking:
      return kGc_incremental;
    case kGcProcessWeakCallbacks:
      return kGc_weakcb;
    default:
      return -1;
  }
}

void GcTally::Add(int type, size_t bucket, double seconds) {
  count_[type] += 1;
  sum_[type] += seconds;
  if (!(seconds >= min_[type])) min_[type] = seconds;  // also replaces NaN
  if (!(seconds <= max_[type])) max_[type] = seconds;
  buckets_[type][bucket] += 1;
  if (!pending_values_) return;
  if (pending_ < kGcPending) {
    pending_values_[pending_] = seconds;
    pending_types_[pending_] = static_cast<uint8_t>(type);
    ++pending_;
    return;
  }
  spill_count_[type][bucket] += 1;
  spill_sum_[type][bucket] += seconds;
  if (!spill_min_due_[type] || seconds < spill_min_[type]) {
    spill_min_[type] = seconds;
    spill_min_bucket_[type] = bucket;
    spill_min_due_[type] = true;
  }
  if (!spill_max_due_[type] || seconds > spill_max_[type]) {
    spill_max_[type] = seconds;
    spill_max_bucket_[type] = bucket;
    spill_max_due_[type] = true;
  }
}

void GcTally::Write(double* out) const {
  for (size_t t = 0; t < kGcTypes; ++t) {
    double* o = out + t * kGcStride;
    o[0] = count_[t];
    o[1] = sum_[t];
    o[2] = min_[t];
    o[3] = max_[t];
    for (size_t b = 0; b < kMaxGcBuckets; ++b) o[4 + b] = buckets_[t][b];
  }
}

size_t GcTally::Drain(double* values, double* types, size_t capacity) {
  if (!pending_values_) return 0;
  size_t n = 0;
  while (drained_ < pending_ && n < capacity) {
    values[n] = pending_values_[drained_];
    types[n] = pending_types_[drained_];
    ++n;
    ++drained_;
  }
  if (drained_ < pending_) return n;
  pending_ = drained_ = 0;
  for (size_t t = 0; t < kGcTypes; ++t) {
    for (size_t b = 0; b < kMaxGcBuckets && n < capacity; ++b) {
      while (spill_count_[t][b] > 0 && n < capacity) {
        double v;
        if (spill_min_due_[t] && spill_min_bucket_[t] == b) {
          v = spill_min_[t];
          spill_min_due_[t] = false;
        } else if (spill_max_due_[t] && spill_max_bucket_[t] == b) {
          v = spill_max_[t];
          spill_max_due_[t] = false;
        } else {
          v = spill_sum_[t][b] / spill_count_[t][b];
        }
        values[n] = v;
        types[n] = static_cast<double>(t);
        ++n;
        spill_count_[t][b] -= 1;
        spill_sum_[t][b] = spill_count_[t][b] > 0 ? spill_sum_[t][b] - v : 0;
      }
      if (spill_count_[t][b] == 0 && spill_max_bucket_[t] == b) spill_max_due_[t] = false;  // min == max
    }
  }
  return n;
}

void GcTally::Clear() {
  for (size_t t = 0; t < kGcTypes; ++t) {
    count_[t] = 0;
    sum_[t] = 0;
    min_[t] = kNaN;
    max_[t] = kNaN;
    spill_min_due_[t] = false;
    spill_max_due_[t] = false;
    spill_min_[t] = 0;
    spill_max_[t] = 0;
    spill_min_bucket_[t] = 0;
    spill_max_bucket_[t] = 0;
    for (size_t b = 0; b < kMaxGcBuckets; ++b) {
      buckets_[t][b] = 0;
      spill_count_[t][b] = 0;
      spill_sum_[t][b] = 0;
    }
  }
}

GcTally::GcTally(bool replay) {
  if (replay) {
    pending_values_.reset(new double[kGcPending]);
    pending_types_.reset(new uint8_t[kGcPending]);
  }
  Clear();
}

}  // namespace runtime
}  // namespace procsampler
