// Node.js runtime metrics (event loop per iteration, libuv loop metrics, handles, V8 heap spaces, GC pauses): the
// addon's interface to them. The files of runtime/, by responsibility:
//   layout.h     the slots of the runtime Float64Array (the one list; exported by runtimeLayout())
//   histogram.*  the delay histogram: buckets, cumulative totals, a consumer's window over them
//   gc_tally.*   a consumer's GC pauses per type, and their replay for a Histogram instrument
//   state.*      one environment's state and its hooks' lifecycle (prepare hook, GC callbacks, teardown)
//   binding.cc   the Node-API functions below
//   ../counter_clock.h, loop_idle.h, v8_heap.*  the hook's clock, libuv's idle time, V8's API found at run time
//
// One RuntimeState per Node environment (main thread or worker). It owns an unreferenced uv_prepare_t on that
// environment's loop which, once per loop iteration, records the iteration's busy time (the iteration's length
// minus the time libuv spent waiting in epoll, uv_metrics_idle_time) into a cumulative log-linear histogram;
// each consumer's delay window is the difference from its own copy of that histogram. Nothing on the hook's path
// allocates, locks or calls into the kernel. JavaScript owns one Float64Array (runtime/layout.h) which
// `runtimeRead` fills, V8's heap-space statistics included (v8_heap.h).
//
// Delay definition: once per loop iteration, at the prepare phase (just before the loop polls for I/O), the
// hook records  (now - previous prepare) - (idle time accumulated by libuv since the previous prepare),
// i.e. the time of one full iteration that the loop spent running callbacks (timers, I/O, setImmediate,
// close callbacks) and libuv bookkeeping rather than waiting in epoll. It is the longest an event that became
// ready at the start of that iteration could have waited to be noticed. The sum of these samples is the
// "active" time of performance.eventLoopUtilization(); a 50 ms busy callback yields one sample >= 50 ms.
//
// The hook's cost is the price every iteration pays, so it reads a cycle counter rather than clock_gettime
// (../counter_clock.h), reads libuv's idle time without its mutex (loop_idle.h), and records into one cumulative
// histogram with a few adds and compares. Consumers (each RuntimeMetrics) open a window of their own: a copy of
// the cumulative counts when the window began, so a window's statistics are differences, and min/max come from
// "segments" (the stretch between any two reads) folded into every open window at each read.
//
// Caveats: uv_metrics_idle_time needs uv_loop_configure(UV_METRICS_IDLE_TIME); Node enables it on every loop
// (performance.eventLoopUtilization relies on it) and Start() sets it again, which is idempotent.
// uv_metrics_info exists from libuv 1.45 (Node 20); it is declared weak so one binary also loads on Node 18,
// where loopCount/events/eventsWaiting stay NaN.
#ifndef PROCSAMPLER_RUNTIME_RUNTIME_H_
#define PROCSAMPLER_RUNTIME_RUNTIME_H_

#include <napi.h>

#include "runtime/layout.h"

namespace procsampler {
namespace runtime {

// Adds the runtime functions to `exports` and returns this environment's state (owned by the Addon):
//   runtimeLayout() -> { slots: {name: index}, units: {name: unit}, readFlags: {name: bit}, gcTypes: string[],
//                        handleTypes: string[], handleBase,
//                        heapBase, heapFields: string[], heapSpaces: string[] | null, gcBase, gcStride,
//                        gcNative, drainBase, drainCapacity, size, uvMetricsInfo }
//   runtimeAttach(Float64Array)   keeps the array (length >= size) and fills it with NaN
//   runtimeStart() -> boolean     starts the per-iteration hook (idempotent); false if no array is attached
//   runtimeStop()                 stops the hook (idempotent); the windows are kept
//   runtimeWindowOpen(replayGc) -> id  a window of its own for one consumer, starting now: delay, and GC pauses
//                                 (V8's GC callbacks while the hook runs); with replayGc the pauses are also
//                                 kept for runtimeGcDrain
//   runtimeGcDrain(id) -> n       hands out up to drainCapacity pauses not drained yet (durations at drainBase,
//                                 GC type indices after them); call until it returns 0
//   runtimeWindowClose(id)        frees it (unknown ids are ignored)
//   runtimeRead(flags, window)    fills the attached array; with a window id >= 0, fills delay* from that
//                                 window and starts it again (each consumer's window is independent of the
//                                 others'); never throws
//   runtimeConfigure({ counterClock?, directIdle?, v8Api?, gcBoundaries? })  gcBoundaries: the GC duration
//                                 buckets' upper bounds (s). Diagnostics and tests: counterClock/directIdle
//                                 false turn off the cycle-counter clock (../counter_clock.h) or the direct idle-time
//                                 read (loop_idle.h) from the next start; v8Api false hides V8's API
//                                 (v8_heap.h) from the next runtimeLayout() and start
//   runtimeInfo() -> { clock, idle, counterHz, heap, gc, windows, running }  which paths are in use, windows open
// It also registers an async environment cleanup hook that closes the libuv handle before the loop is closed.

struct RuntimeState;

RuntimeState* Init(Napi::Env env, Napi::Object exports);
// Stops every hook and frees the state (at once, or after the handle's close callback when one is pending).
// Safe with nullptr; called once, at environment teardown.
void Destroy(RuntimeState* state);

}  // namespace runtime
}  // namespace procsampler

#endif  // PROCSAMPLER_RUNTIME_RUNTIME_H_
