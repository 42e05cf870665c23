/**
 * The producer machinery every MetricProducer path shares (host and process metrics, the runtime metrics, the
 * application families): MetricData built from catalogue rows, reused point objects, and two generations of them
 * used in turn.
 *
 * Allocation. A collect fills one generation: its MetricData and points are the ones that generation had two
 * collects ago, updated in place (values, times, attributes); nothing is allocated in the steady state. A result
 * therefore stays intact until the second collect after it, which covers the SDK's own use (a reader collects,
 * then its exporter serializes, before or interleaved with at most one other reader's collect). A consumer that
 * keeps results longer passes `reuse: false` and gets a fresh generation (fresh objects) on every collect.
 *
 * Number points and histogram points are created by different object literals, so that V8 keeps a number point's
 * `value` a double field, written in place without a HeapNumber. Callers pass a number as an array and an index
 * where the call may not be inlined (a double argument would be boxed).
 */
import type { Attributes, CollectionResult, DataPoint, HrTime, MetricData, ScopeMetrics } from '../peers';
import type { MetricRow } from './catalogue/row';
import { CUMULATIVE, DOUBLE, GAUGE, HISTOGRAM, INT, SUM } from './sdk-enums';

/** A number data point whose fields are overwritten on every collect (the SDK types declare them readonly). */
export interface NumberPoint {
  startTime: HrTime;
  endTime: HrTime;
  attributes: Attributes;
  value: number;
}

/** The value of a histogram point, filled in place. */
export interface HistogramValue {
  buckets: { boundaries: number[]; counts: number[] };
  sum: number;
  count: number;
  min: number;
  max: number;
}

/** A histogram data point whose fields are overwritten on every collect. */
export interface HistogramPoint {
  startTime: HrTime;
  endTime: HrTime;
  attributes: Attributes;
  value: HistogramValue;
}

/** A new, empty MetricData for a catalogue row: the one place a row becomes a descriptor and a point type. */
export function emptyMetricData(row: MetricRow): MetricData {
  const descriptor = Object.freeze({
    name: row.name,
    description: row.description,
    unit: row.unit,
    valueType: row.int ? INT : DOUBLE,
  });
  const base = { descriptor, aggregationTemporality: CUMULATIVE, dataPoints: [] as DataPoint<unknown>[] };
  if (row.kind === 'Histogram') return { ...base, dataPointType: HISTOGRAM } as unknown as MetricData;
  if (row.kind === 'Gauge') return { ...base, dataPointType: GAUGE } as unknown as MetricData;
  return { ...base, dataPointType: SUM, isMonotonic: row.kind === 'Counter' } as unknown as MetricData;
}

/** One metric of one generation: its MetricData and the points it reuses by position. */
export class MetricSlot {
  readonly data: MetricData;
  /** Points of earlier collects of this generation, reused by position. */
  readonly #pool: Array<NumberPoint | HistogramPoint> = [];
  /** Points filled in this collect. */
  filled = 0;

  constructor(row: MetricRow) {
    this.data = emptyMetricData(row);
  }

  /** Starts this collect's points (the previous ones stay in the pool). */
  reset(): void {
    this.filled = 0;
  }

  /**
   * Appends the next number point with these times and attributes and returns it; the caller sets `value`
   * (a reused point keeps its old value until then).
   */
  numberPoint(startTime: HrTime, endTime: HrTime, attributes: Attributes): NumberPoint {
    const j = this.filled;
    let p = this.#pool[j] as NumberPoint | undefined;
    if (p === undefined) {
      p = { startTime, endTime, attributes, value: NaN };
      this.#pool[j] = p;
    } else {
      p.startTime = startTime;
      p.endTime = endTime;
      p.attributes = attributes;
    }
    (this.data.dataPoints as unknown as NumberPoint[])[j] = p;
    this.filled = j + 1;
    return p;
  }

  /** Appends the next number point with the value `values[index]` (see the module notes on boxing). */
  number(startTime: HrTime, endTime: HrTime, attributes: Attributes, values: Float64Array, index: number): void {
    this.numberPoint(startTime, endTime, attributes).value = values[index] as number;
  }

  /**
   * Appends the next histogram point with this end time and returns it. A new point has `startTime`,
   * `attributes`, these boundaries and `bucketCount` zero counts; a reused one keeps its start time, attributes and
   * value as the caller left them, so the caller can tell whether it must refill them.
   */
  histogramPoint(
    startTime: HrTime,
    endTime: HrTime,
    attributes: Attributes,
    boundaries: readonly number[],
    bucketCount: number,
  ): HistogramPoint {
    const j = this.filled;
    let p = this.#pool[j] as HistogramPoint | undefined;
    if (p === undefined) {
      p = {
        startTime,
        endTime,
        attributes,
        value: {
          buckets: { boundaries: boundaries.slice(), counts: new Array<number>(bucketCount).fill(0) },
          sum: 0,
          count: 0,
          min: 0,
          max: 0,
        },
      };
      this.#pool[j] = p;
    }
    p.endTime = endTime;
    (this.data.dataPoints as unknown as HistogramPoint[])[j] = p;
    this.filled = j + 1;
    return p;
  }

  /** Ends this collect's points: trims the list (only when it changed: `length = 0` would free V8's store). */
  close(): boolean {
    const dps = this.data.dataPoints as unknown[];
    if (dps.length !== this.filled) dps.length = this.filled;
    return this.filled > 0;
  }
}

/** One generation: a slot per metric, the MetricData list of a collect, and its end time. */
export class Generation {
  readonly endTime: [number, number] = [0, 0];
  /** The MetricData of the collect, those with points, in the order emitted. */
  readonly out: MetricData[] = [];
  #count = 0;
  readonly #slots: MetricSlot[] = [];
  readonly #byName = new Map<string, MetricSlot>();

  /** Starts a collect: the output list is refilled from the start. */
  begin(): void {
    this.#count = 0;
  }

  /** The slot of the metric at position `i` of a fixed row list, emptied for this collect. */
  slotAt(i: number, row: MetricRow): MetricSlot {
    let s = this.#slots[i];
    if (s === undefined) {
      s = new MetricSlot(row);
      this.#slots[i] = s;
    }
    s.reset();
    return s;
  }

  /** The slot of the metric named by `row` (rows of several sources merge by name); not emptied here. */
  slotNamed(row: MetricRow): MetricSlot {
    let s = this.#byName.get(row.name);
    if (s === undefined) {
      s = new MetricSlot(row);
      this.#byName.set(row.name, s);
      this.#slots.push(s);
    }
    return s;
  }

  /** Every slot created by `slotNamed`, in creation order. */
  get slots(): readonly MetricSlot[] {
    return this.#slots;
  }

  /** Closes the slot and appends its MetricData to `out` when it has points. */
  emit(slot: MetricSlot): void {
    if (slot.close()) this.out[this.#count++] = slot.data;
  }

  /** Appends a MetricData made elsewhere (another producer's) to `out`. */
  push(data: MetricData): void {
    this.out[this.#count++] = data;
  }

  /** Ends the collect: trims `out` to what was emitted. */
  finish(): MetricData[] {
    if (this.out.length !== this.#count) this.out.length = this.#count;
    return this.out;
  }
}

/** A generation that is also a MetricProducer's CollectionResult (one scope, `out` as its metrics). */
export class ResultGeneration extends Generation {
  readonly result: CollectionResult;

  constructor(scope: { name: string; version: string }, resource: CollectionResult['resourceMetrics']['resource']) {
    super();
    const scopeMetrics: ScopeMetrics[] = [{ scope: { ...scope }, metrics: this.out }];
    this.result = { resourceMetrics: { resource, scopeMetrics }, errors: [] };
  }
}

/** Two generations of `G` used in turn, or a fresh one per collect when `reuse` is false. */
export class Generations<G> {
  readonly #make: () => G;
  readonly #reuse: boolean;
  #pair: [G, G] | undefined;
  #next = 0;

  constructor(make: () => G, reuse = true) {
    this.#make = make;
    this.#reuse = reuse;
  }

  /** The generation this collect fills. */
  next(): G {
    if (!this.#reuse) return this.#make();
    const pair = (this.#pair ??= [this.#make(), this.#make()]);
    const g = pair[this.#next] as G;
    this.#next ^= 1;
    return g;
  }
}

/** Writes the epoch time now into `t` as [seconds, nanoseconds]. */
export function hrNow(t: [number, number]): HrTime {
  const ms = performance.timeOrigin + performance.now();
  const s = Math.floor(ms / 1000);
  let ns = Math.floor((ms - s * 1000) * 1e6);
  if (ns >= 1e9) ns = 999999999;
  t[0] = s;
  t[1] = ns;
  return t;
}

/**
 * Attribute objects built once per key (a device, an interface, a heap space) and kept while the key is live:
 * `get()` returns the cached object or builds it; `sweep()` drops the keys not seen since the previous sweep.
 */
export class AttributeCache<K, V = Attributes> {
  readonly #map = new Map<K, V>();
  readonly #live = new Set<K>();
  readonly #make: (key: K) => V;

  constructor(make: (key: K) => V) {
    this.#make = make;
  }

  /** The value of `key`, built on first use; marks the key live for the next sweep. */
  get(key: K): V {
    let v = this.#map.get(key);
    if (v === undefined) {
      v = this.#make(key);
      this.#map.set(key, v);
    }
    this.#live.add(key);
    return v;
  }

  /** Whether `key` was marked live since the last sweep. */
  seen(key: K): boolean {
    return this.#live.has(key);
  }

  /** Drops the values of keys not got since the previous sweep. */
  sweep(): void {
    for (const k of this.#map.keys()) if (!this.#live.has(k)) this.#map.delete(k);
    this.#live.clear();
  }
}
