/**
 * A monotonic clock for hot paths that allocates nothing: `readClock()` writes the time, in seconds, into
 * `CLOCK[0]`.
 *
 * With the native addon, the addon's clockNow() writes CLOCK_MONOTONIC into this thread's Float64Array (one
 * Node-API call). performance.now() would return a fresh 16-byte heap number on Node 20 and 22 at every call.
 * Without the addon it falls back to performance.now() / 1000, which allocates there (documented).
 */
import { performance } from 'perf_hooks';
import { loadAddon } from '../native';

/** Slot 0: the time of the last readClock(), monotonic seconds (arbitrary origin; differences only). */
export const CLOCK = new Float64Array(1);

let nativeNow: (() => void) | undefined;
try {
  const addon = loadAddon() as { clockAttach?: (a: Float64Array) => void; clockNow?: () => void };
  if (typeof addon.clockAttach === 'function' && typeof addon.clockNow === 'function') {
    addon.clockAttach(CLOCK);
    nativeNow = addon.clockNow;
  }
} catch {
  nativeNow = undefined; // no addon here: performance.now()
}

/** True when readClock() uses the native clock (no allocation). */
export const CLOCK_IS_NATIVE = nativeNow !== undefined;

const now = nativeNow;

/** Writes the current monotonic time (seconds) into CLOCK[0]. */
export function readClock(): void {
  if (now !== undefined) now();
  else CLOCK[0] = performance.now() / 1000;
}
