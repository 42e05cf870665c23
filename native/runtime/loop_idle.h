// The loop's accumulated idle time (time spent waiting in epoll), read once per loop iteration by the hook.
//
// uv_metrics_idle_time() takes a mutex on every call (it may be called from any thread), which costs the hook
// about 100 instructions per iteration. The hook runs on the loop's own thread, which is the only thread that
// ever writes the value, so the field can be read directly without the lock. libuv does not export it: it is
// `provider_idle_time` in the loop's private `internal_fields` (src/uv-common.h), at a place that depends on
// the libuv version:
//   1.39 .. 1.44   { unsigned flags; { uint64_t provider_entry_time; uint64_t provider_idle_time; ... } }
//   1.45 ..        { unsigned flags; { uv_metrics_t metrics (128 bytes); uint64_t provider_entry_time;
//                                      uint64_t provider_idle_time; ... } }
// That location is only a candidate. Check(), run on the loop thread outside the event provider (the hook's
// reader calls it at every read of the metrics), compares it with uv_metrics_idle_time(): the direct read is
// enabled only once both agree on a non-zero value with no wait in progress (provider_entry_time == 0), and is
// dropped for good if they ever disagree. Until then, and on any other libuv, Read() is
// uv_metrics_idle_time().
#ifndef PROCSAMPLER_LOOP_IDLE_H_
#define PROCSAMPLER_LOOP_IDLE_H_

#include <uv.h>

#include <cstddef>
#include <cstdint>

namespace procsampler {
namespace runtime {

class LoopIdleTime {
 public:
  enum class Mode { kApi, kDirect };

  // Starts over on `loop`; `allow_direct` false keeps the public call.
  void Reset(uv_loop_t* loop, bool allow_direct) {
    loop_ = loop;
    field_ = nullptr;
    candidate_ = allow_direct ? Candidate(loop) : nullptr;
  }

  // Nanoseconds the loop has waited in the event provider. The hot path.
  inline uint64_t Read() const { return field_ != nullptr ? *field_ : uv_metrics_idle_time(loop_); }

  // Validates the candidate field against uv_metrics_idle_time() (see above). Call on the loop's thread, outside
  // the event provider. Returns false when the direct read disagreed: Read() values since the previous Check()
  // may be wrong, and Read() is the public call from now on.
  bool Check() {
    if (candidate_ == nullptr) return true;
    uint64_t api = uv_metrics_idle_time(loop_);
    bool agree = candidate_[-1] == 0 && candidate_[0] == api;
    if (!agree) {
      bool was_direct = field_ != nullptr;
      field_ = nullptr;
      candidate_ = nullptr;
      return !was_direct;
    }
    if (api != 0) field_ = candidate_;
    return true;
  }

  Mode mode() const { return field_ != nullptr ? Mode::kDirect : Mode::kApi; }
  const char* ModeName() const {
    if (field_ != nullptr) return "direct";
    return candidate_ != nullptr ? "pending" : "api";
  }

 private:
  // The address of provider_idle_time for the running libuv, or nullptr for a version whose layout is unknown.
  static const uint64_t* Candidate(uv_loop_t* loop) {
    if (loop == nullptr || loop->internal_fields == nullptr) return nullptr;
    unsigned int version = uv_version();
    unsigned int major = (version >> 16) & 0xff;
    unsigned int minor = (version >> 8) & 0xff;
    if (major != 1 || minor < 39) return nullptr;
    constexpr size_t kMetricsStart = 8;       // after `unsigned int flags`, aligned for uint64_t
    constexpr size_t kUvMetricsSize = 128;    // uv_metrics_t: 3 counters and 13 reserved pointers
    size_t offset = kMetricsStart + (minor >= 45 ? kUvMetricsSize : 0) + sizeof(uint64_t);
    return reinterpret_cast<const uint64_t*>(static_cast<const char*>(loop->internal_fields) + offset);
  }

  uv_loop_t* loop_ = nullptr;
  const uint64_t* field_ = nullptr;      // the validated direct location
  const uint64_t* candidate_ = nullptr;  // where it should be, not yet validated
};

}  // namespace runtime
}  // namespace procsampler

#endif  // PROCSAMPLER_LOOP_IDLE_H_
