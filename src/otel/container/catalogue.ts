/**
 * The rows of the `container` metric group (see docs/containers.md): the semantic-convention container.*
 * metrics and procsampler's documented extras. HostMetrics turns the group on by default when the process's
 * cgroup has a CPU or memory limit.
 */
import type { MetricDef } from '../catalogue/host';
import type { AttributeSpec, MetricKind } from '../catalogue/row';
import * as n from './names';
import { CPU_MODE_USER_SYSTEM, DISK_IO_DIRECTION, SYSTEM_DEVICE_TEXT, SYSTEM_PAGING_FAULT_TYPE } from '../catalogue/attributes';

function row(name: string, kind: MetricKind, unit: string, int: boolean, description: string, attributes?: AttributeSpec): MetricDef {
  return Object.freeze({ name, kind, unit, int, group: n.CONTAINER_GROUP, description, optIn: false, ...(attributes ? { attributes } : {}) });
}

/** Every container metric, in emission order. */
export const CONTAINER_METRICS: readonly MetricDef[] = Object.freeze([
  row(n.METRIC_CONTAINER_CPU_TIME, 'Counter', 's', false, 'CPU time used by the cgroup per mode', CPU_MODE_USER_SYSTEM),
  row(n.METRIC_CONTAINER_CPU_USAGE, 'Gauge', '{cpu}', false, 'CPUs the cgroup used per mode since the previous sample', CPU_MODE_USER_SYSTEM),
  row(n.METRIC_CONTAINER_MEMORY_USAGE, 'UpDownCounter', 'By', true, 'Memory charged to the cgroup'),
  row(
    n.METRIC_CONTAINER_MEMORY_AVAILABLE,
    'UpDownCounter',
    'By',
    true,
    'Memory limit minus the working set (only where a limit exists)',
  ),
  row(n.METRIC_CONTAINER_MEMORY_RSS, 'UpDownCounter', 'By', true, 'Anonymous memory of the cgroup'),
  row(n.METRIC_CONTAINER_MEMORY_WORKING_SET, 'UpDownCounter', 'By', true, 'Memory usage minus inactive file cache'),
  row(n.METRIC_CONTAINER_PAGING_FAULTS, 'Counter', '{fault}', true, 'Page faults of the cgroup per type', SYSTEM_PAGING_FAULT_TYPE),
  row(n.METRIC_CONTAINER_DISK_IO, 'Counter', 'By', true, 'Bytes the cgroup read from and wrote to each block device', { ...DISK_IO_DIRECTION, ...SYSTEM_DEVICE_TEXT }),
  row(n.METRIC_CONTAINER_CPU_LIMIT, 'UpDownCounter', '{cpu}', false, 'CPU limit: the smallest quota / period up the cgroup tree'),
  row(n.METRIC_CONTAINER_CPU_THROTTLING_PERIODS, 'Counter', '{period}', true, 'CPU bandwidth periods elapsed'),
  row(
    n.METRIC_CONTAINER_CPU_THROTTLING_THROTTLED_PERIODS,
    'Counter',
    '{period}',
    true,
    'CPU bandwidth periods in which the cgroup was throttled',
  ),
  row(n.METRIC_CONTAINER_CPU_THROTTLING_THROTTLED_TIME, 'Counter', 's', false, 'Time the cgroup was throttled'),
  row(
    n.METRIC_CONTAINER_MEMORY_USAGE_LIMIT,
    'UpDownCounter',
    'By',
    true,
    'Memory limit: the smallest limit up the cgroup tree (only where one exists)',
  ),
  row(n.METRIC_CONTAINER_MEMORY_EVENTS, 'Counter', '{event}', true, 'Memory events of the cgroup per type', {
    [n.ATTR_CONTAINER_MEMORY_EVENT_TYPE]: n.CONTAINER_MEMORY_EVENT_TYPE_VALUES,
  }),
  row(n.METRIC_CONTAINER_PIDS_COUNT, 'UpDownCounter', '{process}', true, 'Tasks in the cgroup'),
  row(n.METRIC_CONTAINER_PIDS_LIMIT, 'UpDownCounter', '{process}', true, 'Task limit of the cgroup (only where one exists)'),
  row(
    n.METRIC_CONTAINER_PRESSURE_STALL_TIME,
    'Counter',
    's',
    false,
    'Time tasks of the cgroup were stalled on a resource (PSI)',
    {
      [n.ATTR_CONTAINER_PRESSURE_RESOURCE]: n.CONTAINER_PRESSURE_RESOURCE_VALUES,
      [n.ATTR_CONTAINER_PRESSURE_SCOPE]: n.CONTAINER_PRESSURE_SCOPE_VALUES,
    },
  ),
]);
