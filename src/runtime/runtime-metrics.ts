/**
 * RuntimeMetrics: Node.js event loop, libuv, V8 heap and GC metrics of the calling thread, as a plain snapshot
 * (snapshot.ts), as OpenTelemetry instruments (instruments.ts: one batch observable callback plus the
 * v8js.gc.duration histogram), and as ready-made MetricData for a MetricProducer (metric-data.ts). The rows and
 * where their values come from are the catalogue's (src/otel/catalogue/runtime.ts; readings.ts reads them).
 * This file holds the lifecycle: options, start, shutdown, the window and the GC tracking.
 */
import type { MeterProvider, MetricData, HrTime } from '../peers';
import { performance } from 'perf_hooks';
import { badValue, checkKeys } from '../errors';
import { requirePeer } from '../peers';
import { RUNTIME_ROWS, type RuntimeRow } from '../otel/catalogue/runtime';
import { warnIfDuplicateRuntimeMetrics } from './duplicates';
import { GcStats } from './gc';
import { readHeapLimit } from './heap';
import { runtimeCore, setEpochTime, type RuntimeCore, type RuntimeWindow } from './native-runtime';
import { GC_ATTRS, RuntimeReadings } from './readings';
import { RuntimeInstruments } from './instruments';
import { RuntimeMetricData } from './metric-data';
import { RuntimeSnapshots } from './snapshot';
import type { RuntimeMetricsOptions, RuntimeSnapshot } from './types';

export type { RuntimeMetricsOptions, RuntimeSnapshot, DelayStats, GcTypeStats } from './types';

/**
 * Releases what a started RuntimeMetrics that was dropped without shutdown() still holds: its native window
 * (about 10 KiB, and work at every read and GC) and its use of the per-iteration hook. (An instance whose
 * instruments are registered stays reachable from its MeterProvider until shutdown().)
 */
const abandoned = new FinalizationRegistry<{ core: RuntimeCore; window: RuntimeWindow; acquired: boolean }>((held) => {
  held.core.closeWindow(held.window);
  if (held.acquired) held.core.release();
});

/**
 * Runtime metrics of the thread that creates it: event-loop delay per iteration (native prepare hook),
 * event-loop utilization and time, libuv loop metrics, active handles and requests, V8 heap spaces and GC
 * pauses. Each worker thread has its own. See the README ("Node.js runtime metrics") for names, units and definitions.
 */
export class RuntimeMetrics {
  #provider: MeterProvider | undefined;
  #name: string;
  #instruments: boolean;
  #core: RuntimeCore;
  #gc = new GcStats();
  #heapLimit: number;
  #started = false;
  /** The provider the instruments went to (for the duplicate check), and whether the first collect checks again. */
  #registeredOn: MeterProvider | undefined;
  #checkDuplicates = false;
  #acquired = false;
  /** This instance's delay/utilization window while started. */
  #window: RuntimeWindow | undefined;
  #startTime: HrTime = [0, 0];
  #readings: RuntimeReadings;
  #registered: RuntimeInstruments | undefined;
  #metricData: RuntimeMetricData;
  #snapshots: RuntimeSnapshots;

  /**
   * Creates the collector; nothing runs until `start()`. Throws ProcsamplerError PROCSAMPLER_NATIVE_UNAVAILABLE
   * when the addon cannot be loaded, PROCSAMPLER_BAD_OPTION for a bad option.
   *
   * @param rows internal: the catalogue rows to emit (default every runtime row; HostMetrics passes the rows of
   *   its enabled groups). Both export paths are built from them.
   */
  constructor(options: RuntimeMetricsOptions = {}, rows: readonly RuntimeRow[] = RUNTIME_ROWS) {
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      badValue('RuntimeMetrics options', 'an object', options);
    }
    checkKeys('RuntimeMetrics', options, ['meterProvider', 'name', 'instruments']);
    if (options.name !== undefined && (typeof options.name !== 'string' || options.name === '')) {
      badValue('RuntimeMetrics name', 'a non-empty string', options.name);
    }
    if (options.meterProvider !== undefined && typeof options.meterProvider?.getMeter !== 'function') {
      badValue('RuntimeMetrics meterProvider', 'a MeterProvider (an object with getMeter())', options.meterProvider);
    }
    if (options.instruments !== undefined && typeof options.instruments !== 'boolean') {
      badValue('RuntimeMetrics instruments', 'a boolean', options.instruments);
    }
    this.#provider = options.meterProvider;
    this.#name = options.name ?? 'procsampler';
    this.#instruments = options.instruments ?? true;
    this.#core = runtimeCore();
    this.#heapLimit = readHeapLimit();
    this.#readings = new RuntimeReadings(this.#core, rows, this.#heapLimit);
    this.#metricData = new RuntimeMetricData(this.#readings, this.#gc);
    this.#snapshots = new RuntimeSnapshots(this.#core);
  }

  /** Whether start() has been called and shutdown() has not. */
  get started(): boolean {
    return this.#started;
  }

  /**
   * Starts the per-iteration hook and the GC observer and, unless `instruments: false`, registers the
   * instruments (one batch observable callback for every observable, plus the v8js.gc.duration histogram).
   * Idempotent; returns this.
   */
  start(): this {
    if (this.#started) return this;
    this.#started = true;
    this.#acquired = this.#core.acquire();
    setEpochTime(this.#startTime, performance.timeOrigin + performance.now());
    if (this.#instruments) this.#register();
    const histogram = this.#registered?.histogram;
    // The first window starts now. With V8's GC callbacks the native window counts the pauses (and keeps them
    // for the histogram instrument, which each collect drains); otherwise a PerformanceObserver does.
    this.#window = this.#core.openWindow(histogram !== undefined && this.#core.gcNative);
    if (!this.#core.gcNative) {
      this.#gc.start(histogram ? (seconds, _type, index) => histogram.record(seconds, GC_ATTRS[index]) : undefined);
    }
    abandoned.register(this, { core: this.#core, window: this.#window, acquired: this.#acquired }, this);
    warnIfDuplicateRuntimeMetrics(this.#registeredOn);
    this.#checkDuplicates = true; // once more at the first collect: the instrumentation may be registered later
    return this;
  }

  /** Removes the instruments' callback, the GC observer and this user of the native hook. Idempotent. */
  shutdown(): void {
    if (!this.#started) return;
    this.#started = false;
    abandoned.unregister(this);
    this.#gc.stop();
    this.#drainGc(); // the pauses since the last collect still reach the histogram
    if (this.#core.gcNative && this.#window) {
      this.#core.read(this.#window, false, false, true); // keep the totals up to now, as the observer does
      this.#gc.load(this.#core);
    }
    this.#registered?.remove();
    this.#registered = undefined;
    if (this.#window) this.#core.closeWindow(this.#window);
    this.#window = undefined;
    if (this.#acquired) this.#core.release();
    this.#acquired = false;
  }

  /**
   * The current numbers as a plain object. Ends the delay/utilization window (the next one starts now).
   * Before start(), delay statistics are null and GC counts are 0. Allocates the returned object only (plus
   * what v8.getHeapSpaceStatistics() allocates where the addon did not find V8's heap-space API).
   */
  snapshot(): RuntimeSnapshot {
    const core = this.#core;
    core.read(this.#window, true, true, true);
    if (core.gcNative && this.#window) this.#gc.load(core);
    return this.#snapshots.take(this.#window, this.#gc, this.#heapLimit);
  }

  /**
   * The same numbers as ready-made OpenTelemetry MetricData (CUMULATIVE temporality), for a MetricProducer
   * that puts them into a ScopeMetrics. Ends the delay/utilization window like a collect. Points whose value
   * is unknown are left out, and metrics without points are not returned.
   *
   * The returned array, MetricData objects, data points and HrTime arrays are reused by the second call after
   * this one (two sets are used in turn: that is what keeps this path at a few hundred bytes); an exporter that
   * keeps them longer must copy them.
   */
  metricData(): MetricData[] {
    const core = this.#core;
    const window = this.#window;
    this.#duplicateCheck();
    core.read(window, true, true, true);
    if (core.gcNative && window) this.#gc.load(core);
    return this.#metricData.collect(core, window, this.#startTime as [number, number], !this.#started);
  }

  #duplicateCheck(): void {
    if (this.#checkDuplicates) {
      this.#checkDuplicates = false;
      warnIfDuplicateRuntimeMetrics(this.#registeredOn);
    }
  }

  #register(): void {
    let provider = this.#provider;
    if (!provider) {
      const api = requirePeer<typeof import('@opentelemetry/api')>('@opentelemetry/api', 'RuntimeMetrics.start() without a meterProvider');
      provider = api.metrics.getMeterProvider();
    }
    this.#registeredOn = provider;
    const core = this.#core;
    this.#registered = new RuntimeInstruments(provider.getMeter(this.#name), this.#readings, () => {
      this.#duplicateCheck();
      const window = this.#window;
      core.read(window, true, true);
      this.#drainGc();
      return window;
    });
  }

  /** Hands the native window's GC pauses not yet drained to the v8js.gc.duration histogram (native GC mode). */
  #drainGc(): void {
    const histogram = this.#registered?.histogram;
    const window = this.#window;
    const core = this.#core;
    if (!histogram || !window || !core.gcNative) return;
    const a = core.array;
    const types = core.drainBase + core.drainCapacity;
    for (let n = core.drainGc(window); n > 0; n = core.drainGc(window)) {
      for (let i = 0; i < n; i++) histogram.record(a[core.drainBase + i] as number, GC_ATTRS[a[types + i] as number]);
    }
  }
}
