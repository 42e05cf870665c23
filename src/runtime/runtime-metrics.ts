/**
 * RuntimeMetrics: Node.js event loop, libuv, V8 heap and GC metrics of the calling thread, as a plain snapshot,
 * as OpenTelemetry instruments (one batch observable callback plus the v8js.gc.duration histogram), and as
 * ready-made MetricData for a MetricProducer.
 */
import type {
  Attributes,
  BatchObservableResult,
  HrTime,
  HistogramInstrument,
  Meter,
  MeterProvider,
  Observable,
  ObservableCounter,
  ObservableGauge,
  ObservableUpDownCounter,
} from '../peers';
import type {
  DataPoint,
  DataPointType,
  Histogram,
  MetricData,
} from '../peers';
import { performance } from 'perf_hooks';
import { badValue, checkKeys } from '../errors';
import { requirePeer } from '../peers';
import { warnIfDuplicateRuntimeMetrics } from './duplicates';
import { GcStats } from './gc';
import { forEachHeapSpace, HEAP_AVAILABLE, HEAP_PHYSICAL, HEAP_SIZE, HEAP_USED, readHeapLimit, type HeapSpace, type HeapSpaceVisitor } from './heap';
import {
  ATTR_NODEJS_EVENTLOOP_STATE,
  ATTR_V8JS_GC_TYPE,
  ATTR_V8JS_HEAP_SPACE_NAME,
  ATTR_V8JS_RESOURCE_TYPE,
  GC_DURATION_BUCKETS,
  GC_TYPES,
  METRIC_NODEJS_EVENTLOOP_DELAY_MAX,
  METRIC_NODEJS_EVENTLOOP_DELAY_MEAN,
  METRIC_NODEJS_EVENTLOOP_DELAY_MIN,
  METRIC_NODEJS_EVENTLOOP_DELAY_P50,
  METRIC_NODEJS_EVENTLOOP_DELAY_P90,
  METRIC_NODEJS_EVENTLOOP_DELAY_P99,
  METRIC_NODEJS_EVENTLOOP_DELAY_STDDEV,
  METRIC_NODEJS_EVENTLOOP_TIME,
  METRIC_NODEJS_EVENTLOOP_UTILIZATION,
  METRIC_NODEJS_UV_LOOP_EVENTS,
  METRIC_NODEJS_UV_LOOP_EVENTS_WAITING,
  METRIC_NODEJS_UV_LOOP_ITERATIONS,
  METRIC_NODEJS_UV_THREADPOOL_SIZE,
  METRIC_V8JS_GC_DURATION,
  METRIC_V8JS_MEMORY_HEAP_LIMIT,
  METRIC_V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE,
  METRIC_V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE,
  METRIC_V8JS_MEMORY_HEAP_SPACE_SIZE,
  METRIC_V8JS_MEMORY_HEAP_USED,
  METRIC_V8JS_RESOURCE_ACTIVE,
  type GcType,
} from './names';
import { GC_TYPE_INDEX, HANDLE_TYPES } from '../layout';
import { runtimeCore, setEpochTime, type RuntimeCore, type RuntimeSlotName, type RuntimeWindow } from './native-runtime';

import { CUMULATIVE, DOUBLE as VALUE_TYPE_DOUBLE, GAUGE as DP_GAUGE, HISTOGRAM as DP_HISTOGRAM, SUM as DP_SUM } from '../otel/sdk-enums';

/** Options of `new RuntimeMetrics()`. */
export interface RuntimeMetricsOptions {
  /** Where `start()` creates its instruments (default: the global provider of @opentelemetry/api). */
  meterProvider?: MeterProvider;
  /** The meter name (default `procsampler`). */
  name?: string;
  /**
   * Whether `start()` registers OpenTelemetry instruments (default true). With false, `start()` only turns
   * on the measurement, for callers that use `snapshot()` or `metricData()` (e.g. a MetricProducer).
   */
  instruments?: boolean;
}

/** Per-iteration event-loop delay of one window, seconds; every statistic is `null` when the window is empty. */
export interface DelayStats {
  /** Loop iterations in the window. */
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Population standard deviation. */
  stddev: number | null;
  /** Nearest-rank percentiles from a log-linear histogram (relative error <= 3%; min and max are exact). */
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

/** GC pauses of one type since `start()`. */
export interface GcTypeStats {
  count: number;
  /** Sum of pause durations, seconds. */
  totalDuration: number;
}

/** The object returned by `RuntimeMetrics.snapshot()`. Seconds and bytes; `null` means unknown here. */
export interface RuntimeSnapshot {
  eventLoop: {
    /** Delay per iteration in the window since the previous snapshot()/collect (see the README, "Node.js runtime metrics"). */
    delay: DelayStats;
    /** Share of the window the loop was active (0..1); `null` if no time passed. */
    utilization: number | null;
    /** Cumulative seconds the loop was active / idle since it started (performance.eventLoopUtilization()). */
    active: number;
    idle: number;
  };
  libuv: {
    /** Loop iterations since the loop started (uv_metrics_info; `null` before libuv 1.45, i.e. Node 18). */
    loopCount: number | null;
    /** Events processed by the event provider since the loop started (`null` before libuv 1.45). */
    events: number | null;
    /** Events waiting when the provider was last called (`null` before libuv 1.45). */
    eventsWaiting: number | null;
    /** Seconds the loop waited in the event provider since it started (uv_metrics_idle_time). */
    idleTime: number;
    /** libuv thread-pool size (process-wide; from UV_THREADPOOL_SIZE as libuv reads it, default 4). */
    threadpoolSize: number | null;
    /** Active, referenced handles (those keeping the loop alive). */
    activeHandles: number;
    /** Active requests (file system, DNS, ... in flight). */
    activeRequests: number;
    /** activeHandles by libuv handle type (`tcp`, `timer`, ...): every type, 0 when it has none. */
    handlesByType: Record<string, number>;
  };
  heap: {
    /** Bytes used, summed over the spaces. */
    used: number;
    /** Committed bytes, summed over the spaces. */
    total: number;
    /** V8's heap size limit, bytes (read at construction). */
    limit: number;
    spaces: HeapSpace[];
  };
  gc: {
    /** Pauses since start() (0 before start()). */
    count: number;
    /** Total pause time since start(), seconds. */
    totalDuration: number;
    byType: Record<GcType, GcTypeStats>;
  };
}

/** A data point whose fields we overwrite on every collect (the SDK types declare them readonly). */
interface Point<T> {
  startTime: HrTime;
  endTime: HrTime;
  attributes: Attributes;
  value: T;
}

/** One set of metricData() results: the returned array, its series by name, and their end time. */
interface Generation {
  out: MetricData[];
  series: Map<string, Series>;
  endTime: HrTime;
}

function newGeneration(): Generation {
  return { out: [], series: new Map(), endTime: [0, 0] };
}

interface Series {
  data: MetricData;
  /** Every point this series ever had, reused by attributes identity. */
  points: Point<unknown>[];
  /** Points filled in this collect (dataPoints is trimmed to it only when it changes: `length = 0` would free V8's backing store). */
  filled: number;
}

const DELAY_METRICS: ReadonlyArray<[string, RuntimeSlotName, string]> = [
  [METRIC_NODEJS_EVENTLOOP_DELAY_MIN, 'delayMin', 'Event loop minimum delay per iteration in the window.'],
  [METRIC_NODEJS_EVENTLOOP_DELAY_MAX, 'delayMax', 'Event loop maximum delay per iteration in the window.'],
  [METRIC_NODEJS_EVENTLOOP_DELAY_MEAN, 'delayMean', 'Event loop mean delay per iteration in the window.'],
  [METRIC_NODEJS_EVENTLOOP_DELAY_STDDEV, 'delayStddev', 'Event loop standard deviation of the delay per iteration.'],
  [METRIC_NODEJS_EVENTLOOP_DELAY_P50, 'delayP50', 'Event loop 50th percentile delay per iteration in the window.'],
  [METRIC_NODEJS_EVENTLOOP_DELAY_P90, 'delayP90', 'Event loop 90th percentile delay per iteration in the window.'],
  [METRIC_NODEJS_EVENTLOOP_DELAY_P99, 'delayP99', 'Event loop 99th percentile delay per iteration in the window.'],
];


/** Offsets of the #scratch values. */
const SCRATCH_UTILIZATION = 0;
const SCRATCH_ACTIVE = 1;
const SCRATCH_IDLE = 2;
const SCRATCH_LIMIT = 3;

const STATE_ACTIVE: Attributes = Object.freeze({ [ATTR_NODEJS_EVENTLOOP_STATE]: 'active' });
const STATE_IDLE: Attributes = Object.freeze({ [ATTR_NODEJS_EVENTLOOP_STATE]: 'idle' });
const GC_ATTRS: readonly Attributes[] = GC_TYPES.map((t) => Object.freeze({ [ATTR_V8JS_GC_TYPE]: t }));
const REQUEST_ATTRS: Attributes = Object.freeze({ [ATTR_V8JS_RESOURCE_TYPE]: 'request' });
const NO_ATTRS: Attributes = Object.freeze({});
/** What #snapshotSpaces holds between snapshots (so that it does not keep the last snapshot's array alive). */
const NO_SPACES: HeapSpace[] = [];

function nullIfNaN(v: number | undefined): number | null {
  return v === undefined || Number.isNaN(v) ? null : v;
}

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
  /** The end time of the generation being filled (see #generations). */
  #endTime: HrTime = [0, 0];
  // OpenTelemetry instruments (start() with instruments)
  #meter: Meter | undefined;
  #observables: Observable[] = [];
  #gcHistogram: HistogramInstrument | undefined;
  #batch: ((observer: BatchObservableResult) => void) | undefined;
  // metricData() caches
  // metricData() caches, in two generations used in turn, so that a result stays intact until the second call
  // after it (the promise of the MetricProducer that includes it, see src/otel/producer.ts).
  #generations: [Generation, Generation] = [newGeneration(), newGeneration()];
  #next = 0;
  #out: MetricData[] = [];
  #outCount = 0;
  #series = new Map<string, Series>();
  #spaceAttrs = new Map<string, Attributes>();
  #handleAttrs: Attributes[];
  /**
   * v8js.resource.active: 1 for each handle type (then `request`, last) this instance has seen active. A type once
   * seen is reported on every later collect, 0 when it has none, so a closed server's series reads 0 instead of
   * vanishing; a type never seen is not reported. Shared by the instrument and metricData() paths.
   */
  #resourceSeen: Uint8Array;
  /** Whether the addon's handle types are HANDLE_TYPES, in that order (see #handlesByType). */
  #knownHandleTypes: boolean;
  // Heap-space visitors, created once so that visiting the spaces allocates nothing; each fills what its caller
  // set up just before: #snapshotSpaces/#heapUsed/#heapTotal, or the four #heapSeries.
  #snapshotSpaces: HeapSpace[] = NO_SPACES;
  #heapUsed = 0;
  #heapTotal = 0;
  #heapSeries: Series[] = [];
  #snapshotSpace: HeapSpaceVisitor = (name, v, i) => {
    const space = { name, size: v[i + HEAP_SIZE] as number, used: v[i + HEAP_USED] as number, available: v[i + HEAP_AVAILABLE] as number, physical: v[i + HEAP_PHYSICAL] as number };
    this.#snapshotSpaces.push(space);
    this.#heapUsed += space.used;
    this.#heapTotal += space.size;
  };
  #pointSpace: HeapSpaceVisitor = (name, v, i) => {
    const attrs = this.#spaceAttributes(name);
    const heap = this.#heapSeries;
    this.#point(heap[0] as Series, attrs, v, i + HEAP_USED);
    this.#point(heap[1] as Series, attrs, v, i + HEAP_SIZE);
    this.#point(heap[2] as Series, attrs, v, i + HEAP_AVAILABLE);
    this.#point(heap[3] as Series, attrs, v, i + HEAP_PHYSICAL);
  };
  /** Numbers that are not in the native array, staged here so that they too reach #point without boxing. */
  #scratch = new Float64Array(4);

  /**
   * Creates the collector; nothing runs until `start()`. Throws ProcsamplerError PROCSAMPLER_NATIVE_UNAVAILABLE
   * when the addon cannot be loaded, PROCSAMPLER_BAD_OPTION for a bad option.
   */
  constructor(options: RuntimeMetricsOptions = {}) {
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
    this.#handleAttrs = this.#core.handleTypes.map((t) => Object.freeze({ [ATTR_V8JS_RESOURCE_TYPE]: t }));
    this.#resourceSeen = new Uint8Array(this.#handleAttrs.length + 1);
    const types = this.#core.handleTypes;
    this.#knownHandleTypes = types.length === HANDLE_TYPES.length && HANDLE_TYPES.every((t, i) => types[i] === t);
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
    const histogram = this.#gcHistogram;
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
    if (this.#meter && this.#batch) this.#meter.removeBatchObservableCallback(this.#batch, this.#observables);
    this.#meter = undefined;
    this.#batch = undefined;
    this.#observables = [];
    this.#gcHistogram = undefined;
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
    const handlesByType = this.#handlesByType(core);
    const spaces: HeapSpace[] = [];
    this.#snapshotSpaces = spaces;
    this.#heapUsed = 0;
    this.#heapTotal = 0;
    forEachHeapSpace(core, this.#snapshotSpace);
    this.#snapshotSpaces = NO_SPACES;
    const gc = this.#gc;
    // A literal with fixed keys (GC_TYPES order) rather than stores of computed names, which would allocate
    // beyond the returned object.
    const { major, minor, incremental, weakcb } = GC_TYPE_INDEX;
    const byType: Record<GcType, GcTypeStats> = {
      major: { count: gc.count[major] as number, totalDuration: gc.sum[major] as number },
      minor: { count: gc.count[minor] as number, totalDuration: gc.sum[minor] as number },
      incremental: { count: gc.count[incremental] as number, totalDuration: gc.sum[incremental] as number },
      weakcb: { count: gc.count[weakcb] as number, totalDuration: gc.sum[weakcb] as number },
    };
    return {
      eventLoop: {
        delay: {
          count: core.value('delayCount') ?? 0,
          min: core.value('delayMin'),
          max: core.value('delayMax'),
          mean: core.value('delayMean'),
          stddev: core.value('delayStddev'),
          p50: core.value('delayP50'),
          p90: core.value('delayP90'),
          p99: core.value('delayP99'),
        },
        utilization: this.#window ? nullIfNaN(this.#window.utilization) : null,
        active: core.active,
        idle: core.idle,
      },
      libuv: {
        loopCount: core.value('loopCount'),
        events: core.value('events'),
        eventsWaiting: core.value('eventsWaiting'),
        idleTime: core.value('idleTime') ?? 0,
        threadpoolSize: core.value('threadpoolSize'),
        activeHandles: core.value('activeHandles') ?? 0,
        activeRequests: core.value('activeRequests') ?? 0,
        handlesByType,
      },
      heap: { used: this.#heapUsed, total: this.#heapTotal, limit: this.#heapLimit, spaces },
      gc: { count: gc.totalCount(), totalDuration: gc.totalDuration(), byType },
    };
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
    if (this.#checkDuplicates) {
      this.#checkDuplicates = false;
      warnIfDuplicateRuntimeMetrics(this.#registeredOn);
    }
    core.read(window, true, true, true);
    if (core.gcNative && window) this.#gc.load(core);
    const a = core.array;
    const s = core.slot;
    const generation = this.#generations[this.#next] as Generation;
    this.#next ^= 1;
    this.#out = generation.out;
    this.#series = generation.series;
    this.#endTime = generation.endTime;
    const out = this.#out;
    this.#outCount = 0;
    core.writeReadTime(this.#endTime);
    if (!this.#started && this.#startTime[0] === 0) this.#startTime = [this.#endTime[0], this.#endTime[1]];

    if ((a[s.delayCount] as number) > 0) {
      for (let i = 0; i < DELAY_METRICS.length; i++) {
        const row = DELAY_METRICS[i] as (typeof DELAY_METRICS)[number];
        this.#single(row[0], 's', row[2], DP_GAUGE, false, a, s[row[1]]);
      }
    }
    const scratch = this.#scratch;
    scratch[SCRATCH_UTILIZATION] = window ? window.utilization : Number.NaN;
    scratch[SCRATCH_ACTIVE] = core.active;
    scratch[SCRATCH_IDLE] = core.idle;
    scratch[SCRATCH_LIMIT] = this.#heapLimit;
    this.#single(METRIC_NODEJS_EVENTLOOP_UTILIZATION, '1', 'Event loop utilization in the window.', DP_GAUGE, false, scratch, SCRATCH_UTILIZATION);
    const time = this.#seriesOf(METRIC_NODEJS_EVENTLOOP_TIME, 's', 'Cumulative time the event loop was active or idle.', DP_SUM, true);
    this.#point(time, STATE_ACTIVE, scratch, SCRATCH_ACTIVE);
    this.#point(time, STATE_IDLE, scratch, SCRATCH_IDLE);
    this.#emit(time);
    this.#single(METRIC_NODEJS_UV_LOOP_ITERATIONS, '{iteration}', 'Event loop iterations (uv_metrics_info loop_count).', DP_SUM, true, a, s.loopCount);
    this.#single(METRIC_NODEJS_UV_LOOP_EVENTS, '{event}', 'Events processed by the event provider (uv_metrics_info).', DP_SUM, true, a, s.events);
    this.#single(METRIC_NODEJS_UV_LOOP_EVENTS_WAITING, '{event}', 'Events waiting when the event provider was last called.', DP_GAUGE, false, a, s.eventsWaiting);
    this.#single(METRIC_NODEJS_UV_THREADPOOL_SIZE, '{thread}', 'Size of the libuv thread pool.', DP_SUM, false, a, s.threadpoolSize);

    const resources = this.#seriesOf(METRIC_V8JS_RESOURCE_ACTIVE, '{resource}', 'Active handles and requests by type.', DP_GAUGE, false);
    const seen = this.#resourceSeen;
    const types = core.handleTypes.length;
    for (let i = 0; i < types; i++) {
      if ((a[core.handleBase + i] as number) > 0) seen[i] = 1;
      if (seen[i] === 1) this.#point(resources, this.#handleAttrs[i] as Attributes, a, core.handleBase + i);
    }
    if ((a[s.activeRequests] as number) > 0) seen[types] = 1;
    if (seen[types] === 1) this.#point(resources, REQUEST_ATTRS, a, s.activeRequests);
    this.#emit(resources);

    const heap = this.#heapSeries;
    heap[0] = this.#seriesOf(METRIC_V8JS_MEMORY_HEAP_USED, 'By', 'Heap space used.', DP_SUM, false);
    heap[1] = this.#seriesOf(METRIC_V8JS_MEMORY_HEAP_SPACE_SIZE, 'By', 'Heap space size.', DP_SUM, false);
    heap[2] = this.#seriesOf(METRIC_V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE, 'By', 'Heap space available size.', DP_SUM, false);
    heap[3] = this.#seriesOf(METRIC_V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE, 'By', 'Heap space physical size.', DP_SUM, false);
    forEachHeapSpace(core, this.#pointSpace);
    for (let i = 0; i < heap.length; i++) this.#emit(heap[i] as Series);
    this.#single(METRIC_V8JS_MEMORY_HEAP_LIMIT, 'By', 'V8 heap size limit.', DP_SUM, false, scratch, SCRATCH_LIMIT);

    const gc = this.#gc;
    const gcSeries = this.#seriesOf(METRIC_V8JS_GC_DURATION, 's', 'Garbage collection pause durations.', DP_HISTOGRAM, false);
    for (let t = 0; t < GC_TYPES.length; t++) {
      const count = gc.count[t] as number;
      if (count === 0) continue;
      const h = this.#histogramPoint(gcSeries, GC_ATTRS[t] as Attributes, gc.bucketCount);
      for (let b = 0; b < gc.bucketCount; b++) h.buckets.counts[b] = gc.buckets[t * gc.bucketCount + b] as number;
      h.count = count;
      h.sum = gc.sum[t] as number;
      h.min = gc.min[t] as number;
      h.max = gc.max[t] as number;
    }
    this.#emit(gcSeries);
    if (out.length !== this.#outCount) out.length = this.#outCount;
    return out;
  }

  #register(): void {
    let provider = this.#provider;
    if (!provider) {
      const api = requirePeer<typeof import('@opentelemetry/api')>('@opentelemetry/api', 'RuntimeMetrics.start() without a meterProvider');
      provider = api.metrics.getMeterProvider();
    }
    this.#registeredOn = provider;
    const meter = provider.getMeter(this.#name);
    const gauge = (name: string, unit: string, description: string): ObservableGauge =>
      meter.createObservableGauge(name, { unit, description, valueType: VALUE_TYPE_DOUBLE });
    const counter = (name: string, unit: string, description: string): ObservableCounter =>
      meter.createObservableCounter(name, { unit, description, valueType: VALUE_TYPE_DOUBLE });
    const upDown = (name: string, unit: string, description: string): ObservableUpDownCounter =>
      meter.createObservableUpDownCounter(name, { unit, description, valueType: VALUE_TYPE_DOUBLE });

    const delay = DELAY_METRICS.map(([name, slot, description]) => [gauge(name, 's', description), slot] as const);
    const utilization = gauge(METRIC_NODEJS_EVENTLOOP_UTILIZATION, '1', 'Event loop utilization in the window.');
    const time = counter(METRIC_NODEJS_EVENTLOOP_TIME, 's', 'Cumulative time the event loop was active or idle.');
    const iterations = counter(METRIC_NODEJS_UV_LOOP_ITERATIONS, '{iteration}', 'Event loop iterations (uv_metrics_info loop_count).');
    const events = counter(METRIC_NODEJS_UV_LOOP_EVENTS, '{event}', 'Events processed by the event provider (uv_metrics_info).');
    const waiting = gauge(METRIC_NODEJS_UV_LOOP_EVENTS_WAITING, '{event}', 'Events waiting when the event provider was last called.');
    const pool = upDown(METRIC_NODEJS_UV_THREADPOOL_SIZE, '{thread}', 'Size of the libuv thread pool.');
    const resources = gauge(METRIC_V8JS_RESOURCE_ACTIVE, '{resource}', 'Active handles and requests by type.');
    const used = upDown(METRIC_V8JS_MEMORY_HEAP_USED, 'By', 'Heap space used.');
    const size = upDown(METRIC_V8JS_MEMORY_HEAP_SPACE_SIZE, 'By', 'Heap space size.');
    const avail = upDown(METRIC_V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE, 'By', 'Heap space available size.');
    const phys = upDown(METRIC_V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE, 'By', 'Heap space physical size.');
    const limit = upDown(METRIC_V8JS_MEMORY_HEAP_LIMIT, 'By', 'V8 heap size limit.');
    this.#gcHistogram = meter.createHistogram(METRIC_V8JS_GC_DURATION, {
      unit: 's',
      description: 'Garbage collection pause durations.',
      valueType: VALUE_TYPE_DOUBLE,
      advice: { explicitBucketBoundaries: GC_DURATION_BUCKETS.slice() },
    });

    const core = this.#core;
    const optional: ReadonlyArray<readonly [Observable, RuntimeSlotName]> = [
      [iterations, 'loopCount'],
      [events, 'events'],
      [waiting, 'eventsWaiting'],
      [pool, 'threadpoolSize'],
    ];
    let observer: BatchObservableResult | undefined;
    const observeSpace: HeapSpaceVisitor = (name, v, i) => {
      const attrs = this.#spaceAttributes(name);
      const o = observer as BatchObservableResult;
      o.observe(used, v[i + HEAP_USED] as number, attrs);
      o.observe(size, v[i + HEAP_SIZE] as number, attrs);
      o.observe(avail, v[i + HEAP_AVAILABLE] as number, attrs);
      o.observe(phys, v[i + HEAP_PHYSICAL] as number, attrs);
    };
    const batch = (o: BatchObservableResult): void => {
      if (this.#checkDuplicates) {
        this.#checkDuplicates = false;
        warnIfDuplicateRuntimeMetrics(this.#registeredOn);
      }
      const window = this.#window;
      core.read(window, true, true);
      this.#drainGc();
      const a = core.array;
      const s = core.slot;
      if ((a[s.delayCount] as number) > 0) {
        for (const [instrument, slot] of delay) o.observe(instrument, a[s[slot]] as number);
      }
      if (window && !Number.isNaN(window.utilization)) o.observe(utilization, window.utilization);
      o.observe(time, core.active, STATE_ACTIVE);
      o.observe(time, core.idle, STATE_IDLE);
      for (const [instrument, slot] of optional) {
        const v = a[s[slot]] as number;
        if (!Number.isNaN(v)) o.observe(instrument, v);
      }
      const seen = this.#resourceSeen;
      const types = core.handleTypes.length;
      for (let i = 0; i < types; i++) {
        const n = a[core.handleBase + i] as number;
        if (n > 0) seen[i] = 1;
        if (seen[i] === 1) o.observe(resources, n, this.#handleAttrs[i]);
      }
      const requests = a[s.activeRequests] as number;
      if (requests > 0) seen[types] = 1;
      if (seen[types] === 1) o.observe(resources, requests, REQUEST_ATTRS);
      observer = o;
      forEachHeapSpace(core, observeSpace);
      observer = undefined;
      o.observe(limit, this.#heapLimit);
    };
    this.#observables = [...delay.map(([i]) => i), utilization, time, iterations, events, waiting, pool, resources, used, size, avail, phys, limit];
    meter.addBatchObservableCallback(batch, this.#observables);
    this.#meter = meter;
    this.#batch = batch;
  }

  /**
   * snapshot().libuv.handlesByType: active handles per libuv handle type, every type present (0 when none). One
   * object literal with fixed keys when the addon's types are the ones this file knows (always, unless the
   * addon and this file come from different versions); otherwise built key by key.
   */
  #handlesByType(core: RuntimeCore): Record<string, number> {
    const a = core.array;
    const h = core.handleBase;
    if (this.#knownHandleTypes) {
      return {
        async: a[h] as number,
        check: a[h + 1] as number,
        fs_event: a[h + 2] as number,
        fs_poll: a[h + 3] as number,
        idle: a[h + 4] as number,
        pipe: a[h + 5] as number,
        poll: a[h + 6] as number,
        prepare: a[h + 7] as number,
        process: a[h + 8] as number,
        tcp: a[h + 9] as number,
        timer: a[h + 10] as number,
        tty: a[h + 11] as number,
        udp: a[h + 12] as number,
        signal: a[h + 13] as number,
      };
    }
    const out: Record<string, number> = {};
    for (let i = 0; i < core.handleTypes.length; i++) out[core.handleTypes[i] as string] = a[h + i] as number;
    return out;
  }

  /** Hands the native window's GC pauses not yet drained to the v8js.gc.duration histogram (native GC mode). */
  #drainGc(): void {
    const histogram = this.#gcHistogram;
    const window = this.#window;
    const core = this.#core;
    if (!histogram || !window || !core.gcNative) return;
    const a = core.array;
    const types = core.drainBase + core.drainCapacity;
    for (let n = core.drainGc(window); n > 0; n = core.drainGc(window)) {
      for (let i = 0; i < n; i++) histogram.record(a[core.drainBase + i] as number, GC_ATTRS[a[types + i] as number]);
    }
  }

  #spaceAttributes(name: string): Attributes {
    let attrs = this.#spaceAttrs.get(name);
    if (!attrs) {
      attrs = Object.freeze({ [ATTR_V8JS_HEAP_SPACE_NAME]: name });
      this.#spaceAttrs.set(name, attrs);
    }
    return attrs;
  }

  /** The cached series of a metric, emptied for this collect. */
  #seriesOf(
    name: string,
    unit: string,
    description: string,
    type: DataPointType,
    monotonic: boolean,
  ): Series {
    let series = this.#series.get(name);
    if (!series) {
      const data = {
        descriptor: { name, description, unit, valueType: VALUE_TYPE_DOUBLE },
        aggregationTemporality: CUMULATIVE,
        dataPointType: type,
        dataPoints: [] as DataPoint<unknown>[],
        isMonotonic: monotonic,
      } as unknown as MetricData;
      series = { data, points: [], filled: 0 };
      this.#series.set(name, series);
    }
    series.filled = 0;
    return series;
  }

  /** The point of `series` with these (interned) attributes from an earlier collect, or undefined. */
  #findPoint(series: Series, attributes: Attributes): Point<unknown> | undefined {
    for (let i = 0; i < series.points.length; i++) {
      const q = series.points[i] as Point<unknown>;
      if (q.attributes === attributes) return q;
    }
    return undefined;
  }

  /** Appends `p` to this collect's points of `series`, stamped with this collect's times. */
  #fill(series: Series, p: Point<unknown>): void {
    p.startTime = this.#startTime;
    p.endTime = this.#endTime;
    (series.data.dataPoints as unknown as Point<unknown>[])[series.filled++] = p;
  }

  /**
   * Appends the number point with these (interned) attributes, reusing the point object of the previous collect.
   * The value is passed as an array and index, not as a number: a double argument to a call V8 does not inline
   * is boxed in a fresh HeapNumber. Number points and histogram points come from different object literals, so
   * that V8 keeps a number point's `value` a double field, updated in place.
   */
  #point(series: Series, attributes: Attributes, values: Float64Array, index: number): void {
    let p = this.#findPoint(series, attributes) as Point<number> | undefined;
    if (!p) {
      p = { startTime: this.#startTime, endTime: this.#endTime, attributes, value: values[index] as number };
      series.points.push(p);
    }
    p.value = values[index] as number;
    this.#fill(series, p);
  }

  /** Appends the histogram point with these attributes and returns its (reused) value to fill in. */
  #histogramPoint(series: Series, attributes: Attributes, bucketCount: number): Histogram {
    let p = this.#findPoint(series, attributes) as Point<Histogram> | undefined;
    if (!p) {
      const value: Histogram = {
        buckets: { boundaries: GC_DURATION_BUCKETS.slice(), counts: new Array<number>(bucketCount).fill(0) },
        sum: 0,
        count: 0,
        min: 0,
        max: 0,
      };
      p = { startTime: this.#startTime, endTime: this.#endTime, attributes, value };
      series.points.push(p);
    }
    this.#fill(series, p);
    return p.value;
  }

  #emit(series: Series): void {
    const points = series.data.dataPoints as unknown[];
    if (points.length !== series.filled) points.length = series.filled;
    if (series.filled > 0) this.#out[this.#outCount++] = series.data;
  }

  #single(name: string, unit: string, description: string, type: DataPointType, monotonic: boolean, values: Float64Array, index: number): void {
    const series = this.#seriesOf(name, unit, description, type, monotonic);
    if (Number.isNaN(values[index] as number)) return;
    this.#point(series, NO_ATTRS, values, index);
    this.#emit(series);
  }
}
