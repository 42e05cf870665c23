/**
 * Reading a TableLike by field name, for the host metric groups: an index or offset resolved per sample, NaN for a
 * field this source does not have (a typo does not compile: the names are the layout's).
 */
import type { TableLike } from '../value-source';
import type { EntryField, ScalarField, TableName } from '../../layout';
import type { Attributes } from '../../peers';
import type { Series } from '../series';
import type { AttributeCache } from '../metric-pool';

/** The index of scalar `name` of table `t`, -1 when this source does not have it. */
export function idx<N extends TableName>(t: TableLike<N>, name: ScalarField<N>): number {
  const i: number | undefined = t.scalar[name];
  return i === undefined ? -1 : i;
}

/** The offset of entry field `name` of table `t`, -1 when this source does not have it. */
export function off<N extends TableName>(t: TableLike<N>, name: EntryField<N>): number {
  const i: number | undefined = t.entryField[name];
  return i === undefined ? -1 : i;
}

/** a[i], NaN when the field does not exist in this source (i < 0). */
export function at(a: Float64Array, i: number): number {
  return i < 0 ? NaN : (a[i] as number);
}

/** a[b + o], NaN when the entry field does not exist in this source (o < 0). */
export function entryValue(a: Float64Array, b: number, o: number): number {
  return o < 0 ? NaN : (a[b + o] as number);
}

/** Sets value i of an enabled series (no-op for a disabled one). */
export function put(s: Series | undefined, i: number, v: number): void {
  if (s) s.values[i] = v;
}

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** The model's series of an enabled metric by name, or undefined. */
export type SeriesByName = (name: string) => Series | undefined;

/** The model's constructor of a fixed-shape series: sets its attribute list (values unknown); undefined when off. */
export type FixedSeries = (name: string, attrs: readonly Attributes[]) => Series | undefined;

/**
 * The entries of a table to report, by name, in table order: each name `key` accepts (a filter), once (a name
 * listed twice keeps its first entry), with its cached attribute value (built on first sight, dropped from the
 * cache when the name is gone). Called when the table's generation changes.
 */
export function bindEntries<V>(
  t: TableLike,
  accept: (name: string) => boolean,
  cache: AttributeCache<string, V>,
): { entries: Int32Array; list: V[] } {
  const names = t.names();
  const n = Math.min(t.count(), names.length);
  const entries: number[] = [];
  const list: V[] = [];
  for (let i = 0; i < n; i++) {
    const name = names[i] as string;
    if (!accept(name) || cache.seen(name)) continue;
    entries.push(i);
    list.push(cache.get(name));
  }
  cache.sweep();
  return { entries: Int32Array.from(entries), list };
}

/** The offsets of entry fields `names` of table `t` (-1 for a field this source lacks), resolved once. */
export function offsets<N extends TableName>(t: TableLike<N>, names: readonly EntryField<N>[]): Int32Array {
  return Int32Array.from(names, (name) => off(t, name));
}

/** A per-entry metric: its series and the entry fields of its points per entry (e.g. read and write). */
export interface EntryMetric {
  readonly series: Series | undefined;
  /** Offsets of the fields, one per point of an entry (offsets()); -1 gives NaN. */
  offsets: Int32Array;
}

/** Copies each entry's fields into the series: point k * d + j of a metric with k fields is field j of entry d. */
export function fillEntries(t: TableLike, entries: Int32Array, metrics: readonly EntryMetric[]): void {
  const a = t.array;
  const st = t.stride;
  const base = t.entryBase;
  for (let m = 0; m < metrics.length; m++) {
    const metric = metrics[m] as EntryMetric;
    const s = metric.series;
    if (!s) continue;
    const o = metric.offsets;
    const k = o.length;
    const v = s.values;
    for (let d = 0; d < entries.length; d++) {
      const b = base + (entries[d] as number) * st;
      for (let j = 0; j < k; j++) v[k * d + j] = entryValue(a, b, o[j] as number);
    }
  }
}
