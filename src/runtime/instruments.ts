/**
 * RuntimeMetrics' OpenTelemetry instruments, built from its catalogue rows (src/otel/instruments.ts): one batch
 * observable callback for every observable row, and a Histogram instrument for the GC pause row, which the GC
 * observer or the native window's drain records into (see RuntimeMetrics).
 */
import type { Attributes, BatchObservableResult, HistogramInstrument, Meter, Observable } from '../peers';
import { createHistogram, createObservable } from '../otel/instruments';
import type { RuntimeWindow } from './native-runtime';
import type { RuntimeReadings, RuntimeSink } from './readings';

/** The instruments of one RuntimeMetrics on one meter. */
export class RuntimeInstruments implements RuntimeSink {
  /** The Histogram of the GC pause row, when the rows have one. */
  readonly histogram: HistogramInstrument | undefined;
  readonly #meter: Meter;
  /** The observable of each row, by position (undefined for the histogram row). */
  readonly #byRow: Array<Observable | undefined>;
  readonly #observables: Observable[];
  readonly #callback: (result: BatchObservableResult) => void;
  #result: BatchObservableResult | undefined;

  /**
   * Creates the instruments and registers the batch callback. `prepare` runs first in each callback (it reads the
   * core, drains the GC pauses and returns the current window), then the readings go to the observables.
   */
  constructor(meter: Meter, readings: RuntimeReadings, prepare: () => RuntimeWindow | undefined) {
    this.#meter = meter;
    let histogram: HistogramInstrument | undefined;
    this.#byRow = readings.rows.map((row) => {
      if (row.kind !== 'Histogram') return createObservable(meter, row);
      histogram = createHistogram(meter, row);
      return undefined;
    });
    this.histogram = histogram;
    this.#observables = this.#byRow.filter((o): o is Observable => o !== undefined);
    this.#callback = (result) => {
      const window = prepare();
      this.#result = result;
      readings.read(window, this);
      this.#result = undefined;
    };
    meter.addBatchObservableCallback(this.#callback, this.#observables);
  }

  point(row: number, attributes: Attributes, values: Float64Array, index: number): void {
    (this.#result as BatchObservableResult).observe(this.#byRow[row] as Observable, values[index] as number, attributes);
  }

  /** The GC row is a Histogram recorded as pauses are seen, not observed. */
  gc(): void {}

  /** Removes the batch callback. */
  remove(): void {
    this.#meter.removeBatchObservableCallback(this.#callback, this.#observables);
  }
}
