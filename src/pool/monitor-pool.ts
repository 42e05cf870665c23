/**
 * `monitorPool()`: recognises a pool by its shape (pg, mysql2, generic-pool, or the generic `{ name, stats }`
 * form), picks its name, and attaches a PoolMonitor. No pool library is loaded by procsampler.
 */
import { badOption } from '../errors';
import { attachGenericPool, isGenericPool } from './generic-pool';
import { PoolMonitor, type PoolAdapter, type PoolEvents } from './monitor';
import { attachMysql2, mysql2CorePool, mysql2PoolName } from './mysql2';
import { attachPg, isPgPool, pgPoolName } from './pg';
import { attachStats, isStatsPool, type StatsPool } from './stats';

/** Options of monitorPool(). */
export interface MonitorPoolOptions {
  /**
   * The pool's name, `db.client.connection.pool.name` (a non-empty string). Default for pg and mysql2:
   * `server.address:server.port/db.namespace` from the pool's connection options; generic-pool has no address and
   * must be named.
   */
  name?: string;
}

/** Names of the monitors alive now: two monitors of one name would export the same series twice. */
const namesInUse = new Set<string>();
/** Pools monitored now (each pool once). */
const poolsInUse = new WeakSet<object>();

/**
 * Starts monitoring a connection pool: a node-postgres `Pool`, a mysql2 pool (callback or promise), a
 * generic-pool `Pool`, or `{ name, stats: () => ({ used, idle, pending, max }) }` for any other pool. Returns a
 * PoolMonitor to add to an AppMetricProducer; `close()` it to stop.
 *
 * Throws PROCSAMPLER_BAD_OPTION for an object of none of these shapes, a missing or empty name where no default
 * exists, a name another live monitor has, or a pool that is already monitored. Nothing is thrown into the pool's
 * own operations afterwards.
 */
export function monitorPool(pool: object | StatsPool, options: MonitorPoolOptions = {}): PoolMonitor {
  if (typeof options !== 'object' || options === null) badOption('monitorPool: options must be an object');
  if (options.name !== undefined && (typeof options.name !== 'string' || options.name === '')) {
    badOption(`monitorPool: name must be a non-empty string, got ${JSON.stringify(options.name)}`);
  }
  if (typeof pool !== 'object' || pool === null) {
    badOption(`monitorPool: expected a pool object, got ${pool === null ? 'null' : typeof pool}`);
  }
  let name: string | undefined = options.name;
  let target: object = pool;
  let attach: (events: PoolEvents) => PoolAdapter;
  const core = mysql2CorePool(pool);
  if (isPgPool(pool)) {
    name ??= pgPoolName(pool);
    attach = (e) => attachPg(pool, e);
  } else if (core !== null) {
    target = core as object;
    name ??= mysql2PoolName(core);
    attach = (e) => attachMysql2(core, e);
  } else if (isGenericPool(pool)) {
    if (name === undefined) badOption('monitorPool: a generic-pool pool has no server address; pass { name }');
    attach = (e) => attachGenericPool(pool, e);
  } else if (isStatsPool(pool)) {
    const own = (pool as StatsPool).name;
    name ??= own;
    if (typeof name !== 'string' || name === '') {
      badOption('monitorPool: the { name, stats } form needs a non-empty string name');
    }
    attach = () => attachStats(pool as StatsPool);
  } else {
    badOption(
      'monitorPool: unknown pool shape (expected a pg Pool, a mysql2 pool, a generic-pool Pool, or { name, stats })',
    );
  }
  if (poolsInUse.has(target)) badOption('monitorPool: this pool is already monitored (close() the first monitor)');
  if (namesInUse.has(name)) {
    badOption(`monitorPool: a pool named ${JSON.stringify(name)} is already monitored; pass a distinct { name }`);
  }
  const monitor = new PoolMonitor(name, attach, () => {
    namesInUse.delete(name as string);
    poolsInUse.delete(target);
  });
  namesInUse.add(name);
  poolsInUse.add(target);
  return monitor;
}
