/** Shared helpers of the per-source snapshot builders. */
import type { Table } from '../table';
import { TABLE_STATUS, type EntryField, type ScalarField, type TableName } from '../layout';

/** NaN (absent) becomes null; numbers pass through. */
export function orNull(v: number): number | null {
  return v !== v ? null : v;
}

/**
 * True when the table holds values: read (0), read with skipped lines (MALFORMED), with more entries than fit
 * (OVERFLOW) or, for a table fed by several files, with some of them read (PARTIAL: the others' values are
 * NaN). An absent source (-errno), NOT_SAMPLED, NOT_SELECTED, TOO_LARGE, CLOSED and DETACHED hold none.
 */
export function hasValues<T extends { status(): number }>(t: T | undefined): t is T {
  if (t === undefined) return false;
  const s = t.status();
  return s === TABLE_STATUS.OK || s === TABLE_STATUS.MALFORMED || s === TABLE_STATUS.OVERFLOW || s === TABLE_STATUS.PARTIAL;
}

/** The named scalars of a table as an object, NaN as null. */
export function pickScalars<N extends TableName, K extends ScalarField<N>>(t: Table<N>, keys: readonly K[]): Record<K, number | null> {
  const out = {} as Record<K, number | null>;
  for (const k of keys) out[k] = orNull(t.scalarValue(k));
  return out;
}

/** Entry i's named fields as an object, NaN as null. */
export function pickEntry<N extends TableName, K extends EntryField<N>>(t: Table<N>, i: number, keys: readonly K[]): Record<K, number | null> {
  const out = {} as Record<K, number | null>;
  for (const k of keys) out[k] = orNull(t.entryValue(i, k));
  return out;
}
