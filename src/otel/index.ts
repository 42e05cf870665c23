/** The OpenTelemetry layer: HostMetrics, its MetricProducer, the catalogue and the source interface. */
export {
  HostMetrics,
  DEFAULT_METER_NAME,
  type HostMetricsOptions,
} from './host-metrics';
export { HostMetricProducer, type HostMetricProducerOptions } from './producer';
export {
  DEFAULT_DISK_EXCLUDE,
  DEFAULT_FS_TYPE_EXCLUDE,
  DEFAULT_MOUNT_POINT_EXCLUDE,
  type NameFilter,
} from './host/filters';
export {
  HOST_METRICS,
  HOST_GROUPS,
  RUNTIME_GROUPS,
  RUNTIME_METRICS,
  type MetricDef,
  type MetricKind,
  type MetricGroup,
  type HostGroup,
  type RuntimeGroup,
} from './catalogue';
export type { ValueSource, TableLike, TableName } from './value-source';
export { CONTAINER_METRICS } from './container/catalogue';
export { CONTAINER_GROUP } from './container/names';
