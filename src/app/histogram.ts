/**
 * A fixed-bucket histogram of one series, aggregated in place: what the application families (HTTP server, database
 * pools) record per event instead of calling an SDK `Histogram.record()` with an attributes object.
 *
 * Buckets follow OpenTelemetry's explicit-bucket histogram: with boundaries b[0] < ... < b[n-1], bucket i counts
 * values v with b[i-1] < v <= b[i]; bucket 0 is v <= b[0], bucket n is v > b[n-1]. Everything lives in one
 * Float64Array allocated when the series is created, so `record()` writes unboxed doubles and allocates nothing:
 * count, sum, min, max, a copy of the boundaries (the search compares unboxed doubles next to the counts it
 * updates, rather than the HeapNumbers of a frozen array elsewhere in the heap), then the bucket counts.
 */
import type { Attributes, HrTime } from '../peers';

// Offsets in #data; the bucket counts follow.
const COUNT = 0;
const SUM = 1;
const MIN = 2;
const MAX = 3;
/** Where the boundaries' copy starts; the bucket counts follow it. */
const BOUNDS = 4;

/** record()'s argument on its way to recordAt() (one module-level cell: JS runs one call at a time). */
const ONE = new Float64Array(1);

/** One histogram series: frozen attributes built once, start time, counts, sum, min and max. */
export class HistogramSeries {
  /** The series' attributes (frozen; shared by every point exported for it). */
  readonly attributes: Attributes;
  /** When the series was created (the start of its cumulative data points), epoch [s, ns]. */
  readonly startTime: HrTime;
  /** The explicit bucket boundaries (ascending; shared, never mutated). */
  readonly boundaries: readonly number[];
  readonly #data: Float64Array;
  /** Number of boundaries (the last bucket's index). */
  readonly #last: number;
  /** Offset of bucket 0 in #data. */
  readonly #head: number;

  constructor(attributes: Attributes, boundaries: readonly number[], startTime: HrTime) {
    this.attributes = attributes;
    this.boundaries = boundaries;
    this.startTime = startTime;
    const n = boundaries.length;
    const d = new Float64Array(BOUNDS + n + n + 1);
    d[MIN] = Infinity;
    d[MAX] = -Infinity;
    for (let i = 0; i < n; i++) d[BOUNDS + i] = boundaries[i] as number;
    this.#data = d;
    this.#last = n;
    this.#head = BOUNDS + n;
  }

  /**
   * Adds one value. The caller validates it: a NaN or infinite value would poison sum/min/max (the recorders
   * drop those and count the drop).
   */
  record(v: number): void {
    ONE[0] = v;
    this.recordAt(ONE, 0);
  }

  /**
   * Adds `values[index]` (validated by the caller). The value is passed as an array and index rather than as a
   * number: a double argument to a call V8 does not inline is boxed in a fresh heap number.
   */
  recordAt(values: Float64Array, index: number): void {
    const v = values[index] as number;
    const d = this.#data;
    let i = BOUNDS;
    const end = this.#head;
    while (i < end && v > (d[i] as number)) i++;
    i += this.#last; // from the boundary's slot to its bucket's
    d[i] = (d[i] as number) + 1;
    d[COUNT] = (d[COUNT] as number) + 1;
    d[SUM] = (d[SUM] as number) + v;
    if (v < (d[MIN] as number)) d[MIN] = v;
    if (v > (d[MAX] as number)) d[MAX] = v;
  }

  /** Values recorded since the series was created. */
  get count(): number {
    return this.#data[COUNT] as number;
  }
  /** Sum of the values recorded (unit of the metric). */
  get sum(): number {
    return this.#data[SUM] as number;
  }
  /** Smallest value recorded; Infinity while count is 0. */
  get min(): number {
    return this.#data[MIN] as number;
  }
  /** Largest value recorded; -Infinity while count is 0. */
  get max(): number {
    return this.#data[MAX] as number;
  }
  /** Number of buckets (boundaries + 1). */
  get bucketCount(): number {
    return this.#last + 1;
  }
  /** Count of bucket i (0 <= i < bucketCount). */
  bucket(i: number): number {
    return this.#data[this.#head + i] as number;
  }
  /** Copies the bucket counts into `out` (length bucketCount), for an exported point. */
  copyCounts(out: number[]): void {
    const d = this.#data;
    const head = this.#head;
    for (let i = 0; i <= this.#last; i++) out[i] = d[head + i] as number;
  }
}

/** One number series (a counter, up-down counter or gauge): frozen attributes and the current value. */
export class NumberSeries {
  readonly attributes: Attributes;
  /** When the series was created (the start of its cumulative data points), epoch [s, ns]. */
  readonly startTime: HrTime;
  /** The current value; NaN means unknown, and the point is left out of the collect. */
  value: number;

  constructor(attributes: Attributes, startTime: HrTime, value = 0) {
    this.attributes = attributes;
    this.startTime = startTime;
    this.value = value;
  }
}

/** Checks explicit bucket boundaries: finite, strictly ascending, at least one. Returns a frozen copy, or null. */
export function checkBoundaries(b: readonly number[]): readonly number[] | null {
  if (!Array.isArray(b) || b.length === 0) return null;
  for (let i = 0; i < b.length; i++) {
    const v = b[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) return null;
    if (i > 0 && v <= (b[i - 1] as number)) return null;
  }
  return Object.freeze(b.slice());
}
