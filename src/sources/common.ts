/** Shared helpers of the per-source snapshot builders. */
import type { Table } from '../table';

/** NaN (absent) becomes null; numbers pass through. */
export function orNull(v: number): number | null {
  return v !== v ? null : v;
}

/**
 * True when the table holds values: read (0), read with skipped lines (MALFORMED) or with more entries than fit
 * (OVERFLOW). An absent source (-errno), NOT_SAMPLED, NOT_SELECTED and TOO_LARGE hold none.
 */
export function hasValues<T extends { status(): number }>(t: T | undefined): t is T {
  if (t === undefined) return false;
  const s = t.status();
  return s === 0 || s === 1 || s === 2;
}

/** The named scalars of a table as an object, NaN as null. */
export function pickScalars<K extends string>(t: Table, keys: readonly K[]): Record<K, number | null> {
  const out = {} as Record<K, number | null>;
  for (const k of keys) out[k] = orNull(t.scalarValue(k));
  return out;
}

/** Entry i's named fields as an object, NaN as null. */
export function pickEntry<K extends string>(t: Table, i: number, keys: readonly K[]): Record<K, number | null> {
  const out = {} as Record<K, number | null>;
  for (const k of keys) out[k] = orNull(t.entryValue(i, k));
  return out;
}
