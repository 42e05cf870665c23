/**
 * The MetricProducer of the application families: hands a MetricReader the series that the families aggregated
 * themselves (fixed-bucket histograms, counters, values read at collect time) as ready-made MetricData, without any
 * per-request SDK call and without the SDK's attribute hashing at collect time.
 *
 * Sources and feeds. A source (HttpServerMetrics, a pool monitor) lists feeds; a feed is one catalogue row and
 * its live list of series. Feeds of the same metric name from several sources are merged into one MetricData (two
 * pool monitors share `db.client.connection.count`). `refresh()` of every source runs first, so counts read at
 * collect time are current.
 *
 * Allocation, as in HostMetricProducer: the MetricData, point, histogram-value and result objects live in two
 * buffers used in turn; values are copied into them in place. A result stays intact until the second collect
 * after it. A consumer that keeps results longer (an InMemoryMetricExporter, an exporter that queues) passes
 * `{ reuse: false }` and gets fresh objects on every collect.
 */
import type { Attributes, HrTime } from '../peers';
import type {
  CollectionResult,
  MetricCollectOptions,
  MetricData,
  MetricProducer,
  ScopeMetrics,
} from '../peers';
import type { AppMetricDef } from '../otel/catalogue';
import { hrNow } from '../otel/producer';
import { defaultResource, packageVersion } from '../otel/resource';
import type { HistogramSeries, NumberSeries } from './histogram';

import { CUMULATIVE, DOUBLE, GAUGE, HISTOGRAM, INT, SUM } from '../otel/sdk-enums';

/** One metric of a source: its catalogue row and its series (HistogramSeries for a Histogram row). */
export interface AppFeed {
  readonly def: AppMetricDef;
  /** The series, in a stable order (appended to, never reordered). A point is exported for each series with data. */
  readonly series: ReadonlyArray<HistogramSeries | NumberSeries>;
}

/** What an AppMetricProducer collects from. */
export interface AppMetricSource {
  /**
   * Called at the start of every collect, before the feeds are read (read state that is sampled, such as a pool's
   * counts, here). An exception is reported in the collect's `errors` and the source's feeds are still read.
   */
  refresh?(): void;
  /** The source's enabled metrics. */
  readonly feeds: readonly AppFeed[];
}

/** Options of an AppMetricProducer. */
export interface AppMetricProducerOptions {
  /**
   * Reuse preallocated objects between collects (default true): a result is valid until the second collect after
   * it. Pass false when results are kept longer.
   */
  reuse?: boolean;
  /** Instrumentation scope name (default `procsampler`). */
  name?: string;
}

interface HistogramValue {
  buckets: { boundaries: number[]; counts: number[] };
  sum: number;
  count: number;
  min: number;
  max: number;
}

interface MutablePoint<T> {
  startTime: HrTime;
  endTime: HrTime;
  attributes: Attributes;
  value: T;
}

interface Entry {
  data: MetricData;
  histogram: boolean;
  /** Points of every collect of this buffer, reused by position. */
  pool: MutablePoint<unknown>[];
  filled: number;
}

interface Buffer {
  endTime: [number, number];
  byName: Map<string, Entry>;
  entries: Entry[];
  metrics: MetricData[];
  result: CollectionResult;
}

/**
 * A MetricProducer over application-family sources. Pass it to a reader
 * (`new PeriodicExportingMetricReader({ exporter, metricProducers: [producer] })`); use one producer per reader.
 * Histograms and sums are CUMULATIVE since each series' creation.
 */
export class AppMetricProducer implements MetricProducer {
  #sources: AppMetricSource[];
  #reuse: boolean;
  #scope: { name: string; version: string };
  #resource: CollectionResult['resourceMetrics']['resource'] | undefined;
  #buffers: [Buffer, Buffer] | undefined;
  #next = 0;

  constructor(sources: readonly AppMetricSource[] = [], options: AppMetricProducerOptions = {}) {
    this.#sources = [...sources];
    this.#reuse = options.reuse ?? true;
    this.#scope = { name: options.name || 'procsampler', version: packageVersion() };
  }

  /** Adds a source (no-op when it is already there). */
  add(source: AppMetricSource): void {
    if (!this.#sources.includes(source)) this.#sources.push(source);
  }

  /** Removes a source; its metrics disappear from the next collect. */
  remove(source: AppMetricSource): void {
    const i = this.#sources.indexOf(source);
    if (i >= 0) this.#sources.splice(i, 1);
  }

  #makeBuffer(): Buffer {
    const metrics: MetricData[] = [];
    const scopeMetrics: ScopeMetrics[] = [{ scope: { ...this.#scope }, metrics }];
    this.#resource ??= defaultResource();
    return {
      endTime: [0, 0],
      byName: new Map(),
      entries: [],
      metrics,
      result: { resourceMetrics: { resource: this.#resource, scopeMetrics }, errors: [] },
    };
  }

  #entry(buf: Buffer, def: AppMetricDef): Entry {
    let e = buf.byName.get(def.name);
    if (e === undefined) {
      const descriptor = Object.freeze({
        name: def.name,
        description: def.description,
        unit: def.unit,
        valueType: def.int ? INT : DOUBLE,
      });
      const base = { descriptor, aggregationTemporality: CUMULATIVE, dataPoints: [] as unknown[] };
      const histogram = def.kind === 'Histogram';
      const data = (
        histogram
          ? { ...base, dataPointType: HISTOGRAM }
          : def.kind === 'Gauge'
            ? { ...base, dataPointType: GAUGE }
            : { ...base, dataPointType: SUM, isMonotonic: def.kind === 'Counter' }
      ) as unknown as MetricData;
      e = { data, histogram, pool: [], filled: 0 };
      buf.byName.set(def.name, e);
      buf.entries.push(e);
    }
    return e;
  }

  /** Collects every source's series. Never throws: a source's refresh() error is in `errors`. */
  collect(_options?: MetricCollectOptions): Promise<CollectionResult> {
    let buf: Buffer;
    if (this.#reuse) {
      const buffers = (this.#buffers ??= [this.#makeBuffer(), this.#makeBuffer()]);
      buf = buffers[this.#next] as Buffer;
      this.#next ^= 1;
    } else {
      buf = this.#makeBuffer();
    }
    const errors = buf.result.errors as unknown[];
    if (errors.length !== 0) errors.length = 0;
    const end = hrNow(buf.endTime);
    const sources = this.#sources;
    for (let i = 0; i < sources.length; i++) {
      const s = sources[i] as AppMetricSource;
      if (s.refresh === undefined) continue;
      try {
        s.refresh();
      } catch (err) {
        errors.push(err);
      }
    }
    const entries = buf.entries;
    for (let i = 0; i < entries.length; i++) (entries[i] as Entry).filled = 0;
    for (let i = 0; i < sources.length; i++) {
      const feeds = (sources[i] as AppMetricSource).feeds;
      for (let f = 0; f < feeds.length; f++) {
        const feed = feeds[f] as AppFeed;
        const e = this.#entry(buf, feed.def);
        if (e.histogram) fillHistograms(e, feed.series as readonly HistogramSeries[], end);
        else fillNumbers(e, feed.series as readonly NumberSeries[], end);
      }
    }
    const out = buf.metrics;
    let m = 0;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i] as Entry;
      const dps = e.data.dataPoints as unknown[];
      if (dps.length !== e.filled) dps.length = e.filled;
      if (e.filled > 0) out[m++] = e.data;
    }
    if (out.length !== m) out.length = m;
    return Promise.resolve(buf.result);
  }
}

function fillHistograms(e: Entry, series: readonly HistogramSeries[], end: HrTime): void {
  const pool = e.pool as MutablePoint<HistogramValue>[];
  const dps = e.data.dataPoints as unknown as MutablePoint<HistogramValue>[];
  for (let i = 0; i < series.length; i++) {
    const s = series[i] as HistogramSeries;
    const count = s.count;
    if (count === 0) continue;
    const j = e.filled;
    let p = pool[j];
    if (p === undefined) {
      p = {
        startTime: s.startTime,
        endTime: end,
        attributes: s.attributes,
        value: {
          buckets: { boundaries: s.boundaries as number[], counts: new Array<number>(s.bucketCount).fill(0) },
          sum: 0,
          count: 0,
          min: 0,
          max: 0,
        },
      };
      pool[j] = p;
    }
    p.endTime = end;
    const v = p.value;
    dps[j] = p;
    e.filled = j + 1;
    // The same series with the same count as when this point was last filled: nothing was recorded since, so
    // buckets, sum, min and max are still right (a record always increments the count). Idle series, most of
    // them between two collects, cost a comparison.
    if (p.attributes === s.attributes && v.count === count) continue;
    p.startTime = s.startTime;
    p.attributes = s.attributes;
    const counts = v.buckets.counts;
    if (counts.length !== s.bucketCount) counts.length = s.bucketCount;
    v.buckets.boundaries = s.boundaries as number[];
    s.copyCounts(counts);
    v.count = count;
    v.sum = s.sum;
    v.min = s.min;
    v.max = s.max;
  }
}

function fillNumbers(e: Entry, series: readonly NumberSeries[], end: HrTime): void {
  const pool = e.pool as MutablePoint<number>[];
  const dps = e.data.dataPoints as unknown as MutablePoint<number>[];
  for (let i = 0; i < series.length; i++) {
    const s = series[i] as NumberSeries;
    const v = s.value;
    if (v !== v) continue; // NaN: unknown, left out
    const j = e.filled;
    let p = pool[j];
    if (p === undefined) {
      p = { startTime: s.startTime, endTime: end, attributes: s.attributes, value: v };
      pool[j] = p;
    }
    p.startTime = s.startTime;
    p.endTime = end;
    p.attributes = s.attributes;
    p.value = v;
    dps[j] = p;
    e.filled = j + 1;
  }
}
