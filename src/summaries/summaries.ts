/**
 * Summaries: an aggregator of named measurements. Each name holds a {@link Summary} (count, sum, min, max, mean and
 * the configured quantiles, relative-error bounded); `start(intervalMs)` exports them every interval to an optional
 * callback and, through `metricProducer()`, to any OpenTelemetry MetricReader as gauges `<name>.<statistic>`.
 *
 * Windows. `window: 'cumulative'` (default): every statistic covers everything since the series was created.
 * `window: 'interval'`: each export covers the values recorded since the previous export, and the summaries are
 * reset by it; the MetricProducer then serves the last completed interval.
 */
import type { MetricProducer } from '../peers';
import { AppMetricProducer, type AppFeed, type AppMetricSource } from '../app/producer';
import { NumberSeries } from '../app/histogram';
import { appDef } from '../otel/catalogue';
import { badOption } from '../errors';
import { hrNow } from '../otel/producer';
import { Summary, quantileList, sketchParams, type SketchParams, type SummaryOptions } from './sketch';
import { COUNT_UNIT, SUMMARY_STATS, checkSummaryName, quantileLabel, type SummaryStat } from './names';

/** The family key of the summaries' catalogue rows. */
const GROUP = 'summaries';
const NO_ATTRIBUTES = Object.freeze({});

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
  /** The exported gauges' values: SUMMARY_STATS, then the quantiles (NaN = unknown, left out). */
  points: NumberSeries[];
}

/** epoch milliseconds now (performance.timeOrigin + now: the clock hrNow() uses too). */
function epochMs(): number {
  return performance.timeOrigin + performance.now();
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
export class Summaries implements AppMetricSource {
  readonly #params: SketchParams;
  readonly #quantiles: readonly number[];
  readonly #labels: readonly string[];
  readonly #window: SummaryWindow;
  readonly #onExport?: (exported: SummaryExport) => void | Promise<void>;
  readonly #onError: (error: unknown) => void;
  readonly #scope: { name: string };
  readonly #series = new Map<string, Series>();
  #timer: NodeJS.Timeout | undefined;
  #callbackRunning = false;
  #skipped = 0;
  #exports = 0;
  #windowStart = epochMs();
  #feeds: AppFeed[] = [];
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
    this.#scope = { name: options.scopeName ?? 'procsampler' };
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
    const description = options.description ?? `Summary of ${name}.`;
    const series: Series = { name, unit, description, summary: new Summary(this.#params), points: [] };
    const start = hrNow([0, 0]);
    const stats = [...SUMMARY_STATS, ...this.#labels];
    for (let i = 0; i < stats.length; i++) {
      const stat = stats[i] as string;
      const point = new NumberSeries(NO_ATTRIBUTES, start, NaN);
      series.points.push(point);
      this.#feeds.push({ def: appDef(`${name}.${stat}`, 'Gauge', stat === 'count' ? COUNT_UNIT : unit, false, GROUP, description), series: [point] });
    }
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
      for (const s of this.#series.values()) {
        this.#publish(s);
        s.summary.reset();
      }
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
   * 'interval' it returns the last completed interval (nothing before the first export). Unknown values (min, max,
   * mean and quantiles of an empty window) are left out. To serve summaries with the HTTP and pool metrics from one
   * producer, add this object (an AppMetricSource) to that AppMetricProducer instead.
   */
  metricProducer(): MetricProducer {
    return new AppMetricProducer([this], { name: this.#scope.name });
  }

  /** AppMetricSource: the gauges of every series, in creation order (appended to, never reordered). */
  get feeds(): readonly AppFeed[] {
    return this.#feeds;
  }

  /** AppMetricSource: brings the gauges up to date before a collect (window 'cumulative'; 'interval' publishes at export). */
  refresh(): void {
    if (this.#window !== 'cumulative') return;
    for (const s of this.#series.values()) this.#publish(s);
  }

  /** Writes a series' current statistics into its gauges. */
  #publish(s: Series): void {
    const sum = s.summary;
    const p = s.points;
    const q = this.#quantileScratch;
    sum.quantilesInto(this.#quantiles, q);
    for (let i = 0; i < SUMMARY_STATS.length; i++) (p[i] as NumberSeries).value = sum[SUMMARY_STATS[i] as SummaryStat];
    for (let i = 0; i < q.length; i++) (p[SUMMARY_STATS.length + i] as NumberSeries).value = q[i] as number;
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
}
