/**
 * The library's monotonic clock for rate windows and sampling intervals. Rates are computed over the time between
 * two samples, so the clock must never jump (wall-clock time does, with NTP and suspend): this is CLOCK_MONOTONIC,
 * the clock the native tables stamp their `time` slot with.
 *
 * Everything that takes a clock (RateTracker, HostMetrics, the os fallback) takes it as an option, so tests inject
 * their own. The allocation-free clock for per-request hot paths is src/app/clock.ts.
 */

/**
 * Monotonic seconds (CLOCK_MONOTONIC through `process.hrtime`), arbitrary origin: only differences mean anything.
 * Never NaN.
 */
export function monotonicSeconds(): number {
  const t = process.hrtime();
  return t[0] + t[1] / 1e9;
}
