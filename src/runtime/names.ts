/**
 * Metric and attribute names of the runtime group: the semantic-convention ones (nodejs.eventloop.*, v8js.*)
 * and procsampler's own `nodejs.uv.*` family for libuv numbers that have no convention. Units are UCUM as in
 * the catalogue (`s`, `By`, `1`, `{x}`).
 */

// The semantic-convention names are defined once, in semconv.ts.
export {
  METRIC_NODEJS_EVENTLOOP_DELAY_MIN,
  METRIC_NODEJS_EVENTLOOP_DELAY_MAX,
  METRIC_NODEJS_EVENTLOOP_DELAY_MEAN,
  METRIC_NODEJS_EVENTLOOP_DELAY_STDDEV,
  METRIC_NODEJS_EVENTLOOP_DELAY_P50,
  METRIC_NODEJS_EVENTLOOP_DELAY_P90,
  METRIC_NODEJS_EVENTLOOP_DELAY_P99,
  METRIC_NODEJS_EVENTLOOP_UTILIZATION,
  METRIC_NODEJS_EVENTLOOP_TIME,
  METRIC_V8JS_RESOURCE_ACTIVE,
  METRIC_V8JS_MEMORY_HEAP_USED,
  METRIC_V8JS_MEMORY_HEAP_SPACE_SIZE,
  METRIC_V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE,
  METRIC_V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE,
  METRIC_V8JS_GC_DURATION,
  ATTR_NODEJS_EVENTLOOP_STATE,
  ATTR_V8JS_RESOURCE_TYPE,
  ATTR_V8JS_HEAP_SPACE_NAME,
  ATTR_V8JS_GC_TYPE,
} from '../semconv';

/** Counter, `{iteration}`: loop iterations (uv_metrics_info loop_count; libuv >= 1.45). Not a convention. */
export const METRIC_NODEJS_UV_LOOP_ITERATIONS = 'nodejs.uv.loop.iterations';
/** Counter, `{event}`: events processed by the event provider (uv_metrics_info events). Not a convention. */
export const METRIC_NODEJS_UV_LOOP_EVENTS = 'nodejs.uv.loop.events';
/** Gauge, `{event}`: events that were waiting when the provider was last called. Not a convention. */
export const METRIC_NODEJS_UV_LOOP_EVENTS_WAITING = 'nodejs.uv.loop.events_waiting';
/** UpDownCounter, `{thread}`: size of libuv's thread pool (UV_THREADPOOL_SIZE rule). Not a convention. */
export const METRIC_NODEJS_UV_THREADPOOL_SIZE = 'nodejs.uv.threadpool.size';

/** UpDownCounter, `By`: V8's heap size limit (heap_size_limit). Not a convention (documented extra). */
export const METRIC_V8JS_MEMORY_HEAP_LIMIT = 'v8js.memory.heap.limit';
/** The explicit bucket boundaries (seconds) of `v8js.gc.duration`, from the semantic conventions. */
export const GC_DURATION_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
]);

/** The values of `v8js.gc.type`, in the index order of the native GC tallies (native/runtime.h). */
export { GC_TYPES, type GcType } from '../layout';
