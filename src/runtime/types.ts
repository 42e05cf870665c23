/** The public types of the runtime metrics: RuntimeMetrics' options and what its snapshot() returns. */
import type { MeterProvider } from '../peers';
import type { GcType } from '../layout';
import type { HeapSpace } from './heap';

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
