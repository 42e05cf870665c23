/** procsampler: Linux system and process metrics from kept-open /proc files. */
export { Sampler } from './sampler';
export { Table, type TableName } from './table';
export { ProcsamplerError, type ProcsamplerErrorCode } from './errors';
export { nativeAvailable } from './native';
export { fsNames } from './sources/proc-mountinfo';
export { CPU_TIME_FIELDS } from './sources/proc-stat';
export { TCP_STATE_FIELDS } from './sources/proc-net-tcp';
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
  DEFAULT_DISK_EXCLUDE,
  DEFAULT_MOUNT_POINT_EXCLUDE,
  DEFAULT_FS_TYPE_EXCLUDE,
  type HostMetricsOptions,
  type HostMetricProducerOptions,
  type NameFilter,
  type MetricDef,
  type MetricKind,
  type ValueSource,
  type TableLike,
} from './otel';
export * from './rates';
export * from './summaries';
export * from './health';
export * from './handlers';
export * as semconv from './semconv';
