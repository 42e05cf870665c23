/** procsampler: Linux system and process metrics from kept-open /proc files. */
export { Sampler } from './sampler';
export { Table, type TableName } from './table';
export { ProcsamplerError, type ProcsamplerErrorCode } from './errors';
export { nativeAvailable } from './native';
export { fsNames, fsEntryName, type FsNameParts } from './sources/entry-names';
export { CPU_TIME_FIELDS } from './sources/proc-stat';
export { TCP_STATE_FIELDS } from './sources/proc-net-tcp';
export { cgroupCpus, cgroupMemorySource, effectiveMemoryLimit } from './sources/cgroup';
export * from './types';
export * from './runtime';
export {
  HostMetrics,
  HostMetricProducer,
  DEFAULT_METER_NAME,
  HOST_METRICS,
  HOST_GROUPS,
  RUNTIME_GROUPS,
  RUNTIME_METRICS,
  CONTAINER_METRICS,
  CONTAINER_GROUP,
  DEFAULT_DISK_EXCLUDE,
  DEFAULT_MOUNT_POINT_EXCLUDE,
  DEFAULT_FS_TYPE_EXCLUDE,
  type HostMetricsOptions,
  type HostMetricProducerOptions,
  type NameFilter,
  type MetricDef,
  type MetricKind,
  type MetricGroup,
  type HostGroup,
  type RuntimeGroup,
  type ValueSource,
  type TableLike,
} from './otel';
export * from './rates';
export {
  AppMetricProducer,
  HistogramSeries,
  NumberSeries,
  SeriesTable,
  DropCounts,
  ATTR_OTEL_METRIC_OVERFLOW,
  checkBoundaries,
  type AppFeed,
  type AppMetricSource,
  type AppMetricProducerOptions,
  type SeriesTableOptions,
} from './app';
export {
  monitorPool,
  PoolMonitor,
  POOL_DROP_REASONS,
  DB_CLIENT_FAMILY,
  type MonitorPoolOptions,
  type PoolDropReason,
  type PoolCounts,
  type PoolStats,
  type StatsPool,
} from './pool';
export {
  DB_CLIENT_METRICS,
  DB_POOL_TIME_BUCKETS,
  HTTP_SERVER_METRICS,
  HTTP_BODY_SIZE_BUCKETS,
  APP_DROPPED_METRIC,
  appDef,
  type AppMetricDef,
  type AppMetricKind,
} from './otel/catalogue';
export * from './summaries';
export * from './health';
export * from './handlers';
export * as semconv from './semconv';
