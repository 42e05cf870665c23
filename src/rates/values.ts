/**
 * The vocabulary every rate function shares: what an unknown kernel value looks like on the way in (`MaybeNumber`)
 * and on the way out (`NaN` from the numeric kernels, `null` from the object-level functions), and the options of
 * the object-level functions.
 */

/** A kernel value as the sampler exposes it: a number, or `null`/`undefined`/`NaN` when the kernel did not print it. */
export type MaybeNumber = number | null | undefined;

/** True when `v` is a finite number (not null, undefined, NaN or ±Infinity). */
export function isKnown(v: MaybeNumber): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** `v` as a number: `null` and `undefined` become `NaN` (unknown). */
export function num(v: MaybeNumber): number {
  return typeof v === 'number' ? v : NaN;
}

/** `v`, or `null` when it is not finite (the object-level functions' "unknown"). */
export function orNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Options of the object-level rate functions. */
export interface RateOptions {
  /** Shortest window in seconds; shorter windows give no value (default {@link DEFAULT_MIN_WINDOW_S}). */
  minWindowS?: number;
}

/**
 * Default shortest window, in seconds, over which a rate or a utilization is computed: 20 ms, two clock ticks at
 * the usual USER_HZ of 100. /proc/stat counts in ticks, so a shorter window measures the tick boundary, not the load.
 */
export const DEFAULT_MIN_WINDOW_S = 0.02;

/** The shortest window of `options`, in seconds. */
export function minWindowOf(options: RateOptions): number {
  return options.minWindowS ?? DEFAULT_MIN_WINDOW_S;
}
