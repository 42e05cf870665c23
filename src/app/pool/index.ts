/** Database connection pool metrics (db.client.connection.*) for pg, mysql2, generic-pool and any other pool. */
export { monitorPool, type MonitorPoolOptions } from './monitor-pool';
export { PoolMonitor, POOL_DROP_REASONS, type PoolCounts } from './monitor';
export type { PoolStats, StatsPool } from './stats';
