/**
 * The MetricProducer fast path: hands a MetricReader ready-made MetricData for the current sample, without the
 * SDK's instrument, attribute-hashing and aggregation machinery.
 *
 * Allocation: the two generations of metric-pool.ts (the MetricData, points, HrTime and result objects are reused
 * by the second collect after; values and timestamps are updated in place). A consumer that keeps results longer
 * (an InMemoryMetricExporter in a test, an exporter that queues and serializes later) must pass `{ reuse: false }`:
 * every collect then returns fresh objects (attribute objects are shared and never mutated either way).
 */
import type { Attributes, HrTime } from '../peers';
import type {
  CollectionResult,
  MetricData,
  MetricProducer,
  MetricCollectOptions,
  } from '../peers';
import type { Series } from './series';
import type { MetricDef } from './catalogue';

import { Generations, hrNow, ResultGeneration } from './metric-pool';

/** Options of `HostMetrics.metricProducer()`. */
export interface HostMetricProducerOptions {
  /**
   * Reuse preallocated objects between collects (default true; see the module notes): a result is valid until the
   * second collect after it. Pass false when results are kept longer.
   */
  reuse?: boolean;
}

/** What the producer needs from HostMetrics (internal). */
export interface ProducerHost {
  /** Brings the shared sample up to date (at most one sample per minimum interval). */
  refresh(): void;
  /** Metrics in catalogue order. */
  readonly metrics: readonly MetricDef[];
  readonly scope: { name: string; version: string };
  /** The Resource reported when the producer is used without a reader that supplies its own. */
  readonly resource: CollectionResult['resourceMetrics']['resource'];
  /** Epoch time of HostMetrics' start: the start of every cumulative series. */
  readonly startTime: HrTime;
}

/** The series view the producer reads (a UtilizationWindow's `series` and its `update()`). */
export interface ProducerWindow {
  readonly series: readonly Series[];
  update(): void;
}

/**
 * A MetricProducer of HostMetrics' host and process metrics. Obtain it from `hostMetrics.metricProducer()`; use one
 * producer per reader: each keeps its own utilization window (system.cpu.utilization and process.cpu.utilization
 * cover the time since that reader's previous collect). Sums are reported with CUMULATIVE temporality.
 */
export class HostMetricProducer implements MetricProducer {
  #host: ProducerHost;
  #window: ProducerWindow;
  #reuse: boolean;
  #generations: Generations<ResultGeneration>;
  #extra?: () => MetricData[];

  /**
   * @param extra more MetricData for the same scope on every collect (the runtime metrics); with `reuse: false`
   *   its points are copied
   */
  constructor(
    host: ProducerHost,
    window: ProducerWindow,
    options: HostMetricProducerOptions = {},
    extra?: () => MetricData[],
  ) {
    this.#host = host;
    this.#extra = extra;
    this.#window = window;
    this.#reuse = options.reuse ?? true;
    this.#generations = new Generations(() => new ResultGeneration(host.scope, host.resource), this.#reuse);
  }

  /** Collects the current sample (taking a new one if the last is older than the minimum interval). */
  collect(_options?: MetricCollectOptions): Promise<CollectionResult> {
    this.#host.refresh();
    this.#window.update();
    const g = this.#generations.next();
    g.begin();
    const end = hrNow(g.endTime);
    const start = this.#host.startTime;
    const metrics = this.#host.metrics;
    const series = this.#window.series;
    for (let k = 0; k < series.length; k++) {
      const s = series[k] as Series;
      const slot = g.slotAt(s.index, metrics[s.index] as MetricDef);
      const values = s.values;
      const attrs = s.attrs;
      for (let i = 0; i < s.count; i++) {
        if (values[i] !== values[i]) continue; // NaN: unknown, left out
        slot.number(start, end, attrs[i] as Attributes, values, i);
      }
      g.emit(slot);
    }
    const extra = this.#extra?.();
    if (extra) {
      for (let k = 0; k < extra.length; k++) {
        const md = extra[k] as MetricData;
        g.push(this.#reuse ? md : ({ ...md, dataPoints: md.dataPoints.map((p) => ({ ...p })) } as MetricData));
      }
    }
    g.finish();
    return Promise.resolve(g.result);
  }
}

export { hrNow };
