/**
 * The object-level functions apply one kernel to several fields of the same object: a utilization of each state
 * against one total, a per-second rate of each counter. These do it from a table of fields, so each function
 * names its fields once.
 */
import { ratePerSecond, utilization } from './kernels';
import { orNull, type MaybeNumber } from './values';

/**
 * Each state's value divided by `total`, clamped to 0..1 (`utilization()`), in the same keys; `null` where the
 * value is unknown or `total` is unknown or not positive.
 */
export function shareOf<K extends string>(usage: Readonly<Record<K, number | null>>, total: number): Record<K, number | null> {
  const out = {} as Record<K, number | null>;
  for (const k of Object.keys(usage) as K[]) out[k] = orNull(utilization(usage[k], total));
  return out;
}

/**
 * The per-second rate (`ratePerSecond()`) of counter `fields[k]` between `prev` and `cur`, for each output key `k`;
 * `null` where unknown (a missing field, a reset, a window shorter than `minWindowS`).
 */
export function ratesOf<O extends string, F extends string>(
  fields: Readonly<Record<O, F>>,
  prev: Readonly<Partial<Record<F, MaybeNumber>>>,
  cur: Readonly<Partial<Record<F, MaybeNumber>>>,
  elapsedS: number,
  minWindowS: number,
): Record<O, number | null> {
  const out = {} as Record<O, number | null>;
  for (const k of Object.keys(fields) as O[]) {
    const f = fields[k];
    out[k] = orNull(ratePerSecond(prev[f], cur[f], elapsedS, minWindowS));
  }
  return out;
}
