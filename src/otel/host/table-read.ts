/**
 * Reading a TableLike by field name, for the host metric groups: an index or offset resolved per sample, NaN for a
 * field this source does not have (a typo does not compile: the names are the layout's).
 */
import type { TableLike } from '../value-source';
import type { EntryField, ScalarField, TableName } from '../../layout';
import type { Attributes } from '../../peers';
import type { Series } from '../series';

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
