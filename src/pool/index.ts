/** Database connection pool metrics (db.client.connection.*) for pg, mysql2, generic-pool and any other pool. */
export { monitorPool, type MonitorPoolOptions } from './monitor-pool';
export { PoolMonitor, POOL_DROP_REASONS, DB_CLIENT_FAMILY, type PoolCounts, type PoolDropReason } from './monitor';
export type { PoolStats, StatsPool } from './stats';
