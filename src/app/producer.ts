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
 * Allocation, as in HostMetricProducer: the two generations of src/otel/metric-pool.ts (MetricData, points,
 * histogram values and the result reused by the second collect after; values copied in place). A consumer that
 * keeps results longer (an InMemoryMetricExporter, an exporter that queues) passes `{ reuse: false }` and gets
 * fresh objects on every collect.
 */
import type { HrTime } from '../peers';
import type { CollectionResult, MetricCollectOptions, MetricProducer } from '../peers';
import type { AppMetricDef } from '../otel/catalogue';
import { Generations, hrNow, ResultGeneration, type MetricSlot } from '../otel/metric-pool';
import { defaultResource, packageVersion } from '../otel/resource';
import type { HistogramSeries, NumberSeries } from './histogram';


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

/**
 * A MetricProducer over application-family sources. Pass it to a reader
 * (`new PeriodicExportingMetricReader({ exporter, metricProducers: [producer] })`); use one producer per reader.
 * Histograms and sums are CUMULATIVE since each series' creation.
 */
export class AppMetricProducer implements MetricProducer {
  #sources: AppMetricSource[];
  #scope: { name: string; version: string };
  #generations: Generations<ResultGeneration>;

  constructor(sources: readonly AppMetricSource[] = [], options: AppMetricProducerOptions = {}) {
    this.#sources = [...sources];
    this.#scope = { name: options.name || 'procsampler', version: packageVersion() };
    let resource: CollectionResult['resourceMetrics']['resource'] | undefined;
    this.#generations = new Generations(() => new ResultGeneration(this.#scope, (resource ??= defaultResource())), options.reuse ?? true);
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

  /** Collects every source's series. Never throws: a source's refresh() error is in `errors`. */
  collect(_options?: MetricCollectOptions): Promise<CollectionResult> {
    const g = this.#generations.next();
    g.begin();
    const errors = g.result.errors as unknown[];
    if (errors.length !== 0) errors.length = 0;
    const end = hrNow(g.endTime);
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
    const slots = g.slots;
    for (let i = 0; i < slots.length; i++) (slots[i] as MetricSlot).reset();
    for (let i = 0; i < sources.length; i++) {
      const feeds = (sources[i] as AppMetricSource).feeds;
      for (let f = 0; f < feeds.length; f++) {
        const feed = feeds[f] as AppFeed;
        // Feeds of the same name (two pool monitors) merge into one MetricData.
        const slot = g.slotNamed(feed.def);
        if (feed.def.kind === 'Histogram') fillHistograms(slot, feed.series as readonly HistogramSeries[], end);
        else fillNumbers(slot, feed.series as readonly NumberSeries[], end);
      }
    }
    for (let i = 0; i < slots.length; i++) g.emit(slots[i] as MetricSlot);
    g.finish();
    return Promise.resolve(g.result);
  }
}

function fillHistograms(slot: MetricSlot, series: readonly HistogramSeries[], end: HrTime): void {
  for (let i = 0; i < series.length; i++) {
    const s = series[i] as HistogramSeries;
    const count = s.count;
    if (count === 0) continue;
    const p = slot.histogramPoint(s.startTime, end, s.attributes, s.boundaries, s.bucketCount);
    const v = p.value;
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

function fillNumbers(slot: MetricSlot, series: readonly NumberSeries[], end: HrTime): void {
  for (let i = 0; i < series.length; i++) {
    const s = series[i] as NumberSeries;
    const v = s.value;
    if (v !== v) continue; // NaN: unknown, left out
    slot.numberPoint(s.startTime, end, s.attributes).value = v;
  }
}
