/**
 * The host and process rows of the metric catalogue (METRICS.md): name, instrument kind, unit, value type,
 * description and the `metricGroups` key. HostModel (src/otel/host) fills them from a sample.
 */
import * as sc from '../../semconv';
import type { ScalarField, TableName } from '../../layout';
import type { AttributeSpec, MetricKind, MetricRow } from './row';
import { CPU_LOGICAL_NUMBER_TEXT, CPU_MODE, CPU_MODE_USER_SYSTEM, DISK_IO_DIRECTION, NETWORK_CONNECTION_STATE, NETWORK_INTERFACE_NAME_TEXT, NETWORK_IO_DIRECTION, NETWORK_TRANSPORT, NETWORK_TYPE, PROCESS_CONTEXT_SWITCH_TYPE, PROCESS_STATE, SYSTEM_DEVICE_TEXT, SYSTEM_FILESYSTEM_MODE, SYSTEM_FILESYSTEM_MOUNTPOINT_TEXT, SYSTEM_FILESYSTEM_STATE, SYSTEM_FILESYSTEM_TYPE_TEXT, SYSTEM_MEMORY_LINUX_SLAB_STATE, SYSTEM_MEMORY_STATE, SYSTEM_PAGING_DIRECTION, SYSTEM_PAGING_FAULT_TYPE, SYSTEM_PAGING_STATE } from './attributes';

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

/** The `metricGroups` key of the container metrics (src/otel/container: the cgroup's limits, usage, pressure). */
export const CONTAINER_GROUP = 'container';

/** A scalar of a sampled table (a typo in the field name does not compile). */
export type HostScalar = { [N in TableName]: { readonly table: N; readonly field: ScalarField<N> } }[TableName];

/** One host, process or container metric: a catalogue row read from a sample (no Histogram). */
export interface MetricDef extends MetricRow {
  readonly kind: MetricKind;
  /** The `metricGroups` key that enables it. */
  readonly group: HostGroup | typeof CONTAINER_GROUP;
  /**
   * For a row with one point and no attributes: the table scalar that is its value (the model reads it, NaN
   * when the table is not usable). Rows without it are filled by their group's file in src/otel/host.
   */
  readonly value?: HostScalar;
}

function def(
  name: string,
  kind: MetricKind,
  unit: string,
  int: boolean,
  group: HostGroup,
  description: string,
  extra: { optIn?: boolean; value?: HostScalar; attributes?: AttributeSpec } = {},
): MetricDef {
  const { optIn = false, value, attributes } = extra;
  return Object.freeze({ name, kind, unit, int, group, description, optIn, ...(value ? { value } : {}), ...(attributes ? { attributes } : {}) });
}

/** Every host and process metric of the catalogue, in emission order. */
export const HOST_METRICS: readonly MetricDef[] = Object.freeze([
  def(sc.METRIC_SYSTEM_CPU_TIME, 'Counter', 's', false, 'system.cpu', 'CPU time spent in each mode', { attributes: { ...CPU_MODE, ...CPU_LOGICAL_NUMBER_TEXT } }),
  def(sc.METRIC_SYSTEM_CPU_UTILIZATION, 'Gauge', '1', false, 'system.cpu', 'Share of CPU time spent in each mode since the previous sample, 0..1', { attributes: { ...CPU_MODE, ...CPU_LOGICAL_NUMBER_TEXT } }),
  def(sc.METRIC_SYSTEM_CPU_LOGICAL_COUNT, 'UpDownCounter', '{cpu}', true, 'system.cpu', 'Online logical CPUs'),
  def(sc.METRIC_SYSTEM_CPU_LOAD_AVERAGE_1M, 'Gauge', '{thread}', false, 'system.cpu', 'Load average over 1 minute', { value: { table: 'load', field: 'avg1' } }),
  def(sc.METRIC_SYSTEM_CPU_LOAD_AVERAGE_5M, 'Gauge', '{thread}', false, 'system.cpu', 'Load average over 5 minutes', { value: { table: 'load', field: 'avg5' } }),
  def(sc.METRIC_SYSTEM_CPU_LOAD_AVERAGE_15M, 'Gauge', '{thread}', false, 'system.cpu', 'Load average over 15 minutes', { value: { table: 'load', field: 'avg15' } }),
  def(sc.METRIC_SYSTEM_MEMORY_USAGE, 'UpDownCounter', 'By', true, 'system.memory', 'Memory in use per state', { attributes: SYSTEM_MEMORY_STATE }),
  def(sc.METRIC_SYSTEM_MEMORY_LIMIT, 'UpDownCounter', 'By', true, 'system.memory', 'Total memory', { value: { table: 'memory', field: 'total' } }),
  def(sc.METRIC_SYSTEM_MEMORY_UTILIZATION, 'Gauge', '1', false, 'system.memory', 'Share of total memory per state, 0..1', { attributes: SYSTEM_MEMORY_STATE }),
  def(sc.METRIC_SYSTEM_MEMORY_LINUX_AVAILABLE, 'UpDownCounter', 'By', true, 'system.memory', 'Memory available for new work without swapping (MemAvailable)', { value: { table: 'memory', field: 'available' } }),
  def(sc.METRIC_SYSTEM_MEMORY_LINUX_SHARED, 'UpDownCounter', 'By', true, 'system.memory', 'Shared memory (Shmem)', { value: { table: 'memory', field: 'shared' } }),
  def(sc.METRIC_SYSTEM_MEMORY_LINUX_SLAB_USAGE, 'UpDownCounter', 'By', true, 'system.memory', 'Kernel slab memory per state', { attributes: SYSTEM_MEMORY_LINUX_SLAB_STATE }),
  def(sc.METRIC_SYSTEM_PAGING_USAGE, 'UpDownCounter', 'By', true, 'system.paging', 'Swap space per state', { attributes: SYSTEM_PAGING_STATE }),
  def(sc.METRIC_SYSTEM_PAGING_UTILIZATION, 'Gauge', '1', false, 'system.paging', 'Share of swap space per state, 0..1', { attributes: SYSTEM_PAGING_STATE }),
  def(sc.METRIC_SYSTEM_PAGING_FAULTS, 'Counter', '{fault}', true, 'system.paging', 'Page faults per type', { attributes: SYSTEM_PAGING_FAULT_TYPE }),
  def(sc.METRIC_SYSTEM_PAGING_OPERATIONS, 'Counter', '{operation}', true, 'system.paging', 'Pages swapped in and out', { attributes: SYSTEM_PAGING_DIRECTION }),
  def(sc.METRIC_SYSTEM_DISK_IO, 'Counter', 'By', true, 'system.disk', 'Bytes read and written', { attributes: { ...SYSTEM_DEVICE_TEXT, ...DISK_IO_DIRECTION } }),
  def(sc.METRIC_SYSTEM_DISK_OPERATIONS, 'Counter', '{operation}', true, 'system.disk', 'Read and write operations completed', { attributes: { ...SYSTEM_DEVICE_TEXT, ...DISK_IO_DIRECTION } }),
  def(sc.METRIC_SYSTEM_DISK_IO_TIME, 'Counter', 's', false, 'system.disk', 'Time the device had I/O in flight', { attributes: SYSTEM_DEVICE_TEXT }),
  def(sc.METRIC_SYSTEM_DISK_OPERATION_TIME, 'Counter', 's', false, 'system.disk', 'Time spent on reads and writes (summed over requests)', { attributes: { ...SYSTEM_DEVICE_TEXT, ...DISK_IO_DIRECTION } }),
  def(sc.METRIC_SYSTEM_DISK_MERGED, 'Counter', '{operation}', true, 'system.disk', 'Adjacent requests merged', { attributes: { ...SYSTEM_DEVICE_TEXT, ...DISK_IO_DIRECTION } }),
  def(sc.METRIC_SYSTEM_DISK_PENDING_OPERATIONS, 'UpDownCounter', '{operation}', true, 'system.disk', 'I/O requests in flight', { optIn: true, attributes: SYSTEM_DEVICE_TEXT }),
  def(sc.METRIC_SYSTEM_FILESYSTEM_USAGE, 'UpDownCounter', 'By', true, 'system.filesystem', 'Filesystem space per state', { attributes: { ...SYSTEM_DEVICE_TEXT, ...SYSTEM_FILESYSTEM_STATE, ...SYSTEM_FILESYSTEM_TYPE_TEXT, ...SYSTEM_FILESYSTEM_MODE, ...SYSTEM_FILESYSTEM_MOUNTPOINT_TEXT } }),
  def(sc.METRIC_SYSTEM_FILESYSTEM_UTILIZATION, 'Gauge', '1', false, 'system.filesystem', 'Share of filesystem space per state, 0..1', { attributes: { ...SYSTEM_DEVICE_TEXT, ...SYSTEM_FILESYSTEM_STATE, ...SYSTEM_FILESYSTEM_TYPE_TEXT, ...SYSTEM_FILESYSTEM_MODE, ...SYSTEM_FILESYSTEM_MOUNTPOINT_TEXT } }),
  def(sc.METRIC_SYSTEM_FILESYSTEM_LIMIT, 'UpDownCounter', 'By', true, 'system.filesystem', 'Filesystem size', { attributes: { ...SYSTEM_DEVICE_TEXT, ...SYSTEM_FILESYSTEM_TYPE_TEXT, ...SYSTEM_FILESYSTEM_MODE, ...SYSTEM_FILESYSTEM_MOUNTPOINT_TEXT } }),
  def(sc.METRIC_SYSTEM_NETWORK_IO, 'Counter', 'By', true, 'system.network', 'Bytes received and transmitted', { attributes: { ...NETWORK_INTERFACE_NAME_TEXT, ...NETWORK_IO_DIRECTION } }),
  def(sc.METRIC_SYSTEM_NETWORK_PACKET_COUNT, 'Counter', '{packet}', true, 'system.network', 'Packets received and transmitted', { attributes: { ...SYSTEM_DEVICE_TEXT, ...NETWORK_IO_DIRECTION } }),
  def(sc.METRIC_SYSTEM_NETWORK_PACKET_DROPPED, 'Counter', '{packet}', true, 'system.network', 'Packets dropped', { attributes: { ...NETWORK_INTERFACE_NAME_TEXT, ...NETWORK_IO_DIRECTION } }),
  def(sc.METRIC_SYSTEM_NETWORK_ERRORS, 'Counter', '{error}', true, 'system.network', 'Receive and transmit errors', { attributes: { ...NETWORK_INTERFACE_NAME_TEXT, ...NETWORK_IO_DIRECTION } }),
  def(sc.METRIC_SYSTEM_NETWORK_CONNECTION_COUNT, 'UpDownCounter', '{connection}', true, 'system.network', 'TCP connections per state', { attributes: { ...NETWORK_TRANSPORT, ...NETWORK_TYPE, ...NETWORK_CONNECTION_STATE } }),
  def(sc.METRIC_SYSTEM_PROCESS_COUNT, 'UpDownCounter', '{process}', true, 'system.process', 'Processes running or blocked on I/O', { attributes: PROCESS_STATE }),
  def(sc.METRIC_SYSTEM_PROCESS_CREATED, 'Counter', '{process}', true, 'system.process', 'Processes and threads created since boot', { value: { table: 'system', field: 'forks' } }),
  def(sc.METRIC_SYSTEM_UPTIME, 'Gauge', 's', false, 'system.uptime', 'Time since boot', { value: { table: 'system', field: 'uptime' } }),
  def(sc.METRIC_PROCESS_CPU_TIME, 'Counter', 's', false, 'process.cpu', 'CPU time used by the process per mode', { attributes: CPU_MODE_USER_SYSTEM }),
  def(sc.METRIC_PROCESS_CPU_UTILIZATION, 'Gauge', '1', false, 'process.cpu', 'Share of the CPUs available to the process it used since the previous sample, 0..1', { attributes: CPU_MODE_USER_SYSTEM }),
  def(sc.METRIC_PROCESS_MEMORY_USAGE, 'UpDownCounter', 'By', true, 'process.memory', 'Resident set size', { value: { table: 'process', field: 'rss' } }),
  def(sc.METRIC_PROCESS_MEMORY_VIRTUAL, 'UpDownCounter', 'By', true, 'process.memory', 'Virtual memory size', { value: { table: 'process', field: 'vms' } }),
  def(sc.METRIC_PROCESS_DISK_IO, 'Counter', 'By', true, 'process.disk', 'Bytes the process read from and wrote to storage', { attributes: DISK_IO_DIRECTION }),
  def(sc.METRIC_PROCESS_THREAD_COUNT, 'UpDownCounter', '{thread}', true, 'process.threads', 'Threads of the process', { value: { table: 'process', field: 'threads' } }),
  def(sc.METRIC_PROCESS_UNIX_FILE_DESCRIPTOR_COUNT, 'UpDownCounter', '{file_descriptor}', true, 'process.files', 'Open file descriptors of the process', { value: { table: 'process', field: 'openFds' } }),
  def(sc.METRIC_PROCESS_CONTEXT_SWITCHES, 'Counter', '{context_switch}', true, 'process.cpu', 'Context switches of the process per type', { attributes: PROCESS_CONTEXT_SWITCH_TYPE }),
  def(sc.METRIC_PROCESS_PAGING_FAULTS, 'Counter', '{fault}', true, 'process.memory', 'Page faults of the process per type', { attributes: SYSTEM_PAGING_FAULT_TYPE }),
  def(sc.METRIC_PROCESS_UPTIME, 'Gauge', 's', false, 'process.uptime', 'Time since the process started'),
]);
