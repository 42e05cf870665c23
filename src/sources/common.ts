/** Shared helpers of the per-source snapshot builders. */
import type { TableReader } from '../table';
import { TABLE_STATUS, entryNames, type EntryField, type ScalarField, type TableName } from '../layout';

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
export function pickScalars<N extends TableName, K extends ScalarField<N>>(t: TableReader<N>, keys: readonly K[]): Record<K, number | null> {
  const out = {} as Record<K, number | null>;
  for (const k of keys) out[k] = orNull(t.scalarValue(k));
  return out;
}

/** Entry i's named fields as an object, NaN as null. */
export function pickEntry<N extends TableName, K extends EntryField<N>>(t: TableReader<N>, i: number, keys: readonly K[]): Record<K, number | null> {
  return pickEntryInto(t, i, keys, {});
}

/**
 * Entry i's named fields, NaN as null, written into `out` (after the keys it has) and returned: one object per
 * entry, where spreading a pickEntry() into a literal would make two.
 */
export function pickEntryInto<N extends TableName, K extends EntryField<N>, O extends object>(
  t: TableReader<N>,
  i: number,
  keys: readonly K[],
  out: O,
): O & Record<K, number | null> {
  const o = out as O & Record<K, number | null>;
  for (const k of keys) (o as Record<K, number | null>)[k] = orNull(t.entryValue(i, k));
  return o;
}

/** The entry fields of table `name` but `omit`, in slot order: the ones a snapshot entry gives as number-or-null. */
export function entryValueNames<N extends TableName, O extends EntryField<N>>(name: N, omit: readonly O[]): readonly Exclude<EntryField<N>, O>[] {
  const skip = new Set<string>(omit);
  return entryNames(name).filter((f): f is Exclude<EntryField<N>, O> => !skip.has(f));
}

/** One object per entry of `t`, from `each(i, name)`; `name` is the entry's name, `''` when the table has none for it. */
export function mapEntries<N extends TableName, T>(t: TableReader<N>, each: (i: number, name: string) => T): T[] {
  const names = t.names();
  const n = t.count();
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(each(i, names[i] ?? ''));
  return out;
}
