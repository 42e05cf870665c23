/**
 * The hot-path kernels: functions of plain numbers, or of numbers at offsets in a Float64Array, that allocate
 * nothing. The OpenTelemetry host model calls them on every collection; the object-level functions of this folder
 * are built on them.
 *
 * Unknown values are `NaN`: an input is unknown (`null`, `undefined`, `NaN`), a counter went down between the two
 * samples (a reset or a wrap: the delta of that interval is unknown, never negative), the window is shorter than
 * `minWindowS` (noise, not a measurement), or a denominator is 0. No clock of its own: the caller passes the
 * elapsed seconds from a monotonic clock (src/clock.ts).
 */
import { DEFAULT_MIN_WINDOW_S, num, type MaybeNumber } from './values';

/** The `cpu.mode` values emitted for `system.cpu.*`, in the order every Float64Array of mode values uses. */
export const CPU_MODES = ['user', 'nice', 'system', 'idle', 'iowait', 'interrupt', 'steal'] as const;
/** One of {@link CPU_MODES}. */
export type CpuMode = (typeof CPU_MODES)[number];
/** Number of emitted CPU modes (7): the stride of a mode vector. */
export const CPU_MODE_COUNT = CPU_MODES.length;

/**
 * Increase of a cumulative counter between two samples.
 * @returns `cur - prev` (>= 0), or `NaN` when either is unknown or the counter went down (a reset or a wrap).
 */
export function counterDelta(prev: MaybeNumber, cur: MaybeNumber): number {
  const p = num(prev);
  const c = num(cur);
  if (!Number.isFinite(p) || !Number.isFinite(c) || c < p) return NaN;
  return c - p;
}

/**
 * Per-second rate of a cumulative counter.
 * @param elapsedS seconds between the two samples, from a monotonic clock
 * @param minWindowS windows shorter than this (seconds) yield `NaN` (default {@link DEFAULT_MIN_WINDOW_S})
 * @returns units of the counter per second, or `NaN` (unknown input, reset, window too short)
 */
export function ratePerSecond(
  prev: MaybeNumber,
  cur: MaybeNumber,
  elapsedS: number,
  minWindowS: number = DEFAULT_MIN_WINDOW_S,
): number {
  if (!(elapsedS >= minWindowS) || !(elapsedS > 0)) return NaN;
  return counterDelta(prev, cur) / elapsedS;
}

/**
 * `part / whole` clamped to 0..1, for utilization gauges.
 * @returns a ratio in 0..1, or `NaN` when either is unknown or `whole` is not positive.
 */
export function utilization(part: MaybeNumber, whole: MaybeNumber): number {
  const p = num(part);
  const w = num(whole);
  if (!Number.isFinite(p) || !Number.isFinite(w) || !(w > 0)) return NaN;
  const r = p / w;
  return r < 0 ? 0 : r > 1 ? 1 : r;
}

/**
 * Folds the kernel's CPU columns into the seven emitted modes and writes them at `out[o .. o+7)` in
 * {@link CPU_MODES} order (seconds). `interrupt = irq + softirq` (unknown unless both are known). `guest` and
 * `guestNice` are not inputs: the kernel already counts them inside `user` and `nice`, so adding them double counts.
 */
export function foldCpuTimes(
  user: number,
  nice: number,
  system: number,
  idle: number,
  iowait: number,
  irq: number,
  softirq: number,
  steal: number,
  out: Float64Array,
  o: number,
): void {
  out[o] = user;
  out[o + 1] = nice;
  out[o + 2] = system;
  out[o + 3] = idle;
  out[o + 4] = iowait;
  out[o + 5] = irq + softirq;
  out[o + 6] = steal;
}

/**
 * CPU utilization per mode between two mode vectors (seconds, {@link CPU_MODES} order), written to
 * `out[oo .. oo+7)`.
 *
 * utilization(mode) = delta(mode) / sum of delta(all known modes). A mode unknown in either sample is left out of
 * both the numerator and the total (its output is `NaN`). A mode whose counter went down (the kernel documents that
 * `iowait`, and `idle` across CPU hotplug, can) contributes a delta of 0, so the outputs still sum to 1. When the sum
 * of the raw deltas is not positive (a reset of the whole line, all-zero lines as gVisor prints) or is below
 * `minTotalS`, every output is `NaN`.
 *
 * @param minTotalS smallest total CPU time delta (seconds) accepted: the caller passes about two clock ticks times
 *   the number of CPUs the vector covers (default {@link DEFAULT_MIN_WINDOW_S}, right for one CPU)
 * @returns true when values were written, false when every output is `NaN`
 */
export function cpuUtilizationInto(
  prev: ArrayLike<number>,
  po: number,
  cur: ArrayLike<number>,
  co: number,
  out: Float64Array,
  oo: number,
  minTotalS: number = DEFAULT_MIN_WINDOW_S,
): boolean {
  let raw = 0;
  let clamped = 0;
  let known = 0;
  for (let m = 0; m < CPU_MODE_COUNT; m++) {
    const p = prev[po + m] as number;
    const c = cur[co + m] as number;
    if (Number.isFinite(p) && Number.isFinite(c)) {
      const d = c - p;
      raw += d;
      clamped += d > 0 ? d : 0;
      known++;
    }
  }
  if (known === 0 || !(raw > 0) || !(clamped >= minTotalS) || !(clamped > 0)) {
    for (let m = 0; m < CPU_MODE_COUNT; m++) out[oo + m] = NaN;
    return false;
  }
  for (let m = 0; m < CPU_MODE_COUNT; m++) {
    const p = prev[po + m] as number;
    const c = cur[co + m] as number;
    if (Number.isFinite(p) && Number.isFinite(c)) {
      const d = c - p;
      const u = d > 0 ? d / clamped : 0;
      out[oo + m] = u > 1 ? 1 : u;
    } else {
      out[oo + m] = NaN;
    }
  }
  return true;
}

/**
 * Process CPU utilization over a window: CPU seconds used / (elapsed seconds x CPUs available to the process).
 * @param cpuDeltaS CPU seconds the process used in the window (user or system or both)
 * @param elapsedS window length in seconds from a monotonic clock
 * @param cpus CPUs available to the process (`os.availableParallelism()`)
 * @param minWindowS windows shorter than this yield `NaN`
 * @returns 0..1, or `NaN` when unknown, negative (a reset), the window is too short or `cpus` is not positive
 */
export function processCpuUtilization(
  cpuDeltaS: number,
  elapsedS: number,
  cpus: number,
  minWindowS: number = DEFAULT_MIN_WINDOW_S,
): number {
  if (!Number.isFinite(cpuDeltaS) || cpuDeltaS < 0) return NaN;
  if (!(elapsedS >= minWindowS) || !(elapsedS > 0) || !(cpus > 0)) return NaN;
  const u = cpuDeltaS / (elapsedS * cpus);
  return u > 1 ? 1 : u;
}
