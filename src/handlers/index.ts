/** HTTP handlers for any node:http-compatible server: the health report and the Prometheus exposition. */
export { healthHandler, type HealthHandlerOptions, type RequestHandler } from './health-handler';
export {
  metricsHandler,
  PROMETHEUS_CONTENT_TYPE,
  type MetricsHandlerOptions,
  type MetricsRequestHandler,
  type PrometheusExporterLike,
} from './metrics-handler';
