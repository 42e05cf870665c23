/** The http.server rows of the catalogue (HttpServerMetrics, src/http). */
import * as sc from '../../semconv';
import { appDef, type AppMetricDef } from './row';
import { ERROR_TYPE_TEXT, ERROR_TYPE_BRIEF, HTTP_REQUEST_METHOD_TEXT, HTTP_REQUEST_METHOD_BRIEF, HTTP_RESPONSE_STATUS_CODE_TEXT, HTTP_RESPONSE_STATUS_CODE_BRIEF, HTTP_ROUTE_TEXT, HTTP_ROUTE_BRIEF, NETWORK_PROTOCOL_VERSION_TEXT, URL_SCHEME } from './attributes';

/**
 * Bucket boundaries (bytes) procsampler uses for the HTTP body-size histograms: the conventions give no advice;
 * powers of 4 from 64 B to 16 MiB.
 */
export const HTTP_BODY_SIZE_BUCKETS: readonly number[] = Object.freeze([
  64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216,
]);

/** The http.server rows of the catalogue (metrics-next.json), in emission order. */
export const HTTP_SERVER_METRICS: readonly AppMetricDef[] = Object.freeze([
  appDef(sc.METRIC_HTTP_SERVER_REQUEST_DURATION, 'Histogram', 's', false, 'http.server', 'Duration of HTTP server requests', false, sc.HTTP_SERVER_REQUEST_DURATION_BUCKETS, { ...HTTP_REQUEST_METHOD_TEXT, ...URL_SCHEME, ...HTTP_RESPONSE_STATUS_CODE_TEXT, ...HTTP_ROUTE_TEXT, ...ERROR_TYPE_TEXT, ...NETWORK_PROTOCOL_VERSION_TEXT }),
  appDef(sc.METRIC_HTTP_SERVER_ACTIVE_REQUESTS, 'UpDownCounter', '{request}', true, 'http.server', 'Number of active HTTP server requests', false, undefined, { ...HTTP_REQUEST_METHOD_BRIEF, ...URL_SCHEME }),
  appDef(sc.METRIC_HTTP_SERVER_REQUEST_BODY_SIZE, 'Histogram', 'By', true, 'http.server', 'Size of HTTP server request bodies (Content-Length)', true, HTTP_BODY_SIZE_BUCKETS, { ...HTTP_REQUEST_METHOD_BRIEF, ...URL_SCHEME, ...HTTP_RESPONSE_STATUS_CODE_BRIEF, ...HTTP_ROUTE_BRIEF, ...ERROR_TYPE_BRIEF }),
  appDef(sc.METRIC_HTTP_SERVER_RESPONSE_BODY_SIZE, 'Histogram', 'By', true, 'http.server', 'Size of HTTP server response bodies, headers excluded', true, HTTP_BODY_SIZE_BUCKETS, { ...HTTP_REQUEST_METHOD_BRIEF, ...URL_SCHEME, ...HTTP_RESPONSE_STATUS_CODE_BRIEF, ...HTTP_ROUTE_BRIEF, ...ERROR_TYPE_BRIEF }),
]);
