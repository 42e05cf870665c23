/**
 * The host and process rows of the metric catalogue (METRICS.md) as HostMetrics registers them: name, instrument
 * kind, unit, value type, description and the `metricGroups` key. The nodejs.* and v8js.* rows belong to the
 * runtime metrics and are not listed here.
 */
import * as sc from '../semconv';

/**
 * The `metricGroups` keys of the host and process metrics, in catalogue order. Every row below names one (a typo
 * is a compile error), and test/otel/catalogue.test.ts checks that each key has a row.
 */
export const HOST_GROUPS = Object.freeze([
  'system.cpu',
  'system.memory',
  'system.paging',
  'system.disk',
  'system.filesystem',
  'system.network',
  'system.process',
  'system.uptime',
  'process.cpu',
  'process.memory',
  'process.disk',
  'process.threads',
  'process.files',
  'process.uptime',
] as const);

/** A `metricGroups` key of the host and process metrics. */
export type HostGroup = (typeof HOST_GROUPS)[number];

/** The `metricGroups` keys served by the runtime metrics (nodejs.*, v8js.*). */
export const RUNTIME_GROUPS = Object.freeze(['nodejs.eventloop', 'v8js.gc', 'v8js.memory', 'nodejs.resources'] as const);

/** A `metricGroups` key of the runtime metrics. */
export type RuntimeGroup = (typeof RUNTIME_GROUPS)[number];

/** The `metricGroups` key of the container metrics (src/otel/container: the cgroup's limits, usage, pressure). */
export const CONTAINER_GROUP = 'container';

/** Any `metricGroups` key of HostMetrics. */
export type MetricGroup = HostGroup | RuntimeGroup | typeof CONTAINER_GROUP;

/** Instrument kind of a catalogue row (the Observable variant is what HostMetrics creates). */
export type MetricKind = 'Counter' | 'UpDownCounter' | 'Gauge';

/** One metric HostMetrics can emit. */
export interface MetricDef {
  /** Semantic-convention name. */
  readonly name: string;
  readonly kind: MetricKind;
  /** UCUM unit as the catalogue gives it. */
  readonly unit: string;
  /** True when the values are whole numbers (reported as INT). */
  readonly int: boolean;
  readonly description: string;
  /** The `metricGroups` key that enables it. */
  readonly group: HostGroup | typeof CONTAINER_GROUP;
  /** True for catalogue rows that are not emitted unless named in `optIn`. */
  readonly optIn: boolean;
}

function def(
  name: string,
  kind: MetricKind,
  unit: string,
  int: boolean,
  group: HostGroup,
  description: string,
  optIn = false,
): MetricDef {
  return Object.freeze({ name, kind, unit, int, group, description, optIn });
}

/** Every host and process metric of the catalogue, in emission order. */
export const HOST_METRICS: readonly MetricDef[] = Object.freeze([
  def(sc.METRIC_SYSTEM_CPU_TIME, 'Counter', 's', false, 'system.cpu', 'CPU time spent in each mode'),
  def(
    sc.METRIC_SYSTEM_CPU_UTILIZATION,
    'Gauge',
    '1',
    false,
    'system.cpu',
    'Share of CPU time spent in each mode since the previous sample, 0..1',
  ),
  def(sc.METRIC_SYSTEM_CPU_LOGICAL_COUNT, 'UpDownCounter', '{cpu}', true, 'system.cpu', 'Online logical CPUs'),
  def(sc.METRIC_SYSTEM_CPU_LOAD_AVERAGE_1M, 'Gauge', '{thread}', false, 'system.cpu', 'Load average over 1 minute'),
  def(sc.METRIC_SYSTEM_CPU_LOAD_AVERAGE_5M, 'Gauge', '{thread}', false, 'system.cpu', 'Load average over 5 minutes'),
  def(sc.METRIC_SYSTEM_CPU_LOAD_AVERAGE_15M, 'Gauge', '{thread}', false, 'system.cpu', 'Load average over 15 minutes'),
  def(sc.METRIC_SYSTEM_MEMORY_USAGE, 'UpDownCounter', 'By', true, 'system.memory', 'Memory in use per state'),
  def(sc.METRIC_SYSTEM_MEMORY_LIMIT, 'UpDownCounter', 'By', true, 'system.memory', 'Total memory'),
  def(
    sc.METRIC_SYSTEM_MEMORY_UTILIZATION,
    'Gauge',
    '1',
    false,
    'system.memory',
    'Share of total memory per state, 0..1',
  ),
  def(
    sc.METRIC_SYSTEM_MEMORY_LINUX_AVAILABLE,
    'UpDownCounter',
    'By',
    true,
    'system.memory',
    'Memory available for new work without swapping (MemAvailable)',
  ),
  def(sc.METRIC_SYSTEM_MEMORY_LINUX_SHARED, 'UpDownCounter', 'By', true, 'system.memory', 'Shared memory (Shmem)'),
  def(
    sc.METRIC_SYSTEM_MEMORY_LINUX_SLAB_USAGE,
    'UpDownCounter',
    'By',
    true,
    'system.memory',
    'Kernel slab memory per state',
  ),
  def(sc.METRIC_SYSTEM_PAGING_USAGE, 'UpDownCounter', 'By', true, 'system.paging', 'Swap space per state'),
  def(sc.METRIC_SYSTEM_PAGING_UTILIZATION, 'Gauge', '1', false, 'system.paging', 'Share of swap space per state, 0..1'),
  def(sc.METRIC_SYSTEM_PAGING_FAULTS, 'Counter', '{fault}', true, 'system.paging', 'Page faults per type'),
  def(sc.METRIC_SYSTEM_PAGING_OPERATIONS, 'Counter', '{operation}', true, 'system.paging', 'Pages swapped in and out'),
  def(sc.METRIC_SYSTEM_DISK_IO, 'Counter', 'By', true, 'system.disk', 'Bytes read and written'),
  def(
    sc.METRIC_SYSTEM_DISK_OPERATIONS,
    'Counter',
    '{operation}',
    true,
    'system.disk',
    'Read and write operations completed',
  ),
  def(sc.METRIC_SYSTEM_DISK_IO_TIME, 'Counter', 's', false, 'system.disk', 'Time the device had I/O in flight'),
  def(
    sc.METRIC_SYSTEM_DISK_OPERATION_TIME,
    'Counter',
    's',
    false,
    'system.disk',
    'Time spent on reads and writes (summed over requests)',
  ),
  def(sc.METRIC_SYSTEM_DISK_MERGED, 'Counter', '{operation}', true, 'system.disk', 'Adjacent requests merged'),
  def(
    sc.METRIC_SYSTEM_DISK_PENDING_OPERATIONS,
    'UpDownCounter',
    '{operation}',
    true,
    'system.disk',
    'I/O requests in flight',
    true,
  ),
  def(
    sc.METRIC_SYSTEM_FILESYSTEM_USAGE,
    'UpDownCounter',
    'By',
    true,
    'system.filesystem',
    'Filesystem space per state',
  ),
  def(
    sc.METRIC_SYSTEM_FILESYSTEM_UTILIZATION,
    'Gauge',
    '1',
    false,
    'system.filesystem',
    'Share of filesystem space per state, 0..1',
  ),
  def(sc.METRIC_SYSTEM_FILESYSTEM_LIMIT, 'UpDownCounter', 'By', true, 'system.filesystem', 'Filesystem size'),
  def(sc.METRIC_SYSTEM_NETWORK_IO, 'Counter', 'By', true, 'system.network', 'Bytes received and transmitted'),
  def(
    sc.METRIC_SYSTEM_NETWORK_PACKET_COUNT,
    'Counter',
    '{packet}',
    true,
    'system.network',
    'Packets received and transmitted',
  ),
  def(sc.METRIC_SYSTEM_NETWORK_PACKET_DROPPED, 'Counter', '{packet}', true, 'system.network', 'Packets dropped'),
  def(sc.METRIC_SYSTEM_NETWORK_ERRORS, 'Counter', '{error}', true, 'system.network', 'Receive and transmit errors'),
  def(
    sc.METRIC_SYSTEM_NETWORK_CONNECTION_COUNT,
    'UpDownCounter',
    '{connection}',
    true,
    'system.network',
    'TCP connections per state',
  ),
  def(
    sc.METRIC_SYSTEM_PROCESS_COUNT,
    'UpDownCounter',
    '{process}',
    true,
    'system.process',
    'Processes running or blocked on I/O',
  ),
  def(
    sc.METRIC_SYSTEM_PROCESS_CREATED,
    'Counter',
    '{process}',
    true,
    'system.process',
    'Processes and threads created since boot',
  ),
  def(sc.METRIC_SYSTEM_UPTIME, 'Gauge', 's', false, 'system.uptime', 'Time since boot'),
  def(sc.METRIC_PROCESS_CPU_TIME, 'Counter', 's', false, 'process.cpu', 'CPU time used by the process per mode'),
  def(
    sc.METRIC_PROCESS_CPU_UTILIZATION,
    'Gauge',
    '1',
    false,
    'process.cpu',
    'Share of the CPUs available to the process it used since the previous sample, 0..1',
  ),
  def(sc.METRIC_PROCESS_MEMORY_USAGE, 'UpDownCounter', 'By', true, 'process.memory', 'Resident set size'),
  def(sc.METRIC_PROCESS_MEMORY_VIRTUAL, 'UpDownCounter', 'By', true, 'process.memory', 'Virtual memory size'),
  def(
    sc.METRIC_PROCESS_DISK_IO,
    'Counter',
    'By',
    true,
    'process.disk',
    'Bytes the process read from and wrote to storage',
  ),
  def(sc.METRIC_PROCESS_THREAD_COUNT, 'UpDownCounter', '{thread}', true, 'process.threads', 'Threads of the process'),
  def(
    sc.METRIC_PROCESS_UNIX_FILE_DESCRIPTOR_COUNT,
    'UpDownCounter',
    '{file_descriptor}',
    true,
    'process.files',
    'Open file descriptors of the process',
  ),
  def(
    sc.METRIC_PROCESS_CONTEXT_SWITCHES,
    'Counter',
    '{context_switch}',
    true,
    'process.cpu',
    'Context switches of the process per type',
  ),
  def(
    sc.METRIC_PROCESS_PAGING_FAULTS,
    'Counter',
    '{fault}',
    true,
    'process.memory',
    'Page faults of the process per type',
  ),
  def(sc.METRIC_PROCESS_UPTIME, 'Gauge', 's', false, 'process.uptime', 'Time since the process started'),
]);


/**
 * The runtime rows of the catalogue (nodejs.*, v8js.*) and their `metricGroups` keys. RuntimeMetrics produces
 * them; HostMetrics passes on exactly these (RuntimeMetrics' extra nodejs.uv.* and v8js.memory.heap.limit are not
 * catalogue rows).
 */
export const RUNTIME_METRICS: ReadonlyArray<{ readonly name: string; readonly group: RuntimeGroup }> = Object.freeze(
  ([
    ...[
      sc.METRIC_NODEJS_EVENTLOOP_DELAY_MIN,
      sc.METRIC_NODEJS_EVENTLOOP_DELAY_MAX,
      sc.METRIC_NODEJS_EVENTLOOP_DELAY_MEAN,
      sc.METRIC_NODEJS_EVENTLOOP_DELAY_STDDEV,
      sc.METRIC_NODEJS_EVENTLOOP_DELAY_P50,
      sc.METRIC_NODEJS_EVENTLOOP_DELAY_P90,
      sc.METRIC_NODEJS_EVENTLOOP_DELAY_P99,
      sc.METRIC_NODEJS_EVENTLOOP_UTILIZATION,
      sc.METRIC_NODEJS_EVENTLOOP_TIME,
    ].map((name) => ({ name, group: 'nodejs.eventloop' })),
    { name: sc.METRIC_V8JS_GC_DURATION, group: 'v8js.gc' },
    ...[
      sc.METRIC_V8JS_MEMORY_HEAP_USED,
      sc.METRIC_V8JS_MEMORY_HEAP_SPACE_SIZE,
      sc.METRIC_V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE,
      sc.METRIC_V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE,
    ].map((name) => ({ name, group: 'v8js.memory' })),
    { name: sc.METRIC_V8JS_RESOURCE_ACTIVE, group: 'nodejs.resources' },
  ] as Array<{ name: string; group: RuntimeGroup }>).map((r) => Object.freeze(r)),
);

/** Instrument kind of an application-family row: the host kinds plus Histogram. */
export type AppMetricKind = MetricKind | 'Histogram';

/**
 * One metric of an application family (HTTP server, database pools): the catalogue row as a MetricProducer
 * exports it. `int` is the value type of the points (and of a histogram's sum/min/max).
 */
export interface AppMetricDef {
  readonly name: string;
  readonly kind: AppMetricKind;
  /** UCUM unit as the catalogue gives it. */
  readonly unit: string;
  readonly int: boolean;
  readonly description: string;
  /** The family key (`http.server`, `db.client`). */
  readonly group: string;
  /** True for rows that are emitted only when asked for. */
  readonly optIn: boolean;
  /** Explicit bucket boundaries of a Histogram (ascending); absent for other kinds. */
  readonly boundaries?: readonly number[];
}

/** Builds a frozen AppMetricDef (the application families' catalogue rows). */
export function appDef(
  name: string,
  kind: AppMetricKind,
  unit: string,
  int: boolean,
  group: string,
  description: string,
  optIn = false,
  boundaries?: readonly number[],
): AppMetricDef {
  return Object.freeze({ name, kind, unit, int, group, description, optIn, ...(boundaries ? { boundaries } : {}) });
}

/**
 * Bucket boundaries (bytes) procsampler uses for the HTTP body-size histograms: the conventions give no advice;
 * powers of 4 from 64 B to 16 MiB.
 */
export const HTTP_BODY_SIZE_BUCKETS: readonly number[] = Object.freeze([
  64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216,
]);

/** The http.server rows of the catalogue (metrics-next.json), in emission order. */
export const HTTP_SERVER_METRICS: readonly AppMetricDef[] = Object.freeze([
  appDef(
    sc.METRIC_HTTP_SERVER_REQUEST_DURATION,
    'Histogram',
    's',
    false,
    'http.server',
    'Duration of HTTP server requests',
    false,
    sc.HTTP_SERVER_REQUEST_DURATION_BUCKETS,
  ),
  appDef(
    sc.METRIC_HTTP_SERVER_ACTIVE_REQUESTS,
    'UpDownCounter',
    '{request}',
    true,
    'http.server',
    'Number of active HTTP server requests',
  ),
  appDef(
    sc.METRIC_HTTP_SERVER_REQUEST_BODY_SIZE,
    'Histogram',
    'By',
    true,
    'http.server',
    'Size of HTTP server request bodies (Content-Length)',
    true,
    HTTP_BODY_SIZE_BUCKETS,
  ),
  appDef(
    sc.METRIC_HTTP_SERVER_RESPONSE_BODY_SIZE,
    'Histogram',
    'By',
    true,
    'http.server',
    'Size of HTTP server response bodies, headers excluded',
    true,
    HTTP_BODY_SIZE_BUCKETS,
  ),
]);

/**
 * Bucket boundaries (seconds) procsampler uses for the pool time histograms (wait, use, create): the conventions
 * give no advice; from 0.1 ms (a connection handed out from the idle list) to 10 s (a starved pool).
 */
export const DB_POOL_TIME_BUCKETS: readonly number[] = Object.freeze([
  0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

/** The db.client rows of the catalogue (metrics-next.json), in emission order. */
export const DB_CLIENT_METRICS: readonly AppMetricDef[] = Object.freeze([
  appDef(
    sc.METRIC_DB_CLIENT_CONNECTION_COUNT,
    'UpDownCounter',
    '{connection}',
    true,
    'db.client',
    'Connections of the pool per state (idle, used), read at collect time',
  ),
  appDef(
    sc.METRIC_DB_CLIENT_CONNECTION_IDLE_MAX,
    'UpDownCounter',
    '{connection}',
    true,
    'db.client',
    'Most idle connections the pool keeps open',
  ),
  appDef(
    sc.METRIC_DB_CLIENT_CONNECTION_IDLE_MIN,
    'UpDownCounter',
    '{connection}',
    true,
    'db.client',
    'Fewest idle connections the pool keeps open',
  ),
  appDef(
    sc.METRIC_DB_CLIENT_CONNECTION_MAX,
    'UpDownCounter',
    '{connection}',
    true,
    'db.client',
    'Most open connections the pool allows',
  ),
  appDef(
    sc.METRIC_DB_CLIENT_CONNECTION_PENDING_REQUESTS,
    'UpDownCounter',
    '{request}',
    true,
    'db.client',
    'Requests waiting for a connection from the pool now',
  ),
  appDef(
    sc.METRIC_DB_CLIENT_CONNECTION_TIMEOUTS,
    'Counter',
    '{timeout}',
    true,
    'db.client',
    'Requests for a connection that timed out',
  ),
  appDef(
    sc.METRIC_DB_CLIENT_CONNECTION_CREATE_TIME,
    'Histogram',
    's',
    false,
    'db.client',
    'Time it took to open a new connection',
    false,
    DB_POOL_TIME_BUCKETS,
  ),
  appDef(
    sc.METRIC_DB_CLIENT_CONNECTION_WAIT_TIME,
    'Histogram',
    's',
    false,
    'db.client',
    'Time it took to obtain an open connection from the pool',
    false,
    DB_POOL_TIME_BUCKETS,
  ),
  appDef(
    sc.METRIC_DB_CLIENT_CONNECTION_USE_TIME,
    'Histogram',
    's',
    false,
    'db.client',
    'Time between borrowing a connection and returning it to the pool',
    false,
    DB_POOL_TIME_BUCKETS,
  ),
]);

/** procsampler's self-metric of the application families: measurements dropped, by family and reason. */
export const APP_DROPPED_METRIC: AppMetricDef = appDef(
  sc.METRIC_PROCSAMPLER_APP_DROPPED,
  'Counter',
  '{record}',
  true,
  'procsampler.app',
  'Measurements an application family dropped (bad input), by family and reason',
);
