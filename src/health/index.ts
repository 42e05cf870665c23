/** HealthMonitor: host, process, runtime and user checks with thresholds, as an application/health+json report. */
export {
  HealthMonitor,
  type HealthMonitorOptions,
  type HealthProbe,
  type UserCheck,
  type CheckOutcome,
} from './monitor';
export {
  BUILTIN_CHECKS,
  HTTP_STATUS,
  HEALTH_MEDIA_TYPE,
  type BuiltinCheck,
  type BuiltinCheckDef,
  type HealthStatus,
  type Threshold,
} from './checks';
export { nodeContainerMemory, type ContainerMemoryReading, type ContainerMemorySource } from './memory-limit';
export { type HealthReport, type HealthCheckResult, type PreparedReport } from './report';
