/** HTTP server metrics by the semantic conventions (http.server.*), automatic through diagnostics_channel. */
export {
  HttpServerMetrics,
  setRoute,
  HTTP_DROP_REASONS,
  HTTP_SERVER_FAMILY,
  MAX_ROUTE_LENGTH,
  DEFAULT_HTTP_MAX_SERIES,
  HTTP_RECORD_BATCH,
  type HttpServerMetricsOptions,
  type HttpRequestRecord,
  type HttpDropReason,
} from './server-metrics';
export { ERROR_TYPE_ABORTED } from './attributes';
