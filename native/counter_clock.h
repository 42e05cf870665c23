// CounterClock: nanoseconds on a private timeline (only differences are used) for hot paths: the runtime hook's
// once-per-loop-iteration reads and the HTTP request clock (clock.cc, two reads per request).
//
// uv_hrtime() is clock_gettime(CLOCK_MONOTONIC): 19 ns per call in a tight loop on this VM (tsc clocksource) and
// about 37 ns a call inside a busy HTTP server (the vDSO data page cold; perf, 2 December 2026), 28 ns on a
// kvm-clock guest. Where the CPU offers a constant-rate counter readable from user space (the x86-64 TSC when
// CPUID declares it invariant; the arm64 virtual counter CNTVCT_EL0), the clock reads that instead (8-12 ns, no
// memory touched) and converts ticks to nanoseconds with a rate measured against uv_hrtime():
//   - calibrating: for the first 20 ms after the first Reset() every Now() reads uv_hrtime() (and the counter);
//     then the rate is fixed from that baseline and Now() reads the counter only;
//   - Refine(), called by the owner's reads of its metrics (on its thread, never on the hot path), re-measures
//     the rate over the whole baseline since calibration began. If it moved by more than 1% the counter is not
//     steady here (frequency changes, unsynchronized cores): the clock calibrates again, and after three
//     such failures it stays on uv_hrtime() for good.
// The timeline never jumps: every change of source (counter to uv_hrtime() and back) is anchored at the last
// reading of the old one, so a difference of two readings taken across a change is still the time between them
// (within the counter's rate error, at most 1%). Without such a counter (other architectures, a TSC that is
// not invariant, or Reset(false)) Now() is uv_hrtime() plus a fixed offset. Not thread-safe: one CounterClock
// per thread that reads it.
#ifndef PROCSAMPLER_COUNTER_CLOCK_H_
#define PROCSAMPLER_COUNTER_CLOCK_H_

#include <uv.h>

#include <cstdint>

#if defined(__x86_64__)
#include <cpuid.h>
#include <x86intrin.h>
#define PS_HAVE_CYCLE_COUNTER 1
#elif defined(__aarch64__)
#define PS_HAVE_CYCLE_COUNTER 1
#else
#define PS_HAVE_CYCLE_COUNTER 0
#endif

namespace procsampler {

class CounterClock {
 public:
  enum class Mode { kHrtime, kCalibrating, kCounter };

  // Prepares for a (re)start: the counter (when `allow_counter` and the CPU has a usable one) or uv_hrtime().
  // A counter already calibrated is kept: its rate does not change between a stop and a start.
  void Reset(bool allow_counter) {
    if (allow_counter && mode_ == Mode::kCounter) return;
    if (mode_ == Mode::kCounter) ContinueOnHrtime();
    failures_ = 0;
    mode_ = allow_counter && CounterUsable() ? Mode::kCalibrating : Mode::kHrtime;
    if (mode_ == Mode::kCalibrating) BeginCalibration();
  }

  // Nanoseconds on this clock's timeline. The hot path: one counter read, a multiply and a shift.
  inline uint64_t Now() {
    if (mode_ == Mode::kCounter) return TimelineAt(ReadCounter());
    if (mode_ == Mode::kCalibrating) return Calibrate();
    return uv_hrtime() + offset_;
  }

  // Re-measures the counter's rate (see above). Returns true when the clock left the counter: the timeline
  // continues, but an interval in progress when it did carries the old rate's error (the runtime hook drops it).
  bool Refine() {
    if (mode_ != Mode::kCounter) return false;
    Pair now;
    if (!ReadPair(&now) || now.ticks <= base_.ticks) return Fail();
    uint64_t mult = Rate(base_, now);
    uint64_t low = mult_ - mult_ / 100;
    uint64_t high = mult_ + mult_ / 100;
    if (mult < low || mult > high) return Fail();
    // Keep the timeline continuous: re-anchor at a counter value and the timeline's own reading of it.
    uint64_t ticks = ReadCounter();
    anchor_ns_ = TimelineAt(ticks);
    anchor_ticks_ = ticks;
    mult_ = mult;
    return false;
  }

  Mode mode() const { return mode_; }
  const char* ModeName() const {
    switch (mode_) {
      case Mode::kCounter:
        return "counter";
      case Mode::kCalibrating:
        return "calibrating";
      default:
        return "hrtime";
    }
  }
  // The counter's rate in ticks per second (0 until calibrated).
  double TicksPerSecond() const {
    return mode_ == Mode::kCounter && mult_ != 0 ? 1e9 * 4294967296.0 / static_cast<double>(mult_) : 0;
  }

 private:
  static constexpr uint64_t kCalibrationNs = 20 * 1000 * 1000;
  static constexpr int kMaxFailures = 3;

  struct Pair {
    uint64_t ticks;
    uint64_t ns;
  };

  static bool CounterUsable() {
#if defined(__x86_64__)
    unsigned int a = 0, b = 0, c = 0, d = 0;
    if (__get_cpuid(0x80000000u, &a, &b, &c, &d) == 0 || a < 0x80000007u) return false;
    if (__get_cpuid(0x80000007u, &a, &b, &c, &d) == 0) return false;
    return ((d >> 8) & 1u) != 0;  // invariant TSC: constant rate in every P-, C- and T-state
#elif defined(__aarch64__)
    return true;  // the generic timer's virtual count: constant rate, synchronized across cores
#else
    return false;
#endif
  }

  static inline uint64_t ReadCounter() {
#if defined(__x86_64__)
    return __rdtsc();
#elif defined(__aarch64__)
    uint64_t value;
    __asm__ __volatile__("mrs %0, cntvct_el0" : "=r"(value));
    return value;
#else
    return 0;
#endif
  }

  // A (counter, uv_hrtime) pair read back to back: the counter is read on both sides of uv_hrtime() and the
  // midpoint kept. False when the two counter reads are far apart (the thread was preempted in between).
  static bool ReadPair(Pair* out) {
    for (int attempt = 0; attempt < 3; ++attempt) {
      uint64_t t1 = ReadCounter();
      uint64_t ns = uv_hrtime();
      uint64_t t2 = ReadCounter();
      if (t2 >= t1 && t2 - t1 < kMaxPairTicks) {
        out->ticks = t1 + (t2 - t1) / 2;
        out->ns = ns;
        return true;
      }
    }
    return false;
  }
  // Counter ticks allowed between the two reads of a pair: 50 us at 5 GHz, a preemption is far longer.
  static constexpr uint64_t kMaxPairTicks = 250000;

  // Nanoseconds per tick in 32.32 fixed point, from two pairs.
  static uint64_t Rate(const Pair& from, const Pair& to) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(to.ns - from.ns) << 32) / (to.ticks - from.ticks));
  }

  void BeginCalibration() {
    if (!ReadPair(&base_)) {
      mode_ = Mode::kHrtime;
      return;
    }
    mode_ = Mode::kCalibrating;
  }

  // Calibrating: returns uv_hrtime() (plus the offset); once 20 ms have passed since the base pair, fixes the
  // rate and moves to the counter, anchored at this very reading so that the timeline stays continuous.
  uint64_t Calibrate() {
    Pair now;
    if (!ReadPair(&now)) return uv_hrtime() + offset_;
    if (now.ns - base_.ns >= kCalibrationNs && now.ticks > base_.ticks) {
      mult_ = Rate(base_, now);
      anchor_ticks_ = now.ticks;
      anchor_ns_ = now.ns + offset_;
      mode_ = Mode::kCounter;
    }
    return now.ns + offset_;
  }

  inline uint64_t TimelineAt(uint64_t counter) const {
    int64_t ticks = static_cast<int64_t>(counter - anchor_ticks_);
    if (ticks < 0) ticks = 0;  // read on a core whose counter lags the anchor's by a few ticks
    return anchor_ns_ + static_cast<uint64_t>((static_cast<unsigned __int128>(ticks) * mult_) >> 32);
  }

  // Leaving the counter: from now on the timeline is uv_hrtime() plus an offset that continues it from here.
  void ContinueOnHrtime() {
    offset_ = TimelineAt(ReadCounter()) - uv_hrtime();  // unsigned: wraps correctly either way
  }

  bool Fail() {
    ContinueOnHrtime();
    if (++failures_ >= kMaxFailures) {
      mode_ = Mode::kHrtime;
    } else {
      BeginCalibration();
    }
    return true;
  }

  Mode mode_ = Mode::kHrtime;
  int failures_ = 0;
  uint64_t mult_ = 0;
  uint64_t anchor_ticks_ = 0;
  uint64_t anchor_ns_ = 0;
  // Added to uv_hrtime() off the counter (modular arithmetic: the timeline continues where the counter left it).
  uint64_t offset_ = 0;
  Pair base_ = {0, 0};
};

}  // namespace procsampler

#endif  // PROCSAMPLER_COUNTER_CLOCK_H_
