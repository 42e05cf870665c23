// GC pauses per consumer window: count, sum, min, max and bucket counts per GC type (PS_RUNTIME_GC_TYPES), and
// the replay of single pauses for an OpenTelemetry Histogram instrument. No libuv, no Node-API.
#ifndef PROCSAMPLER_RUNTIME_GC_TALLY_H_
#define PROCSAMPLER_RUNTIME_GC_TALLY_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "runtime/layout.h"

namespace procsampler {
namespace runtime {

// Pauses a replaying window keeps one by one between drains; beyond that they are summed per bucket (see GcTally).
constexpr size_t kGcPending = 1024;

// The PS_RUNTIME_GC_TYPES index of a v8::GCType (v8_heap.h kGc*), or -1.
int GcTypeIndex(int type);

// One consumer's GC pauses since its window opened: count, sum, min, max and bucket counts per GC type. A
// consumer that feeds an OpenTelemetry Histogram instrument (which takes values one at a time) also "replays":
// the pauses since its last Drain() are kept one by one up to kGcPending, and past that summed per type and
// bucket with their exact min and max. Drain() hands them out so that the instrument receives the same count,
// sum, bucket counts, min and max as if it had seen every pause (past kGcPending, a bucket's pauses other than
// the min and max arrive as their mean, which lies in the same bucket).
class GcTally {
 public:
  explicit GcTally(bool replay);

  void Add(int type, size_t bucket, double seconds);

  void Write(double* out) const;

  // Moves up to `capacity` pauses (duration, type index) not yet handed out; returns how many.
  size_t Drain(double* values, double* types, size_t capacity);

 private:
  void Clear();

  double count_[kGcTypes];
  double sum_[kGcTypes];
  double min_[kGcTypes];
  double max_[kGcTypes];
  double buckets_[kGcTypes][kMaxGcBuckets];
  std::unique_ptr<double[]> pending_values_;
  std::unique_ptr<uint8_t[]> pending_types_;
  size_t pending_ = 0;
  size_t drained_ = 0;
  double spill_count_[kGcTypes][kMaxGcBuckets];
  double spill_sum_[kGcTypes][kMaxGcBuckets];
  double spill_min_[kGcTypes];
  double spill_max_[kGcTypes];
  size_t spill_min_bucket_[kGcTypes];
  size_t spill_max_bucket_[kGcTypes];
  bool spill_min_due_[kGcTypes];
  bool spill_max_due_[kGcTypes];
};

}  // namespace runtime
}  // namespace procsampler

#endif  // PROCSAMPLER_RUNTIME_GC_TALLY_H_
