/**
 * Summaries: an aggregator of named measurements. Each name holds a {@link Summary} (count, sum, min, max, mean and
 * the configured quantiles, relative-error bounded); `start(intervalMs)` exports them every interval to an optional
 * callback and, through `metricProducer()`, to any OpenTelemetry MetricReader as gauges `<name>.<statistic>`.
 *
 * Windows. `window: 'cumulative'` (default): every statistic covers everything since the series was created.
 * `window: 'interval'`: each export covers the values recorded since the previous export, and the summaries are
 * reset by it; the MetricProducer then serves the last completed interval.
 */
import type { HrTime } from '@opentelemetry/api';
import type { CollectionResult, MetricData, MetricProducer } from '@opentelemetry/sdk-metrics';
import { badOption } from '../errors';
import { defaultResource, packageVersion } from '../otel/resource';
import { hrNow } from '../otel/producer';
import { Summary, quantileList, sketchParams, type SketchParams, type SummaryOptions } from './sketch';
import { COUNT_UNIT, SUMMARY_STATS, checkSummaryName, quantileLabel } from './names';

// Numeric values of DataPointType.GAUGE, AggregationTemporality.CUMULATIVE and ValueType.DOUBLE (checked against
// the packages by test/summaries), so that this module needs the OpenTelemetry packages for types only.
const GAUGE = 2;
const CUMULATIVE = 1;
const DOUBLE = 1;

/** Which values an export covers (see the module notes). */
export type SummaryWindow = 'cumulative' | 'interval';

/** Options of `new Summaries()`. */
export interface SummariesOptions extends SummaryOptions {
  /** Quantiles every series reports, each in [0, 1] (default [0.5, 0.95, 0.99]). */
  quantiles?: readonly number[];
  /** 'cumulative' (default) or 'interval' (reset at every export). */
  window?: SummaryWindow;
  /**
   * Called with every periodic export. A callback that is still running (its promise not settled) when the next
   * export is due is not called again for that export (counted in `skippedCallbacks`): calls never overlap.
   */
  onExport?: (exported: SummaryExport) => void | Promise<void>;
  /** Receives errors thrown or rejected by `onExport` (default: process.emitWarning). Never throws into the timer. */
  onError?: (error: unknown) => void;
  /** Instrumentation scope name of the produced metrics (default 'procsampler'). */
  scopeName?: string;
}

/** Options of one series (`summaries.summary(name, options)`). */
export interface SeriesOptions {
  /** UCUM unit of the values (default '1'); the `.count` gauge has unit `{measurement}`. */
  unit?: string;
  /** Description used for the exported gauges. */
  description?: string;
}

/** The statistics of one series over one window. Unknown values (an empty window) are NaN. */
export interface SummaryStats {
  name: string;
  unit: string;
  /** Values recorded in the window. */
  count: number;
  /** Sum of the values (0 when empty). */
  sum: number;
  min: number;
  max: number;
  mean: number;
  /** Quantiles by label ('p50', 'p95', 'p99', ...), each within the relative accuracy of the exact one. */
  quantiles: Record<string, number>;
  /** Values rejected in the window (NaN, +-Infinity, negative). */
  rejected: number;
}

/** What one export hands to `onExport`. */
export interface SummaryExport {
  window: SummaryWindow;
  /** Window start and end, milliseconds since the Unix epoch. */
  startTime: number;
  endTime: number;
  series: SummaryStats[];
}

interface Series {
  name: string;
  unit: string;
  description: string;
  summary: Summary;
}

/** epoch milliseconds now (performance.timeOrigin + now: the clock hrNow() uses too). */
function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

function toHr(ms: number): HrTime {
  const s = Math.floor(ms / 1000);
  return [s, Math.min(999999999, Math.floor((ms - s * 1000) * 1e6))];
}

/**
 * An aggregator of named summaries with periodic export.
 *
 * @example
 * const summaries = new Summaries({ window: 'interval', onExport: (e) => log(e) });
 * const latency = summaries.summary('app.request.duration', { unit: 's' });
 * latency.record(0.012);
 * summaries.start(10_000);
 */
export class Summaries {
  readonly #params: SketchParams;
  readonly #quantiles: readonly number[];
  readonly #labels: readonly string[];
  readonly #window: SummaryWindow;
  readonly #onExport?: (exported: SummaryExport) => void | Promise<void>;
  readonly #onError: (error: unknown) => void;
  readonly #scope: { name: string; version: string };
  readonly #series = new Map<string, Series>();
  #timer: NodeJS.Timeout | undefined;
  #callbackRunning = false;
  #skipped = 0;
  #exports = 0;
  #windowStart = epochMs();
  /** The last interval export's MetricData (window 'interval'). */
  #lastData: MetricData[] = [];
  #quantileScratch: Float64Array;

  /** Throws PROCSAMPLER_BAD_OPTION for bad options. */
  constructor(options: SummariesOptions = {}) {
    if (options === null || typeof options !== 'object') badOption('Summaries options must be an object');
    this.#params = sketchParams(options);
    this.#quantiles = quantileList(options.quantiles);
    this.#labels = this.#quantiles.map(quantileLabel);
    const window = options.window ?? 'cumulative';
    if (window !== 'cumulative' && window !== 'interval') badOption(`window must be 'cumulative' or 'interval', got ${String(window)}`);
    this.#window = window;
    if (options.onExport !== undefined && typeof options.onExport !== 'function') badOption('onExport must be a function');
    if (options.onError !== undefined && typeof options.onError !== 'function') badOption('onError must be a function');
    this.#onExport = options.onExport;
    this.#onError = options.onError ?? ((error) => process.emitWarning(error instanceof Error ? error : new Error(String(error)), 'ProcsamplerSummaryExport'));
    this.#scope = { name: options.scopeName ?? 'procsampler', version: packageVersion() };
    this.#quantileScratch = new Float64Array(this.#quantiles.length);
  }

  /** The quantiles every series reports (sorted). */
  get quantiles(): readonly number[] {
    return this.#quantiles;
  }
  /** The window kind. */
  get window(): SummaryWindow {
    return this.#window;
  }
  /** Whether the export timer runs. */
  get started(): boolean {
    return this.#timer !== undefined;
  }
  /** Exports done (by the timer or exportNow()). */
  get exports(): number {
    return this.#exports;
  }
  /** Exports for which onExport was not called because its previous call had not settled. */
  get skippedCallbacks(): number {
    return this.#skipped;
  }

  /**
   * The summary named `name`, created on first use (keep it: `record()` on it skips the name lookup). Options
   * apply when the series is created. Throws PROCSAMPLER_BAD_OPTION for a name that is not an instrument name.
   */
  summary(name: string, options: SeriesOptions = {}): Summary {
    const existing = this.#series.get(name);
    if (existing) return existing.summary;
    checkSummaryName(name);
    const unit = options.unit ?? '1';
    if (typeof unit !== 'string') badOption('unit must be a string');
    const series: Series = {
      name,
      unit,
      description: options.description ?? `Summary of ${name}.`,
      summary: new Summary(this.#params),
    };
    this.#series.set(name, series);
    return series.summary;
  }

  /** Records `value` in the series `name` (created on first use). Returns false when the value was rejected. */
  record(name: string, value: number): boolean {
    const s = this.#series.get(name);
    return (s ? s.summary : this.summary(name)).record(value);
  }

  /** The names of the series, in creation order. */
  names(): string[] {
    return [...this.#series.keys()];
  }

  /** The current statistics of one series (of the window so far), or undefined for an unknown name. */
  stats(name: string): SummaryStats | undefined {
    const s = this.#series.get(name);
    return s ? this.#stats(s) : undefined;
  }

  /** Forgets every value of every series (the series stay defined). */
  reset(): void {
    for (const s of this.#series.values()) s.summary.reset();
    this.#windowStart = epochMs();
  }

  /**
   * Exports every `intervalMs` milliseconds (10 ms to 24 h) on an unref'd timer, which does not keep the process
   * alive. Calling it again changes the interval. Returns this.
   */
  start(intervalMs: number): this {
    if (typeof intervalMs !== 'number' || !Number.isInteger(intervalMs) || intervalMs < 10 || intervalMs > 86400000) {
      badOption(`intervalMs must be an integer from 10 to 86400000, got ${String(intervalMs)}`);
    }
    this.stop();
    this.#timer = setInterval(() => this.exportNow(), intervalMs);
    this.#timer.unref();
    return this;
  }

  /** Stops the timer (idempotent). Values and the last export stay. */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Exports now, as the timer does: computes every series' statistics, publishes them to the MetricProducer, calls
   * onExport (unless its previous call is still running) and, for window 'interval', resets the summaries.
   * Never throws: callback errors go to onError.
   */
  exportNow(): SummaryExport {
    const endTime = epochMs();
    const exported: SummaryExport = { window: this.#window, startTime: this.#windowStart, endTime, series: [] };
    for (const s of this.#series.values()) exported.series.push(this.#stats(s));
    if (this.#window === 'interval') {
      this.#lastData = this.#metricData(toHr(this.#windowStart), toHr(endTime));
      for (const s of this.#series.values()) s.summary.reset();
      this.#windowStart = endTime;
    }
    this.#exports++;
    const callback = this.#onExport;
    if (callback) {
      if (this.#callbackRunning) this.#skipped++;
      else this.#call(callback, exported);
    }
    return exported;
  }

  /**
   * A MetricProducer for a MetricReader (`new PeriodicExportingMetricReader({ metricProducers: [p] })`, or the
   * Prometheus exporter's `metricProducers`): every series as gauges `<name>.count`, `.sum`, `.min`, `.max`,
   * `.mean` and `.p50` ... (see names.ts). With window 'cumulative' a collect reads the current values; with
   * 'interval' it returns the last completed interval (nothing before the first export). Empty series are left out.
   */
  metricProducer(): MetricProducer {
    return {
      collect: (): Promise<CollectionResult> => {
        const data = this.#window === 'interval' ? this.#lastData : this.#metricData(toHr(this.#windowStart), hrNow([0, 0]) as HrTime);
        return Promise.resolve({
          resourceMetrics: { resource: defaultResource(), scopeMetrics: [{ scope: { ...this.#scope }, metrics: data }] },
          errors: [],
        });
      },
    };
  }

  #call(callback: (exported: SummaryExport) => void | Promise<void>, exported: SummaryExport): void {
    let result: void | Promise<void>;
    try {
      result = callback(exported);
    } catch (error) {
      this.#report(error);
      return;
    }
    if (result && typeof (result as Promise<void>).then === 'function') {
      this.#callbackRunning = true;
      (result as Promise<void>).then(
        () => {
          this.#callbackRunning = false;
        },
        (error: unknown) => {
          this.#callbackRunning = false;
          this.#report(error);
        },
      );
    }
  }

  #report(error: unknown): void {
    try {
      this.#onError(error);
    } catch {
      // an onError that throws has nowhere further to report to; the timer must go on
    }
  }

  #stats(s: Series): SummaryStats {
    const sum = s.summary;
    const q = this.#quantileScratch;
    sum.quantilesInto(this.#quantiles, q);
    const quantiles: Record<string, number> = {};
    for (let i = 0; i < this.#labels.length; i++) quantiles[this.#labels[i] as string] = q[i] as number;
    return { name: s.name, unit: s.unit, count: sum.count, sum: sum.sum, min: sum.min, max: sum.max, mean: sum.mean, quantiles, rejected: sum.rejected };
  }

  #metricData(startTime: HrTime, endTime: HrTime): MetricData[] {
    const out: MetricData[] = [];
    const q = this.#quantileScratch;
    for (const s of this.#series.values()) {
      const sum = s.summary;
      if (sum.count === 0) continue;
      sum.quantilesInto(this.#quantiles, q);
      const gauge = (stat: string, unit: string, value: number): void => {
        out.push({
          descriptor: { name: `${s.name}.${stat}`, description: s.description, unit, valueType: DOUBLE },
          aggregationTemporality: CUMULATIVE,
          dataPointType: GAUGE,
          dataPoints: [{ startTime, endTime, attributes: {}, value }],
        } as unknown as MetricData);
      };
      const values = [sum.count, sum.sum, sum.min, sum.max, sum.mean];
      for (let i = 0; i < SUMMARY_STATS.length; i++) {
        const stat = SUMMARY_STATS[i] as string;
        gauge(stat, stat === 'count' ? COUNT_UNIT : s.unit, values[i] as number);
      }
      for (let i = 0; i < this.#labels.length; i++) gauge(this.#labels[i] as string, s.unit, q[i] as number);
    }
    return out;
  }
}
