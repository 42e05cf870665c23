/**
 * The MetricProducer fast path: hands a MetricReader ready-made MetricData for the current sample, without the
 * SDK's instrument, attribute-hashing and aggregation machinery.
 *
 * Allocation. The MetricData, DataPoint, HrTime and result objects are preallocated in two buffers and the buffers
 * alternate between collects; values and timestamps are updated in place. A result therefore stays intact until the
 * second collect after it, which covers the SDK's own use (a reader collects, then its exporter serializes, before or
 * interleaved with at most one other reader's collect). A consumer that keeps results longer (an
 * InMemoryMetricExporter in a test, an exporter that queues and serializes later) must pass `{ reuse: false }`:
 * every collect then returns fresh DataPoint objects (attribute objects are shared and never mutated either way).
 */
import type { Attributes, HrTime } from '../peers';
import type {
  CollectionResult,
  DataPoint,
  MetricData,
  MetricProducer,
  MetricCollectOptions,
  ScopeMetrics,
} from '../peers';
import type { Series } from './series';
import type { MetricDef } from './catalogue';

import { CUMULATIVE, DOUBLE, GAUGE, INT, SUM } from './sdk-enums';

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

interface MutablePoint {
  startTime: HrTime;
  endTime: HrTime;
  attributes: Attributes;
  value: number;
}

interface Buffer {
  endTime: [number, number];
  data: MetricData[];
  pools: MutablePoint[][];
  metrics: MetricData[];
  result: CollectionResult;
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
 * A MetricProducer of HostMetrics' host and process metrics. Obtain it from `hostMetrics.metricProducer()`; use one
 * producer per reader: each keeps its own utilization window (system.cpu.utilization and process.cpu.utilization
 * cover the time since that reader's previous collect). Sums are reported with CUMULATIVE temporality.
 */
export class HostMetricProducer implements MetricProducer {
  #host: ProducerHost;
  #window: ProducerWindow;
  #reuse: boolean;
  #buffers: [Buffer, Buffer];
  #next = 0;
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
    this.#buffers = [this.#makeBuffer(), this.#makeBuffer()];
  }

  #makeBuffer(): Buffer {
    const data = this.#host.metrics.map((d) => {
      const descriptor = Object.freeze({
        name: d.name,
        description: d.description,
        unit: d.unit,
        valueType: d.int ? INT : DOUBLE,
      });
      const base = { descriptor, aggregationTemporality: CUMULATIVE, dataPoints: [] as DataPoint<number>[] };
      return (
        d.kind === 'Gauge'
          ? { ...base, dataPointType: GAUGE }
          : { ...base, dataPointType: SUM, isMonotonic: d.kind === 'Counter' }
      ) as MetricData;
    });
    const metrics: MetricData[] = [];
    const scopeMetrics: ScopeMetrics[] = [{ scope: { ...this.#host.scope }, metrics }];
    return {
      endTime: [0, 0],
      data,
      pools: data.map(() => []),
      metrics,
      result: { resourceMetrics: { resource: this.#host.resource, scopeMetrics }, errors: [] },
    };
  }

  /** Collects the current sample (taking a new one if the last is older than the minimum interval). */
  collect(_options?: MetricCollectOptions): Promise<CollectionResult> {
    this.#host.refresh();
    this.#window.update();
    const buf = this.#reuse ? (this.#buffers[this.#next] as Buffer) : this.#makeBuffer();
    this.#next ^= 1;
    const end = hrNow(buf.endTime);
    const start = this.#host.startTime;
    const series = this.#window.series;
    const out = buf.metrics;
    let m = 0;
    for (let k = 0; k < series.length; k++) {
      const s = series[k] as Series;
      const md = buf.data[s.index] as MetricData;
      const pool = buf.pools[s.index] as MutablePoint[];
      const dps = md.dataPoints as unknown as MutablePoint[];
      const values = s.values;
      const attrs = s.attrs;
      let j = 0;
      for (let i = 0; i < s.count; i++) {
        const v = values[i] as number;
        if (v !== v) continue; // NaN: unknown, left out
        let p = pool[j];
        if (p === undefined) {
          p = { startTime: start, endTime: end, attributes: attrs[i] as Attributes, value: v };
          pool[j] = p;
        } else {
          p.attributes = attrs[i] as Attributes;
          p.value = v;
        }
        dps[j] = p;
        j++;
      }
      if (dps.length !== j) dps.length = j;
      if (j > 0) out[m++] = md;
    }
    const extra = this.#extra?.();
    if (extra) {
      for (let k = 0; k < extra.length; k++) {
        const md = extra[k] as MetricData;
        out[m++] = this.#reuse ? md : ({ ...md, dataPoints: md.dataPoints.map((p) => ({ ...p })) } as MetricData);
      }
    }
    if (out.length !== m) out.length = m;
    return Promise.resolve(buf.result);
  }
}
