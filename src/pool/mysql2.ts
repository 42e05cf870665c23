/**
 * The mysql2 adapter: a pool from `mysql2.createPool()` or its promise wrapper (`mysql2/promise`'s createPool, or
 * `pool.promise()`), read from mysql2 3.24.
 *
 * mysql2 keeps its counts only in private queues, so these are read at collect time: used = `_allConnections` -
 * `_freeConnections`, idle = `_freeConnections`, pending = `_connectionQueue` (all `.length`); max =
 * `config.connectionLimit` (0, unlimited, is left out), idle.max = `config.maxIdle`, idle.min = 0 (mysql2 keeps
 * no minimum).
 *
 * Times, on this one pool instance only:
 * - wait_time: its `getConnection` is wrapped (pool.query/execute and the promise wrapper go through it), from the
 *   call to the callback with a connection. mysql2 has no acquire timeout (a request waits until a connection is
 *   free); its `connectTimeout` is the one that fires, on a new connection, with code `ETIMEDOUT`: that counts as
 *   a timeout.
 * - use_time: from the connection handed to the callback to `releaseConnection` (what `connection.release()`
 *   calls). mysql2 hands a released connection straight to a queued request without its `acquire`/`release`
 *   events, so the events would miss exactly the contended case.
 * - create_time: a connection that `getConnection` adds to the pool is timed until the pool's `connection` event.
 *
 * mysql2 is never loaded here: the pool object is recognised by its shape.
 */
import type { PoolAdapter, PoolCounts, PoolEvents } from './monitor';
import { defaultPoolName, nowMs, patchOwn, prop, Timings, undoAll } from './patch';

/** MySQL's port when the pool's configuration gives none. */
const MYSQL_DEFAULT_PORT = 3306;
/** The error code of mysql2's connectTimeout (lib/base/connection.js). */
const MYSQL_TIMEOUT_CODE = 'ETIMEDOUT';

/** The name of the callback wrapper below (a request already being timed). */
const WAITER_NAME = 'procsamplerPoolWaiter';

type Callback = (err: unknown, conn?: unknown) => void;

interface QueueLike {
  readonly length: number;
  get(i: number): unknown;
}

interface Mysql2CorePool {
  getConnection: (cb: Callback) => unknown;
  releaseConnection: (conn: unknown) => unknown;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener(event: string, listener: (...args: unknown[]) => void): unknown;
  config: { connectionLimit: number; maxIdle?: number; connectionConfig?: Record<string, unknown> };
  _allConnections: QueueLike;
  _freeConnections: QueueLike;
  _connectionQueue: QueueLike;
}

function isQueue(q: unknown): boolean {
  return typeof prop(q, 'length') === 'number';
}

function isCore(pool: unknown): boolean {
  const config = prop(pool, 'config');
  return (
    typeof prop(pool, 'getConnection') === 'function' &&
    typeof prop(pool, 'releaseConnection') === 'function' &&
    typeof prop(pool, 'on') === 'function' &&
    typeof prop(config, 'connectionLimit') === 'number' &&
    isQueue(prop(pool, '_allConnections')) &&
    isQueue(prop(pool, '_freeConnections')) &&
    isQueue(prop(pool, '_connectionQueue'))
  );
}

/** The core pool of a mysql2 pool (the object itself, or the one a promise pool wraps), or null. */
export function mysql2CorePool(pool: unknown): unknown {
  if (isCore(pool)) return pool;
  const inner = prop(pool, 'pool');
  if (typeof prop(pool, 'getConnection') === 'function' && isCore(inner)) return inner;
  return null;
}

/** The default pool name of a mysql2 pool: host:port/database of its connection configuration. */
export function mysql2PoolName(core: unknown): string {
  const cc = prop(prop(core, 'config'), 'connectionConfig');
  return defaultPoolName(prop(cc, 'host'), prop(cc, 'port') ?? MYSQL_DEFAULT_PORT, prop(cc, 'database'));
}

/** Attaches to a mysql2 core pool (from mysql2CorePool). */
export function attachMysql2(core: unknown, events: PoolEvents): PoolAdapter {
  const pool = core as Mysql2CorePool;
  const acquired = new Timings();
  const created = new Timings();
  const undo: Array<() => void> = [];

  const getConnection = pool.getConnection;
  function wrappedGet(this: unknown, cb: Callback): unknown {
    // mysql2 re-issues a queued request through getConnection when the connection released to it was removed from
    // the pool: that callback is already ours, and its wait goes on from the first call.
    if (typeof cb === 'function' && cb.name === WAITER_NAME) return getConnection.call(this, cb);
    const t0 = nowMs();
    const all = pool._allConnections;
    const before = all.length;
    const r = getConnection.call(this, function procsamplerPoolWaiter(err: unknown, conn?: unknown): void {
      if (err) {
        if (prop(err, 'code') === MYSQL_TIMEOUT_CODE) events.recordTimeout();
      } else {
        const t = nowMs();
        events.recordWait((t - t0) / 1000);
        acquired.start(conn, t);
      }
      cb(err, conn);
    });
    // A new connection is pushed synchronously when the pool has room and no free one.
    if (all.length === before + 1) created.start(all.get(before), t0);
    return r;
  }
  undo.push(patchOwn(pool, 'getConnection', wrappedGet));

  const releaseConnection = pool.releaseConnection;
  function wrappedRelease(this: unknown, conn: unknown): unknown {
    const s = acquired.stop(conn);
    if (s === s) events.recordUse(s);
    return releaseConnection.call(this, conn);
  }
  undo.push(patchOwn(pool, 'releaseConnection', wrappedRelease));

  const onConnection = (conn: unknown): void => {
    const s = created.stop(conn);
    if (s === s) events.recordCreate(s);
  };
  pool.on('connection', onConnection);
  undo.push(() => pool.removeListener('connection', onConnection));

  return {
    read(c: PoolCounts): void {
      const all = pool._allConnections.length;
      const free = pool._freeConnections.length;
      c.used = all - free;
      c.idle = free;
      c.pending = pool._connectionQueue.length;
      const limit = pool.config.connectionLimit;
      c.max = limit > 0 ? limit : NaN;
      const maxIdle = pool.config.maxIdle;
      c.idleMax = typeof maxIdle === 'number' ? maxIdle : c.max;
      c.idleMin = 0;
    },
    detach: () => undoAll(undo),
  };
}
