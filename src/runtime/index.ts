/** Node.js runtime metrics (event loop, libuv, V8 heap and GC): named exports. */
export { RuntimeMetrics } from './runtime-metrics';
export {
  type RuntimeMetricsOptions,
  type RuntimeSnapshot,
  type DelayStats,
  type GcTypeStats,
} from './types';
export { type HeapSpace } from './heap';
/** Diagnostics: `runtimeCore().info()` says which native paths (clock, idle time, heap, GC) are in use. */
export { runtimeCore } from './native-runtime';
export { GC_TYPES, type GcType } from '../layout';
export {
  GC_DURATION_BUCKETS,
  METRIC_NODEJS_EVENTLOOP_DELAY_MIN,
  METRIC_NODEJS_EVENTLOOP_DELAY_MAX,
  METRIC_NODEJS_EVENTLOOP_DELAY_MEAN,
  METRIC_NODEJS_EVENTLOOP_DELAY_STDDEV,
  METRIC_NODEJS_EVENTLOOP_DELAY_P50,
  METRIC_NODEJS_EVENTLOOP_DELAY_P90,
  METRIC_NODEJS_EVENTLOOP_DELAY_P99,
  METRIC_NODEJS_EVENTLOOP_UTILIZATION,
  METRIC_NODEJS_EVENTLOOP_TIME,
  METRIC_NODEJS_UV_LOOP_ITERATIONS,
  METRIC_NODEJS_UV_LOOP_EVENTS,
  METRIC_NODEJS_UV_LOOP_EVENTS_WAITING,
  METRIC_NODEJS_UV_THREADPOOL_SIZE,
  METRIC_V8JS_RESOURCE_ACTIVE,
  METRIC_V8JS_MEMORY_HEAP_USED,
  METRIC_V8JS_MEMORY_HEAP_LIMIT,
  METRIC_V8JS_MEMORY_HEAP_SPACE_SIZE,
  METRIC_V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE,
  METRIC_V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE,
  METRIC_V8JS_GC_DURATION,
  ATTR_NODEJS_EVENTLOOP_STATE,
  ATTR_V8JS_RESOURCE_TYPE,
  ATTR_V8JS_HEAP_SPACE_NAME,
  ATTR_V8JS_GC_TYPE,
} from '../semconv';
export { DUPLICATE_RUNTIME_WARNING } from './duplicates';
