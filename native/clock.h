// clock: a monotonic time in seconds into a JS-owned Float64Array, for timing on hot paths without allocation.
//
// performance.now() returns a fresh heap number on Node 20 and 22 (16 bytes per call; Node 24 returns it
// unboxed), so an HTTP request timed with it allocates twice. Here JS attaches one Float64Array once
// (clockAttach(array, allowCounter = true)) and clockNow() writes the time in seconds into slot 0: one
// Node-API call, no arguments, no allocation. The time is a CounterClock's (counter_clock.h: the CPU's
// constant-rate counter, calibrated against CLOCK_MONOTONIC, else CLOCK_MONOTONIC itself), on a private
// timeline: differences only. clockRefine() re-measures the counter's rate (at collect time); clockMode()
// names the clock's source. The array and the clock are per environment (worker threads each attach their own).
#ifndef PROCSAMPLER_CLOCK_H_
#define PROCSAMPLER_CLOCK_H_

#include <napi.h>

namespace procsampler {
namespace clock {

struct ClockState;

// Adds clockAttach(Float64Array) and clockNow() to exports; returns the state to pass to Destroy().
ClockState* Init(Napi::Env env, Napi::Object exports);
// Environment teardown (the addon's instance-data finalizer). Safe with nullptr.
void Destroy(Napi::Env env, ClockState* state);

}  // namespace clock
}  // namespace procsampler

#endif  // PROCSAMPLER_CLOCK_H_
