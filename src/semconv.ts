/**
 * Semantic-convention names used by procsampler (OpenTelemetry semantic conventions v1.44; rows of the catalogue
 * marked semconv:false use the OpenTelemetry Collector hostmetrics name). Copied here as plain string constants so
 * the library needs no dependency on @opentelemetry/semantic-conventions, whose exports lag behind renames.
 * The catalogue is metrics.json / METRICS.md of the project; test/otel/semconv.test.ts checks this file against it.
 */

/** `system.cpu.time`: Counter, unit `s`. /proc/stat cpu line; interrupt = irq + softirq; guest/guest_nice are already inside user/nice and are not emitted separately. */
export const METRIC_SYSTEM_CPU_TIME = 'system.cpu.time';
/** `system.cpu.utilization`: Gauge, unit `1`. delta of system.cpu.time per mode / delta of the sum of all modes between two samples; 0..1. */
export const METRIC_SYSTEM_CPU_UTILIZATION = 'system.cpu.utilization';
/** `system.cpu.logical.count`: UpDownCounter, unit `{cpu}`. online CPUs (cpuN lines of /proc/stat). */
export const METRIC_SYSTEM_CPU_LOGICAL_COUNT = 'system.cpu.logical.count';
/** `system.cpu.load_average.1m`: Gauge, unit `{thread}`. /proc/loadavg (Collector name). */
export const METRIC_SYSTEM_CPU_LOAD_AVERAGE_1M = 'system.cpu.load_average.1m';
/** `system.cpu.load_average.5m`: Gauge, unit `{thread}`. /proc/loadavg (Collector name). */
export const METRIC_SYSTEM_CPU_LOAD_AVERAGE_5M = 'system.cpu.load_average.5m';
/** `system.cpu.load_average.15m`: Gauge, unit `{thread}`. /proc/loadavg (Collector name). */
export const METRIC_SYSTEM_CPU_LOAD_AVERAGE_15M = 'system.cpu.load_average.15m';
/** `system.memory.usage`: UpDownCounter, unit `By`. /proc/meminfo: used = MemTotal - MemAvailable, free = MemFree, buffers = Buffers, cached = Cached + SReclaimable. */
export const METRIC_SYSTEM_MEMORY_USAGE = 'system.memory.usage';
/** `system.memory.limit`: UpDownCounter, unit `By`. /proc/meminfo MemTotal. */
export const METRIC_SYSTEM_MEMORY_LIMIT = 'system.memory.limit';
/** `system.memory.utilization`: Gauge, unit `1`. system.memory.usage / system.memory.limit. */
export const METRIC_SYSTEM_MEMORY_UTILIZATION = 'system.memory.utilization';
/** `system.memory.linux.available`: UpDownCounter, unit `By`. /proc/meminfo MemAvailable (omitted where the kernel does not print it). */
export const METRIC_SYSTEM_MEMORY_LINUX_AVAILABLE = 'system.memory.linux.available';
/** `system.memory.linux.shared`: UpDownCounter, unit `By`. /proc/meminfo Shmem. */
export const METRIC_SYSTEM_MEMORY_LINUX_SHARED = 'system.memory.linux.shared';
/** `system.memory.linux.slab.usage`: UpDownCounter, unit `By`. /proc/meminfo SReclaimable, SUnreclaim. */
export const METRIC_SYSTEM_MEMORY_LINUX_SLAB_USAGE = 'system.memory.linux.slab.usage';
/** `system.paging.usage`: UpDownCounter, unit `By`. /proc/meminfo SwapTotal - SwapFree, SwapFree. */
export const METRIC_SYSTEM_PAGING_USAGE = 'system.paging.usage';
/** `system.paging.utilization`: Gauge, unit `1`. system.paging.usage / SwapTotal (omitted when SwapTotal is 0). */
export const METRIC_SYSTEM_PAGING_UTILIZATION = 'system.paging.utilization';
/** `system.paging.faults`: Counter, unit `{fault}`. /proc/vmstat pgmajfault, pgfault - pgmajfault. */
export const METRIC_SYSTEM_PAGING_FAULTS = 'system.paging.faults';
/** `system.paging.operations`: Counter, unit `{operation}`. /proc/vmstat pswpin, pswpout. */
export const METRIC_SYSTEM_PAGING_OPERATIONS = 'system.paging.operations';
/** `system.disk.io`: Counter, unit `By`. /proc/diskstats sectors * 512. */
export const METRIC_SYSTEM_DISK_IO = 'system.disk.io';
/** `system.disk.operations`: Counter, unit `{operation}`. /proc/diskstats reads/writes completed. */
export const METRIC_SYSTEM_DISK_OPERATIONS = 'system.disk.operations';
/** `system.disk.io_time`: Counter, unit `s`. /proc/diskstats field 13 (ms doing I/O) / 1000. */
export const METRIC_SYSTEM_DISK_IO_TIME = 'system.disk.io_time';
/** `system.disk.operation_time`: Counter, unit `s`. /proc/diskstats fields 7 and 11 (ms) / 1000. */
export const METRIC_SYSTEM_DISK_OPERATION_TIME = 'system.disk.operation_time';
/** `system.disk.merged`: Counter, unit `{operation}`. /proc/diskstats reads/writes merged. */
export const METRIC_SYSTEM_DISK_MERGED = 'system.disk.merged';
/** `system.disk.pending_operations`: UpDownCounter, unit `{operation}`. /proc/diskstats field 12 (I/Os in flight) (Collector name). */
export const METRIC_SYSTEM_DISK_PENDING_OPERATIONS = 'system.disk.pending_operations';
/** `system.filesystem.usage`: UpDownCounter, unit `By`. statvfs() on each mount from <procRoot>/self/mountinfo, filtered by the node_exporter default excludes; free = f_bavail*f_frsize, reserved = (f_bfree-f_bavail)*f_frsize, used = (f_blocks-f_bfree)*f_frsize. */
export const METRIC_SYSTEM_FILESYSTEM_USAGE = 'system.filesystem.usage';
/** `system.filesystem.utilization`: Gauge, unit `1`. system.filesystem.usage / system.filesystem.limit. */
export const METRIC_SYSTEM_FILESYSTEM_UTILIZATION = 'system.filesystem.utilization';
/** `system.filesystem.limit`: UpDownCounter, unit `By`. f_blocks * f_frsize. */
export const METRIC_SYSTEM_FILESYSTEM_LIMIT = 'system.filesystem.limit';
/** `system.network.io`: Counter, unit `By`. /proc/net/dev bytes. */
export const METRIC_SYSTEM_NETWORK_IO = 'system.network.io';
/** `system.network.packet.count`: Counter, unit `{packet}`. /proc/net/dev packets (semconv v1.44 names the interface system.device on this one metric). */
export const METRIC_SYSTEM_NETWORK_PACKET_COUNT = 'system.network.packet.count';
/** `system.network.packet.dropped`: Counter, unit `{packet}`. /proc/net/dev drop. */
export const METRIC_SYSTEM_NETWORK_PACKET_DROPPED = 'system.network.packet.dropped';
/** `system.network.errors`: Counter, unit `{error}`. /proc/net/dev errs. */
export const METRIC_SYSTEM_NETWORK_ERRORS = 'system.network.errors';
/** `system.network.connection.count`: UpDownCounter, unit `{connection}`. /proc/net/tcp and /proc/net/tcp6 (or netlink sock_diag) state counts, sampled off the event loop. */
export const METRIC_SYSTEM_NETWORK_CONNECTION_COUNT = 'system.network.connection.count';
/** `system.process.count`: UpDownCounter, unit `{process}`. /proc/stat procs_running, procs_blocked ('blocked' is outside the semconv enum, documented). */
export const METRIC_SYSTEM_PROCESS_COUNT = 'system.process.count';
/** `system.process.created`: Counter, unit `{process}`. /proc/stat processes. */
export const METRIC_SYSTEM_PROCESS_CREATED = 'system.process.created';
/** `system.uptime`: Gauge, unit `s`. /proc/uptime. */
export const METRIC_SYSTEM_UPTIME = 'system.uptime';
/** `process.cpu.time`: Counter, unit `s`. getrusage(RUSAGE_SELF) or <procRoot>/<pid>/stat utime/stime. */
export const METRIC_PROCESS_CPU_TIME = 'process.cpu.time';
/** `process.cpu.utilization`: Gauge, unit `1`. delta process.cpu.time / (elapsed seconds * CPUs available to the process). */
export const METRIC_PROCESS_CPU_UTILIZATION = 'process.cpu.utilization';
/** `process.memory.usage`: UpDownCounter, unit `By`. resident set size. */
export const METRIC_PROCESS_MEMORY_USAGE = 'process.memory.usage';
/** `process.memory.virtual`: UpDownCounter, unit `By`. virtual memory size. */
export const METRIC_PROCESS_MEMORY_VIRTUAL = 'process.memory.virtual';
/** `process.disk.io`: Counter, unit `By`. <procRoot>/<pid>/io read_bytes, write_bytes. */
export const METRIC_PROCESS_DISK_IO = 'process.disk.io';
/** `process.thread.count`: UpDownCounter, unit `{thread}`. <procRoot>/<pid>/stat num_threads. */
export const METRIC_PROCESS_THREAD_COUNT = 'process.thread.count';
/** `process.unix.file_descriptor.count`: UpDownCounter, unit `{file_descriptor}`. entries of <procRoot>/<pid>/fd, counted without allocation. */
export const METRIC_PROCESS_UNIX_FILE_DESCRIPTOR_COUNT = 'process.unix.file_descriptor.count';
/** `process.context_switches`: Counter, unit `{context_switch}`. getrusage ru_nvcsw/ru_nivcsw or <pid>/status. */
export const METRIC_PROCESS_CONTEXT_SWITCHES = 'process.context_switches';
/** `process.paging.faults`: Counter, unit `{fault}`. getrusage ru_majflt/ru_minflt or <pid>/stat. */
export const METRIC_PROCESS_PAGING_FAULTS = 'process.paging.faults';
/** `process.uptime`: Gauge, unit `s`. now - process start time. */
export const METRIC_PROCESS_UPTIME = 'process.uptime';
/** `nodejs.eventloop.delay.min`: Gauge, unit `s`. per-iteration event-loop delay histogram. */
export const METRIC_NODEJS_EVENTLOOP_DELAY_MIN = 'nodejs.eventloop.delay.min';
/** `nodejs.eventloop.delay.max`: Gauge, unit `s`. as above. */
export const METRIC_NODEJS_EVENTLOOP_DELAY_MAX = 'nodejs.eventloop.delay.max';
/** `nodejs.eventloop.delay.mean`: Gauge, unit `s`. as above. */
export const METRIC_NODEJS_EVENTLOOP_DELAY_MEAN = 'nodejs.eventloop.delay.mean';
/** `nodejs.eventloop.delay.stddev`: Gauge, unit `s`. as above. */
export const METRIC_NODEJS_EVENTLOOP_DELAY_STDDEV = 'nodejs.eventloop.delay.stddev';
/** `nodejs.eventloop.delay.p50`: Gauge, unit `s`. as above. */
export const METRIC_NODEJS_EVENTLOOP_DELAY_P50 = 'nodejs.eventloop.delay.p50';
/** `nodejs.eventloop.delay.p90`: Gauge, unit `s`. as above. */
export const METRIC_NODEJS_EVENTLOOP_DELAY_P90 = 'nodejs.eventloop.delay.p90';
/** `nodejs.eventloop.delay.p99`: Gauge, unit `s`. as above. */
export const METRIC_NODEJS_EVENTLOOP_DELAY_P99 = 'nodejs.eventloop.delay.p99';
/** `nodejs.eventloop.utilization`: Gauge, unit `1`. event loop utilization between collections. */
export const METRIC_NODEJS_EVENTLOOP_UTILIZATION = 'nodejs.eventloop.utilization';
/** `nodejs.eventloop.time`: Counter, unit `s`. cumulative active and idle time of the loop. */
export const METRIC_NODEJS_EVENTLOOP_TIME = 'nodejs.eventloop.time';
/** `v8js.gc.duration`: Histogram, unit `s`. GC pause durations; buckets [0.005,0.01,0.025,0.05,0.075,0.1,0.25,0.5,0.75,1,2.5,5,7.5,10]. */
export const METRIC_V8JS_GC_DURATION = 'v8js.gc.duration';
/** `v8js.memory.heap.used`: UpDownCounter, unit `By`. heap space statistics. */
export const METRIC_V8JS_MEMORY_HEAP_USED = 'v8js.memory.heap.used';
/** `v8js.memory.heap.space.size`: UpDownCounter, unit `By`. heap space statistics. */
export const METRIC_V8JS_MEMORY_HEAP_SPACE_SIZE = 'v8js.memory.heap.space.size';
/** `v8js.memory.heap.space.available_size`: UpDownCounter, unit `By`. heap space statistics. */
export const METRIC_V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE = 'v8js.memory.heap.space.available_size';
/** `v8js.memory.heap.space.physical_size`: UpDownCounter, unit `By`. heap space statistics. */
export const METRIC_V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE = 'v8js.memory.heap.space.physical_size';
/** `v8js.resource.active`: Gauge, unit `{resource}`. active handles and requests by type. */
export const METRIC_V8JS_RESOURCE_ACTIVE = 'v8js.resource.active';

// procsampler's own runtime names, for libuv and V8 numbers that have no convention (RuntimeMetrics emits them;
// HostMetrics does not: they are not rows of the semantic-convention catalogue).

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

/** Attribute `cpu.mode` (enum: user, nice, system, idle, iowait, interrupt, steal). */
export const ATTR_CPU_MODE = 'cpu.mode';
/** Attribute `cpu.logical_number` (int, opt-in (perCpu)). */
export const ATTR_CPU_LOGICAL_NUMBER = 'cpu.logical_number';
/** Attribute `system.memory.state` (enum: used, free, buffers, cached). */
export const ATTR_SYSTEM_MEMORY_STATE = 'system.memory.state';
/** Attribute `system.memory.linux.slab.state` (enum: reclaimable, unreclaimable). */
export const ATTR_SYSTEM_MEMORY_LINUX_SLAB_STATE = 'system.memory.linux.slab.state';
/** Attribute `system.paging.state` (enum: used, free). */
export const ATTR_SYSTEM_PAGING_STATE = 'system.paging.state';
/** Attribute `system.paging.fault.type` (enum: major, minor). */
export const ATTR_SYSTEM_PAGING_FAULT_TYPE = 'system.paging.fault.type';
/** Attribute `system.paging.direction` (enum: in, out). */
export const ATTR_SYSTEM_PAGING_DIRECTION = 'system.paging.direction';
/** Attribute `system.device` (string). */
export const ATTR_SYSTEM_DEVICE = 'system.device';
/** Attribute `disk.io.direction` (enum: read, write). */
export const ATTR_DISK_IO_DIRECTION = 'disk.io.direction';
/** Attribute `system.filesystem.state` (enum: used, free, reserved). */
export const ATTR_SYSTEM_FILESYSTEM_STATE = 'system.filesystem.state';
/** Attribute `system.filesystem.type` (string). */
export const ATTR_SYSTEM_FILESYSTEM_TYPE = 'system.filesystem.type';
/** Attribute `system.filesystem.mode` (enum: rw, ro). */
export const ATTR_SYSTEM_FILESYSTEM_MODE = 'system.filesystem.mode';
/** Attribute `system.filesystem.mountpoint` (string). */
export const ATTR_SYSTEM_FILESYSTEM_MOUNTPOINT = 'system.filesystem.mountpoint';
/** Attribute `network.interface.name` (string). */
export const ATTR_NETWORK_INTERFACE_NAME = 'network.interface.name';
/** Attribute `network.io.direction` (enum: receive, transmit). */
export const ATTR_NETWORK_IO_DIRECTION = 'network.io.direction';
/** Attribute `network.transport` (enum: tcp). */
export const ATTR_NETWORK_TRANSPORT = 'network.transport';
/** Attribute `network.type` (enum: ipv4, ipv6). */
export const ATTR_NETWORK_TYPE = 'network.type';
/** Attribute `network.connection.state` (enum: close_wait, closed, closing, established, fin_wait_1, fin_wait_2, last_ack, listen, syn_received, syn_sent, time_wait). */
export const ATTR_NETWORK_CONNECTION_STATE = 'network.connection.state';
/** Attribute `process.state` (enum: running, blocked). */
export const ATTR_PROCESS_STATE = 'process.state';
/** Attribute `process.context_switch.type` (enum: voluntary, involuntary). */
export const ATTR_PROCESS_CONTEXT_SWITCH_TYPE = 'process.context_switch.type';
/** Attribute `nodejs.eventloop.state` (enum: active, idle). */
export const ATTR_NODEJS_EVENTLOOP_STATE = 'nodejs.eventloop.state';
/** Attribute `v8js.gc.type` (enum: major, minor, incremental, weakcb). */
export const ATTR_V8JS_GC_TYPE = 'v8js.gc.type';
/** Attribute `v8js.heap.space.name` (string). */
export const ATTR_V8JS_HEAP_SPACE_NAME = 'v8js.heap.space.name';
/** Attribute `v8js.resource.type` (string). */
export const ATTR_V8JS_RESOURCE_TYPE = 'v8js.resource.type';

/** Value `user` of `cpu.mode`. */
export const CPU_MODE_VALUE_USER = 'user';
/** Value `nice` of `cpu.mode`. */
export const CPU_MODE_VALUE_NICE = 'nice';
/** Value `system` of `cpu.mode`. */
export const CPU_MODE_VALUE_SYSTEM = 'system';
/** Value `idle` of `cpu.mode`. */
export const CPU_MODE_VALUE_IDLE = 'idle';
/** Value `iowait` of `cpu.mode`. */
export const CPU_MODE_VALUE_IOWAIT = 'iowait';
/** Value `interrupt` of `cpu.mode`. */
export const CPU_MODE_VALUE_INTERRUPT = 'interrupt';
/** Value `steal` of `cpu.mode`. */
export const CPU_MODE_VALUE_STEAL = 'steal';
/** Value `used` of `system.memory.state`. */
export const SYSTEM_MEMORY_STATE_VALUE_USED = 'used';
/** Value `free` of `system.memory.state`. */
export const SYSTEM_MEMORY_STATE_VALUE_FREE = 'free';
/** Value `buffers` of `system.memory.state`. */
export const SYSTEM_MEMORY_STATE_VALUE_BUFFERS = 'buffers';
/** Value `cached` of `system.memory.state`. */
export const SYSTEM_MEMORY_STATE_VALUE_CACHED = 'cached';
/** Value `reclaimable` of `system.memory.linux.slab.state`. */
export const SYSTEM_MEMORY_LINUX_SLAB_STATE_VALUE_RECLAIMABLE = 'reclaimable';
/** Value `unreclaimable` of `system.memory.linux.slab.state`. */
export const SYSTEM_MEMORY_LINUX_SLAB_STATE_VALUE_UNRECLAIMABLE = 'unreclaimable';
/** Value `used` of `system.paging.state`. */
export const SYSTEM_PAGING_STATE_VALUE_USED = 'used';
/** Value `free` of `system.paging.state`. */
export const SYSTEM_PAGING_STATE_VALUE_FREE = 'free';
/** Value `major` of `system.paging.fault.type`. */
export const SYSTEM_PAGING_FAULT_TYPE_VALUE_MAJOR = 'major';
/** Value `minor` of `system.paging.fault.type`. */
export const SYSTEM_PAGING_FAULT_TYPE_VALUE_MINOR = 'minor';
/** Value `in` of `system.paging.direction`. */
export const SYSTEM_PAGING_DIRECTION_VALUE_IN = 'in';
/** Value `out` of `system.paging.direction`. */
export const SYSTEM_PAGING_DIRECTION_VALUE_OUT = 'out';
/** Value `read` of `disk.io.direction`. */
export const DISK_IO_DIRECTION_VALUE_READ = 'read';
/** Value `write` of `disk.io.direction`. */
export const DISK_IO_DIRECTION_VALUE_WRITE = 'write';
/** Value `used` of `system.filesystem.state`. */
export const SYSTEM_FILESYSTEM_STATE_VALUE_USED = 'used';
/** Value `free` of `system.filesystem.state`. */
export const SYSTEM_FILESYSTEM_STATE_VALUE_FREE = 'free';
/** Value `reserved` of `system.filesystem.state`. */
export const SYSTEM_FILESYSTEM_STATE_VALUE_RESERVED = 'reserved';
/** Value `rw` of `system.filesystem.mode`. */
export const SYSTEM_FILESYSTEM_MODE_VALUE_RW = 'rw';
/** Value `ro` of `system.filesystem.mode`. */
export const SYSTEM_FILESYSTEM_MODE_VALUE_RO = 'ro';
/** Value `receive` of `network.io.direction`. */
export const NETWORK_IO_DIRECTION_VALUE_RECEIVE = 'receive';
/** Value `transmit` of `network.io.direction`. */
export const NETWORK_IO_DIRECTION_VALUE_TRANSMIT = 'transmit';
/** Value `tcp` of `network.transport`. */
export const NETWORK_TRANSPORT_VALUE_TCP = 'tcp';
/** Value `ipv4` of `network.type`. */
export const NETWORK_TYPE_VALUE_IPV4 = 'ipv4';
/** Value `ipv6` of `network.type`. */
export const NETWORK_TYPE_VALUE_IPV6 = 'ipv6';
/** Value `close_wait` of `network.connection.state`. */
export const NETWORK_CONNECTION_STATE_VALUE_CLOSE_WAIT = 'close_wait';
/** Value `closed` of `network.connection.state`. */
export const NETWORK_CONNECTION_STATE_VALUE_CLOSED = 'closed';
/** Value `closing` of `network.connection.state`. */
export const NETWORK_CONNECTION_STATE_VALUE_CLOSING = 'closing';
/** Value `established` of `network.connection.state`. */
export const NETWORK_CONNECTION_STATE_VALUE_ESTABLISHED = 'established';
/** Value `fin_wait_1` of `network.connection.state`. */
export const NETWORK_CONNECTION_STATE_VALUE_FIN_WAIT_1 = 'fin_wait_1';
/** Value `fin_wait_2` of `network.connection.state`. */
export const NETWORK_CONNECTION_STATE_VALUE_FIN_WAIT_2 = 'fin_wait_2';
/** Value `last_ack` of `network.connection.state`. */
export const NETWORK_CONNECTION_STATE_VALUE_LAST_ACK = 'last_ack';
/** Value `listen` of `network.connection.state`. */
export const NETWORK_CONNECTION_STATE_VALUE_LISTEN = 'listen';
/** Value `syn_received` of `network.connection.state`. */
export const NETWORK_CONNECTION_STATE_VALUE_SYN_RECEIVED = 'syn_received';
/** Value `syn_sent` of `network.connection.state`. */
export const NETWORK_CONNECTION_STATE_VALUE_SYN_SENT = 'syn_sent';
/** Value `time_wait` of `network.connection.state`. */
export const NETWORK_CONNECTION_STATE_VALUE_TIME_WAIT = 'time_wait';
/** Value `running` of `process.state`. */
export const PROCESS_STATE_VALUE_RUNNING = 'running';
/** Value `blocked` of `process.state`. */
export const PROCESS_STATE_VALUE_BLOCKED = 'blocked';
/** Value `voluntary` of `process.context_switch.type`. */
export const PROCESS_CONTEXT_SWITCH_TYPE_VALUE_VOLUNTARY = 'voluntary';
/** Value `involuntary` of `process.context_switch.type`. */
export const PROCESS_CONTEXT_SWITCH_TYPE_VALUE_INVOLUNTARY = 'involuntary';
/** Value `active` of `nodejs.eventloop.state`. */
export const NODEJS_EVENTLOOP_STATE_VALUE_ACTIVE = 'active';
/** Value `idle` of `nodejs.eventloop.state`. */
export const NODEJS_EVENTLOOP_STATE_VALUE_IDLE = 'idle';
/** Value `major` of `v8js.gc.type`. */
export const V8JS_GC_TYPE_VALUE_MAJOR = 'major';
/** Value `minor` of `v8js.gc.type`. */
export const V8JS_GC_TYPE_VALUE_MINOR = 'minor';
/** Value `incremental` of `v8js.gc.type`. */
export const V8JS_GC_TYPE_VALUE_INCREMENTAL = 'incremental';
/** Value `weakcb` of `v8js.gc.type`. */
export const V8JS_GC_TYPE_VALUE_WEAKCB = 'weakcb';

// HTTP server (semantic conventions v1.44, model/http; next family of the catalogue: metrics-next.json).

/** `http.server.request.duration`: Histogram, unit `s` (stable). diagnostics_channel http.server.request.start to the response's finish/close. */
export const METRIC_HTTP_SERVER_REQUEST_DURATION = 'http.server.request.duration';
/** `http.server.active_requests`: UpDownCounter, unit `{request}` (development). Requests started and not yet finished or closed. */
export const METRIC_HTTP_SERVER_ACTIVE_REQUESTS = 'http.server.active_requests';
/** `http.server.request.body.size`: Histogram, unit `By` (development, opt-in). Request payload bytes (Content-Length). */
export const METRIC_HTTP_SERVER_REQUEST_BODY_SIZE = 'http.server.request.body.size';
/** `http.server.response.body.size`: Histogram, unit `By` (development, opt-in). Response payload bytes, headers excluded. */
export const METRIC_HTTP_SERVER_RESPONSE_BODY_SIZE = 'http.server.response.body.size';

/** `http.request.method`: the request method, one of HTTP_KNOWN_METHODS or `_OTHER`. */
export const ATTR_HTTP_REQUEST_METHOD = 'http.request.method';
/** `url.scheme`: `http` or `https`. */
export const ATTR_URL_SCHEME = 'url.scheme';
/** `http.response.status_code`: int, when a response was sent. */
export const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
/** `http.route`: the matched route template (never the raw path), when known. */
export const ATTR_HTTP_ROUTE = 'http.route';
/** `error.type`: the 5xx status code as a string, or the error class, only on error. */
export const ATTR_ERROR_TYPE = 'error.type';
/** `network.protocol.version`: e.g. `1.1`, `2`. */
export const ATTR_NETWORK_PROTOCOL_VERSION = 'network.protocol.version';

/** Value `_OTHER` of `http.request.method`: any method outside HTTP_KNOWN_METHODS. */
export const HTTP_REQUEST_METHOD_VALUE_OTHER = '_OTHER';
/** The methods `http.request.method` names as themselves (RFC 9110 and RFC 5789 PATCH); any other is `_OTHER`. */
export const HTTP_KNOWN_METHODS: readonly string[] = Object.freeze([
  'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH',
]);
/** Value `http` of `url.scheme`. */
export const URL_SCHEME_VALUE_HTTP = 'http';
/** Value `https` of `url.scheme`. */
export const URL_SCHEME_VALUE_HTTPS = 'https';
/** The explicit bucket boundaries (seconds) the conventions advise for `http.server.request.duration`. */
export const HTTP_SERVER_REQUEST_DURATION_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
]);

// Database client connection pools (semantic conventions v1.44, model/db, development; metrics-next.json).

/** `db.client.connection.count`: UpDownCounter, unit `{connection}`, by `db.client.connection.state`. */
export const METRIC_DB_CLIENT_CONNECTION_COUNT = 'db.client.connection.count';
/** `db.client.connection.idle.max`: UpDownCounter, unit `{connection}`. Most idle connections the pool keeps. */
export const METRIC_DB_CLIENT_CONNECTION_IDLE_MAX = 'db.client.connection.idle.max';
/** `db.client.connection.idle.min`: UpDownCounter, unit `{connection}`. Fewest idle connections the pool keeps. */
export const METRIC_DB_CLIENT_CONNECTION_IDLE_MIN = 'db.client.connection.idle.min';
/** `db.client.connection.max`: UpDownCounter, unit `{connection}`. Most open connections the pool allows. */
export const METRIC_DB_CLIENT_CONNECTION_MAX = 'db.client.connection.max';
/** `db.client.connection.pending_requests`: UpDownCounter, unit `{request}`. Requests waiting for a connection now. */
export const METRIC_DB_CLIENT_CONNECTION_PENDING_REQUESTS = 'db.client.connection.pending_requests';
/** `db.client.connection.timeouts`: Counter, unit `{timeout}`. Acquisitions that timed out. */
export const METRIC_DB_CLIENT_CONNECTION_TIMEOUTS = 'db.client.connection.timeouts';
/** `db.client.connection.create_time`: Histogram, unit `s`. Time to open a new connection. */
export const METRIC_DB_CLIENT_CONNECTION_CREATE_TIME = 'db.client.connection.create_time';
/** `db.client.connection.wait_time`: Histogram, unit `s`. From asking the pool to getting a connection. */
export const METRIC_DB_CLIENT_CONNECTION_WAIT_TIME = 'db.client.connection.wait_time';
/** `db.client.connection.use_time`: Histogram, unit `s`. From getting a connection to giving it back. */
export const METRIC_DB_CLIENT_CONNECTION_USE_TIME = 'db.client.connection.use_time';

/** `db.client.connection.pool.name`: the pool's name (default `server.address:server.port/db.namespace`). */
export const ATTR_DB_CLIENT_CONNECTION_POOL_NAME = 'db.client.connection.pool.name';
/** `db.client.connection.state`: `idle` or `used`. */
export const ATTR_DB_CLIENT_CONNECTION_STATE = 'db.client.connection.state';
/** Value `idle` of `db.client.connection.state`. */
export const DB_CLIENT_CONNECTION_STATE_VALUE_IDLE = 'idle';
/** Value `used` of `db.client.connection.state`. */
export const DB_CLIENT_CONNECTION_STATE_VALUE_USED = 'used';

// procsampler's own metrics about the application families (not conventions).

/**
 * `procsampler.app.dropped`: Counter, unit `{record}`. Measurements an application family refused (a NaN or
 * negative duration, a status outside 100-599, a route callback that threw, ...), by family and reason.
 */
export const METRIC_PROCSAMPLER_APP_DROPPED = 'procsampler.app.dropped';
/** `procsampler.app.family`: the family that dropped a measurement (`http.server`, `db.client`). */
export const ATTR_PROCSAMPLER_APP_FAMILY = 'procsampler.app.family';
/** `procsampler.drop.reason`: why a measurement was dropped (see each family's documentation). */
export const ATTR_PROCSAMPLER_DROP_REASON = 'procsampler.drop.reason';
