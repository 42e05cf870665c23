/**
 * The runtime rows of the catalogue (nodejs.*, v8js.*): RuntimeMetrics builds both its instruments and its
 * metricData() from them, and says where each row's values come from (`value`). The rows marked `extra` are
 * procsampler's own numbers with no convention: RuntimeMetrics emits them, HostMetrics does not.
 */
import * as sc from '../../semconv';
import type { RuntimeSlotName } from '../../layout';
import type { AttributeSpec, MetricKind, MetricRow } from './row';
import { NONE, NODEJS_EVENTLOOP_STATE, V8JS_GC_TYPE, V8JS_HEAP_SPACE_NAME_TEXT, V8JS_RESOURCE_TYPE_TEXT } from './attributes';

/** The `metricGroups` keys served by the runtime metrics (nodejs.*, v8js.*). */
export const RUNTIME_GROUPS = Object.freeze(['nodejs.eventloop', 'v8js.gc', 'v8js.memory', 'nodejs.resources'] as const);

/** A `metricGroups` key of the runtime metrics. */
export type RuntimeGroup = (typeof RUNTIME_GROUPS)[number];

/**
 * Where a runtime row's values come from (src/runtime/readings.ts reads them for both export paths):
 * - `{ slot }`: one value, no attributes, from the native runtime array (left out when NaN); `perIteration`: only
 *   when the window saw loop iterations (the delay statistics);
 * - `utilization`: the window's event-loop utilization; `time`: cumulative active and idle time (`nodejs.eventloop.state`);
 * - `resources`: active handles per libuv type and requests (`v8js.resource.type`);
 * - `heapUsed`, `heapSize`, `heapAvailable`, `heapPhysical`: one point per heap space (`v8js.heap.space.name`);
 * - `heapLimit`: V8's heap size limit; `gc`: the pause histogram per `v8js.gc.type`.
 */
export type RuntimeValue =
  | { readonly slot: RuntimeSlotName; readonly perIteration?: boolean }
  | 'utilization'
  | 'time'
  | 'resources'
  | 'heapUsed'
  | 'heapSize'
  | 'heapAvailable'
  | 'heapPhysical'
  | 'heapLimit'
  | 'gc';

/** One runtime metric. */
export interface RuntimeRow extends MetricRow {
  readonly group: RuntimeGroup;
  /** procsampler's own metric (not a semantic-convention row): emitted by RuntimeMetrics, not by HostMetrics. */
  readonly extra: boolean;
  readonly value: RuntimeValue;
}

function row(
  name: string,
  kind: MetricKind | 'Histogram',
  unit: string,
  group: RuntimeGroup,
  value: RuntimeValue,
  attributes: AttributeSpec,
  description: string,
  extra = false,
): RuntimeRow {
  const boundaries = kind === 'Histogram' ? { boundaries: sc.GC_DURATION_BUCKETS } : {};
  const attrs = Object.keys(attributes).length > 0 ? { attributes } : {};
  return Object.freeze({ name, kind, unit, int: false, group, description, optIn: false, extra, value, ...boundaries, ...attrs });
}

const delay = (name: string, slot: RuntimeSlotName, description: string): RuntimeRow =>
  row(name, 'Gauge', 's', 'nodejs.eventloop', { slot, perIteration: true }, NONE, description);

/** Every runtime row, in emission order (RuntimeMetrics' own extras included). */
export const RUNTIME_ROWS: readonly RuntimeRow[] = Object.freeze([
  delay(sc.METRIC_NODEJS_EVENTLOOP_DELAY_MIN, 'delayMin', 'Event loop minimum delay per iteration in the window.'),
  delay(sc.METRIC_NODEJS_EVENTLOOP_DELAY_MAX, 'delayMax', 'Event loop maximum delay per iteration in the window.'),
  delay(sc.METRIC_NODEJS_EVENTLOOP_DELAY_MEAN, 'delayMean', 'Event loop mean delay per iteration in the window.'),
  delay(sc.METRIC_NODEJS_EVENTLOOP_DELAY_STDDEV, 'delayStddev', 'Event loop standard deviation of the delay per iteration.'),
  delay(sc.METRIC_NODEJS_EVENTLOOP_DELAY_P50, 'delayP50', 'Event loop 50th percentile delay per iteration in the window.'),
  delay(sc.METRIC_NODEJS_EVENTLOOP_DELAY_P90, 'delayP90', 'Event loop 90th percentile delay per iteration in the window.'),
  delay(sc.METRIC_NODEJS_EVENTLOOP_DELAY_P99, 'delayP99', 'Event loop 99th percentile delay per iteration in the window.'),
  row(sc.METRIC_NODEJS_EVENTLOOP_UTILIZATION, 'Gauge', '1', 'nodejs.eventloop', 'utilization', NONE, 'Event loop utilization in the window.'),
  row(sc.METRIC_NODEJS_EVENTLOOP_TIME, 'Counter', 's', 'nodejs.eventloop', 'time', NODEJS_EVENTLOOP_STATE, 'Cumulative time the event loop was active or idle.'),
  row(sc.METRIC_NODEJS_UV_LOOP_ITERATIONS, 'Counter', '{iteration}', 'nodejs.eventloop', { slot: 'loopCount' }, NONE, 'Event loop iterations (uv_metrics_info loop_count).', true),
  row(sc.METRIC_NODEJS_UV_LOOP_EVENTS, 'Counter', '{event}', 'nodejs.eventloop', { slot: 'events' }, NONE, 'Events processed by the event provider (uv_metrics_info).', true),
  row(sc.METRIC_NODEJS_UV_LOOP_EVENTS_WAITING, 'Gauge', '{event}', 'nodejs.eventloop', { slot: 'eventsWaiting' }, NONE, 'Events waiting when the event provider was last called.', true),
  row(sc.METRIC_NODEJS_UV_THREADPOOL_SIZE, 'UpDownCounter', '{thread}', 'nodejs.eventloop', { slot: 'threadpoolSize' }, NONE, 'Size of the libuv thread pool.', true),
  row(sc.METRIC_V8JS_RESOURCE_ACTIVE, 'Gauge', '{resource}', 'nodejs.resources', 'resources', V8JS_RESOURCE_TYPE_TEXT, 'Active handles and requests by type.'),
  row(sc.METRIC_V8JS_MEMORY_HEAP_USED, 'UpDownCounter', 'By', 'v8js.memory', 'heapUsed', V8JS_HEAP_SPACE_NAME_TEXT, 'Heap space used.'),
  row(sc.METRIC_V8JS_MEMORY_HEAP_SPACE_SIZE, 'UpDownCounter', 'By', 'v8js.memory', 'heapSize', V8JS_HEAP_SPACE_NAME_TEXT, 'Heap space size.'),
  row(sc.METRIC_V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE, 'UpDownCounter', 'By', 'v8js.memory', 'heapAvailable', V8JS_HEAP_SPACE_NAME_TEXT, 'Heap space available size.'),
  row(sc.METRIC_V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE, 'UpDownCounter', 'By', 'v8js.memory', 'heapPhysical', V8JS_HEAP_SPACE_NAME_TEXT, 'Heap space physical size.'),
  row(sc.METRIC_V8JS_MEMORY_HEAP_LIMIT, 'UpDownCounter', 'By', 'v8js.memory', 'heapLimit', NONE, 'V8 heap size limit.', true),
  row(sc.METRIC_V8JS_GC_DURATION, 'Histogram', 's', 'v8js.gc', 'gc', V8JS_GC_TYPE, 'Garbage collection pause durations.'),
]);

/**
 * The semantic-convention runtime rows (RUNTIME_ROWS without the extras), in RUNTIME_GROUPS order: what HostMetrics
 * can emit (it keeps the rows of its enabled groups, in RUNTIME_ROWS order).
 */
export const RUNTIME_METRICS: readonly RuntimeRow[] = Object.freeze(
  RUNTIME_GROUPS.flatMap((g) => RUNTIME_ROWS.filter((r) => !r.extra && r.group === g)),
);
