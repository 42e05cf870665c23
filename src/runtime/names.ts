/**
 * Metric and attribute names of the runtime group: the semantic-convention ones (nodejs.eventloop.*, v8js.*)
 * and procsampler's own `nodejs.uv.*` family for libuv numbers that have no convention. Units are UCUM as in
 * the catalogue (`s`, `By`, `1`, `{x}`).
 */

/** `nodejs.eventloop.delay.*`: Gauge, `s`, per-iteration loop delay of the last window. */
export const METRIC_NODEJS_EVENTLOOP_DELAY_MIN = 'nodejs.eventloop.delay.min';
export const METRIC_NODEJS_EVENTLOOP_DELAY_MAX = 'nodejs.eventloop.delay.max';
export const METRIC_NODEJS_EVENTLOOP_DELAY_MEAN = 'nodejs.eventloop.delay.mean';
export const METRIC_NODEJS_EVENTLOOP_DELAY_STDDEV = 'nodejs.eventloop.delay.stddev';
export const METRIC_NODEJS_EVENTLOOP_DELAY_P50 = 'nodejs.eventloop.delay.p50';
export const METRIC_NODEJS_EVENTLOOP_DELAY_P90 = 'nodejs.eventloop.delay.p90';
export const METRIC_NODEJS_EVENTLOOP_DELAY_P99 = 'nodejs.eventloop.delay.p99';
/** Gauge, `1`: event-loop utilization of the last window (0..1). */
export const METRIC_NODEJS_EVENTLOOP_UTILIZATION = 'nodejs.eventloop.utilization';
/** Counter, `s`, by `nodejs.eventloop.state` (active, idle): cumulative loop time since the loop started. */
export const METRIC_NODEJS_EVENTLOOP_TIME = 'nodejs.eventloop.time';

/** Counter, `{iteration}`: loop iterations (uv_metrics_info loop_count; libuv >= 1.45). Not a convention. */
export const METRIC_NODEJS_UV_LOOP_ITERATIONS = 'nodejs.uv.loop.iterations';
/** Counter, `{event}`: events processed by the event provider (uv_metrics_info events). Not a convention. */
export const METRIC_NODEJS_UV_LOOP_EVENTS = 'nodejs.uv.loop.events';
/** Gauge, `{event}`: events that were waiting when the provider was last called. Not a convention. */
export const METRIC_NODEJS_UV_LOOP_EVENTS_WAITING = 'nodejs.uv.loop.events_waiting';
/** UpDownCounter, `{thread}`: size of libuv's thread pool (UV_THREADPOOL_SIZE rule). Not a convention. */
export const METRIC_NODEJS_UV_THREADPOOL_SIZE = 'nodejs.uv.threadpool.size';

/** Gauge, `{resource}`, by `v8js.resource.type`: active, referenced libuv handles by type; requests as `request`. */
export const METRIC_V8JS_RESOURCE_ACTIVE = 'v8js.resource.active';
/** UpDownCounter, `By`, by `v8js.heap.space.name`. */
export const METRIC_V8JS_MEMORY_HEAP_USED = 'v8js.memory.heap.used';
export const METRIC_V8JS_MEMORY_HEAP_SPACE_SIZE = 'v8js.memory.heap.space.size';
export const METRIC_V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE = 'v8js.memory.heap.space.available_size';
export const METRIC_V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE = 'v8js.memory.heap.space.physical_size';
/** UpDownCounter, `By`: V8's heap size limit (heap_size_limit). Not a convention (documented extra). */
export const METRIC_V8JS_MEMORY_HEAP_LIMIT = 'v8js.memory.heap.limit';
/** Histogram, `s`, by `v8js.gc.type`: GC pause durations. */
export const METRIC_V8JS_GC_DURATION = 'v8js.gc.duration';

export const ATTR_NODEJS_EVENTLOOP_STATE = 'nodejs.eventloop.state';
export const ATTR_V8JS_RESOURCE_TYPE = 'v8js.resource.type';
export const ATTR_V8JS_HEAP_SPACE_NAME = 'v8js.heap.space.name';
export const ATTR_V8JS_GC_TYPE = 'v8js.gc.type';

/** The explicit bucket boundaries (seconds) of `v8js.gc.duration`, from the semantic conventions. */
export const GC_DURATION_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
]);

/** The values of `v8js.gc.type`. */
export type GcType = 'major' | 'minor' | 'incremental' | 'weakcb';
/** Every GcType, in a fixed order. */
export const GC_TYPES: readonly GcType[] = Object.freeze(['major', 'minor', 'incremental', 'weakcb'] as const);
