/**
 * The values of one metric for one sample, as the host model fills them and both export paths read them (the
 * instrument callbacks and the MetricProducer), with the one way to give a series a new attribute list.
 */
import type { Attributes } from '../peers';
import type { MetricDef } from './catalogue';

/** The values of one metric for one sample. Entries `[0, count)` are valid; NaN values are not emitted. */
export interface Series {
  readonly def: MetricDef;
  /** Position of the metric in `HostModel.metrics` (model.ts). */
  readonly index: number;
  attrs: Attributes[];
  values: Float64Array;
  count: number;
}

/** Gives a series a new attribute list (values unknown until filled). */
export function resize(s: Series, attrs: Attributes[]): void {
  s.attrs = attrs;
  if (s.values.length < attrs.length) s.values = new Float64Array(attrs.length);
  s.values.fill(NaN);
  s.count = attrs.length;
}
