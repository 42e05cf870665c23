/**
 * Catalogue rows as OpenTelemetry instruments: the instrument path's one way to turn a row into an instrument
 * (the MetricProducer path's is metric-pool.ts `emptyMetricData`). Name, unit, description, value type and a
 * histogram's bucket advice come from the row.
 */
import type { HistogramInstrument, Meter, Observable } from '../peers';
import type { MetricRow } from './catalogue/row';
import { DOUBLE, INT } from './sdk-enums';

/** The observable instrument of a Counter, UpDownCounter or Gauge row. */
export function createObservable(meter: Meter, row: MetricRow): Observable {
  const options = { description: row.description, unit: row.unit, valueType: row.int ? INT : DOUBLE };
  if (row.kind === 'Counter') return meter.createObservableCounter(row.name, options);
  if (row.kind === 'UpDownCounter') return meter.createObservableUpDownCounter(row.name, options);
  if (row.kind === 'Gauge') return meter.createObservableGauge(row.name, options);
  throw new TypeError(`procsampler: ${row.name} is a ${row.kind}, not an observable row`);
}

/** The histogram instrument of a Histogram row, with its boundaries as advice. */
export function createHistogram(meter: Meter, row: MetricRow): HistogramInstrument {
  return meter.createHistogram(row.name, {
    description: row.description,
    unit: row.unit,
    valueType: row.int ? INT : DOUBLE,
    ...(row.boundaries ? { advice: { explicitBucketBoundaries: row.boundaries.slice() } } : {}),
  });
}
