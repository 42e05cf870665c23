/** The db.client rows of the catalogue (monitorPool, src/pool). */
import * as sc from '../../semconv';
import { appDef, type AppMetricDef } from './row';
import { DB_CLIENT_CONNECTION_POOL_NAME_TEXT, DB_CLIENT_CONNECTION_POOL_NAME_BRIEF, DB_CLIENT_CONNECTION_STATE } from './attributes';

/**
 * Bucket boundaries (seconds) procsampler uses for the pool time histograms (wait, use, create): the conventions
 * give no advice; from 0.1 ms (a connection handed out from the idle list) to 10 s (a starved pool).
 */
export const DB_POOL_TIME_BUCKETS: readonly number[] = Object.freeze([
  0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

/** The db.client rows of the catalogue (metrics-next.json), in emission order. */
export const DB_CLIENT_METRICS: readonly AppMetricDef[] = Object.freeze([
  appDef(sc.METRIC_DB_CLIENT_CONNECTION_COUNT, 'UpDownCounter', '{connection}', true, 'db.client', 'Connections of the pool per state (idle, used), read at collect time', false, undefined, { ...DB_CLIENT_CONNECTION_POOL_NAME_TEXT, ...DB_CLIENT_CONNECTION_STATE }),
  appDef(sc.METRIC_DB_CLIENT_CONNECTION_IDLE_MAX, 'UpDownCounter', '{connection}', true, 'db.client', 'Most idle connections the pool keeps open', false, undefined, DB_CLIENT_CONNECTION_POOL_NAME_BRIEF),
  appDef(sc.METRIC_DB_CLIENT_CONNECTION_IDLE_MIN, 'UpDownCounter', '{connection}', true, 'db.client', 'Fewest idle connections the pool keeps open', false, undefined, DB_CLIENT_CONNECTION_POOL_NAME_BRIEF),
  appDef(sc.METRIC_DB_CLIENT_CONNECTION_MAX, 'UpDownCounter', '{connection}', true, 'db.client', 'Most open connections the pool allows', false, undefined, DB_CLIENT_CONNECTION_POOL_NAME_BRIEF),
  appDef(sc.METRIC_DB_CLIENT_CONNECTION_PENDING_REQUESTS, 'UpDownCounter', '{request}', true, 'db.client', 'Requests waiting for a connection from the pool now', false, undefined, DB_CLIENT_CONNECTION_POOL_NAME_BRIEF),
  appDef(sc.METRIC_DB_CLIENT_CONNECTION_TIMEOUTS, 'Counter', '{timeout}', true, 'db.client', 'Requests for a connection that timed out', false, undefined, DB_CLIENT_CONNECTION_POOL_NAME_BRIEF),
  appDef(sc.METRIC_DB_CLIENT_CONNECTION_CREATE_TIME, 'Histogram', 's', false, 'db.client', 'Time it took to open a new connection', false, DB_POOL_TIME_BUCKETS, DB_CLIENT_CONNECTION_POOL_NAME_BRIEF),
  appDef(sc.METRIC_DB_CLIENT_CONNECTION_WAIT_TIME, 'Histogram', 's', false, 'db.client', 'Time it took to obtain an open connection from the pool', false, DB_POOL_TIME_BUCKETS, DB_CLIENT_CONNECTION_POOL_NAME_BRIEF),
  appDef(sc.METRIC_DB_CLIENT_CONNECTION_USE_TIME, 'Histogram', 's', false, 'db.client', 'Time between borrowing a connection and returning it to the pool', false, DB_POOL_TIME_BUCKETS, DB_CLIENT_CONNECTION_POOL_NAME_BRIEF),
]);
