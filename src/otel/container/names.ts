/**
 * Metric and attribute names of the `container` group: the semantic-convention ones (container.*, v1.44,
 * development stability) and procsampler's extras for cgroup numbers that have no convention (limits, throttling,
 * memory events, pids, pressure). The extras follow the OpenTelemetry Collector's docker_stats receiver where it
 * has a name; none of them is a convention. Units are UCUM as in the catalogue.
 */

/** Counter, `s`, `cpu.mode` user/system: CPU time of the cgroup (convention). */
export const METRIC_CONTAINER_CPU_TIME = 'container.cpu.time';
/** Gauge, `{cpu}`, `cpu.mode` user/system: CPUs in use over the window (convention). */
export const METRIC_CONTAINER_CPU_USAGE = 'container.cpu.usage';
/** UpDownCounter, `By`: memory.current / memory.usage_in_bytes (convention). */
export const METRIC_CONTAINER_MEMORY_USAGE = 'container.memory.usage';
/** UpDownCounter, `By`: limit - working set, only where a limit exists (convention). */
export const METRIC_CONTAINER_MEMORY_AVAILABLE = 'container.memory.available';
/** UpDownCounter, `By`: anonymous memory (convention). */
export const METRIC_CONTAINER_MEMORY_RSS = 'container.memory.rss';
/** UpDownCounter, `By`: usage - inactive file (convention). */
export const METRIC_CONTAINER_MEMORY_WORKING_SET = 'container.memory.working_set';
/** Counter, `{fault}`, `system.paging.fault.type` major/minor (convention). */
export const METRIC_CONTAINER_PAGING_FAULTS = 'container.paging.faults';
/** Counter, `By`, `disk.io.direction` and `system.device` (convention). */
export const METRIC_CONTAINER_DISK_IO = 'container.disk.io';

/** UpDownCounter, `{cpu}`: the smallest CPU quota / period of the cgroup and its ancestors. Not a convention. */
export const METRIC_CONTAINER_CPU_LIMIT = 'container.cpu.limit';
/** Counter, `{period}`: CFS bandwidth periods elapsed (docker_stats name). Not a convention. */
export const METRIC_CONTAINER_CPU_THROTTLING_PERIODS = 'container.cpu.throttling_data.periods';
/** Counter, `{period}`: periods in which the cgroup was throttled (docker_stats name). Not a convention. */
export const METRIC_CONTAINER_CPU_THROTTLING_THROTTLED_PERIODS = 'container.cpu.throttling_data.throttled_periods';
/** Counter, `s`: time the cgroup was throttled (docker_stats name, there in ns). Not a convention. */
export const METRIC_CONTAINER_CPU_THROTTLING_THROTTLED_TIME = 'container.cpu.throttling_data.throttled_time';
/** UpDownCounter, `By`: the smallest memory limit of the cgroup and its ancestors (docker_stats name). Not a convention. */
export const METRIC_CONTAINER_MEMORY_USAGE_LIMIT = 'container.memory.usage.limit';
/** Counter, `{event}`, `container.memory.event.type`: memory.events counts. Not a convention. */
export const METRIC_CONTAINER_MEMORY_EVENTS = 'container.memory.events';
/** UpDownCounter, `{process}`: pids.current (docker_stats name). Not a convention. */
export const METRIC_CONTAINER_PIDS_COUNT = 'container.pids.count';
/** UpDownCounter, `{process}`: pids.max, only where a limit exists (docker_stats name). Not a convention. */
export const METRIC_CONTAINER_PIDS_LIMIT = 'container.pids.limit';
/** Counter, `s`, `container.pressure.resource` and `container.pressure.scope`: PSI total stall time. Not a convention. */
export const METRIC_CONTAINER_PRESSURE_STALL_TIME = 'container.pressure.stall_time';

/** The memory event counted (memory.events keys). Not a convention. */
export const ATTR_CONTAINER_MEMORY_EVENT_TYPE = 'container.memory.event.type';
export const CONTAINER_MEMORY_EVENT_TYPE_VALUES = ['low', 'high', 'max', 'oom', 'oom_kill'] as const;
/** The PSI resource: cpu, memory, io. Not a convention. */
export const ATTR_CONTAINER_PRESSURE_RESOURCE = 'container.pressure.resource';
export const CONTAINER_PRESSURE_RESOURCE_VALUES = ['cpu', 'memory', 'io'] as const;
/** The PSI line: some (at least one task stalled) or full (all non-idle tasks stalled). Not a convention. */
export const ATTR_CONTAINER_PRESSURE_SCOPE = 'container.pressure.scope';
export const CONTAINER_PRESSURE_SCOPE_VALUES = ['some', 'full'] as const;

/** The `metricGroups` key of every row here (defined with the other group keys). */
export { CONTAINER_GROUP } from '../catalogue/host';
