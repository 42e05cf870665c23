/**
 * A monotonic clock for hot paths that allocates nothing: `readClock()` writes the time, in seconds, into
 * `CLOCK[0]`.
 *
 * With the native addon, the addon's clockNow() writes its clock into this thread's Float64Array (one Node-API
 * call): the CPU's constant-rate counter calibrated against CLOCK_MONOTONIC where there is one, else
 * CLOCK_MONOTONIC (native/counter_clock.h). `refineClock()`, called at collect time, re-measures the counter's
 * rate. performance.now() would return a fresh 16-byte heap number on Node 20 and 22 at every call. Without the
 * addon it falls back to performance.now() / 1000, which allocates there (documented).
 */
import { performance } from 'perf_hooks';
import { loadAddon } from '../native';

/** Slot 0: the time of the last readClock(), monotonic seconds (arbitrary origin; differences only). */
export const CLOCK = new Float64Array(1);

/** The clock's source: 'counter', 'calibrating' (its first 20 ms), 'hrtime' (CLOCK_MONOTONIC), or 'performance.now'. */
export type ClockMode = 'counter' | 'calibrating' | 'hrtime' | 'performance.now';

interface ClockAddon {
  clockAttach(a: Float64Array): void;
  clockNow(): void;
  clockRefine(): void;
  clockMode(): ClockMode;
}

let native: ClockAddon | undefined;
let nativeNow: (() => void) | undefined;
try {
  const addon = loadAddon() as Partial<ClockAddon>;
  if (typeof addon.clockAttach === 'function' && typeof addon.clockNow === 'function' && typeof addon.clockRefine === 'function' && typeof addon.clockMode === 'function') {
    addon.clockAttach(CLOCK);
    native = addon as ClockAddon;
    nativeNow = addon.clockNow;
  }
} catch {
  nativeNow = undefined; // no addon here: performance.now()
}

/** True when readClock() uses the native clock (no allocation). */
export const CLOCK_IS_NATIVE = nativeNow !== undefined;

const now = nativeNow;

/**
 * Re-measures the native clock's counter rate (it falls back to CLOCK_MONOTONIC if the counter is not steady;
 * the timeline continues). Call off the hot path (a collect); allocates nothing.
 */
export function refineClock(): void {
  native?.clockRefine();
}

/** The clock's source now (tests and diagnostics). */
export function clockMode(): ClockMode {
  return native !== undefined ? native.clockMode() : 'performance.now';
}

/** Writes the current monotonic time (seconds) into CLOCK[0]. */
export function readClock(): void {
  if (now !== undefined) now();
  else CLOCK[0] = performance.now() / 1000;
}
