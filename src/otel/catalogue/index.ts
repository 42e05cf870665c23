/**
 * The metric catalogue: one list of rows (row.ts) for every family, one file per family. Every export path is
 * built from these rows (src/otel/instruments.ts, src/otel/metric-pool.ts), and METRICS.md is generated from them
 * (scripts/metrics-doc.js). Families that name their rows at run time (summaries) build them with `appDef`.
 */
import { HOST_METRICS, CONTAINER_GROUP, type HostGroup } from './host';
import { RUNTIME_ROWS, type RuntimeGroup } from './runtime';
import { HTTP_SERVER_METRICS } from './http';
import { DB_CLIENT_METRICS } from './db';
import { APP_DROPPED_METRIC } from './app';
import { CONTAINER_METRICS } from '../container/catalogue';
import type { MetricRow } from './row';

export { appDef, type AppMetricDef, type AppMetricKind, type MetricKind, type MetricRow } from './row';
export { HOST_GROUPS, HOST_METRICS, CONTAINER_GROUP, type HostGroup, type MetricDef } from './host';
export {
  RUNTIME_GROUPS,
  RUNTIME_METRICS,
  RUNTIME_ROWS,
  type RuntimeGroup,
  type RuntimeRow,
  type RuntimeValue,
} from './runtime';
export { HTTP_BODY_SIZE_BUCKETS, HTTP_SERVER_METRICS } from './http';
export { DB_CLIENT_METRICS, DB_POOL_TIME_BUCKETS } from './db';
export { APP_DROPPED_METRIC } from './app';

/** Any `metricGroups` key of HostMetrics. */
export type MetricGroup = HostGroup | RuntimeGroup | typeof CONTAINER_GROUP;

/** Every fixed row of every family, in family order (host, container, runtime, http, db, the app self-metric). */
export const CATALOGUE: readonly MetricRow[] = Object.freeze([
  ...HOST_METRICS,
  ...CONTAINER_METRICS,
  ...RUNTIME_ROWS,
  ...HTTP_SERVER_METRICS,
  ...DB_CLIENT_METRICS,
  APP_DROPPED_METRIC,
]);
