/**
 * The node-postgres adapter: a `pg.Pool` (pg-pool 3.x, read from pg 8.23 / pg-pool 3.14).
 *
 * Counts come from the pool's public getters at collect time: used = `totalCount - idleCount` (connections handed
 * out, and those being opened for a waiting request), idle = `idleCount`, pending = `waitingCount`; max and
 * idle.max = `options.max` (pg-pool keeps up to max idle clients), idle.min = `options.min`.
 *
 * Times, on this one pool instance only:
 * - wait_time: its `connect` is wrapped (pool.query goes through it too), from the call to the callback with a
 *   client; a failure records no wait. The two errors pg-pool raises for `connectionTimeoutMillis` (a request that
 *   waited too long in the queue, a new connection that took too long) count as timeouts.
 * - use_time: from the client handed to the caller of `connect` to the `release` event of that client (the same
 *   instant as pg-pool's `acquire` event, without a second clock reading).
 * - create_time: its `Client` constructor is wrapped to note when a client is created, and the `connect` event
 *   (a new client ready) records the time since.
 *
 * pg is never loaded here: the pool object is recognised by its shape.
 */
import type { PoolAdapter, PoolCounts, PoolEvents } from './monitor';
import { defaultPoolName, nowMs, patchOwn, prop, Timings, undoAll } from './patch';

/** PostgreSQL's port when the pool's options give none. */
const PG_DEFAULT_PORT = 5432;

/** The messages of pg-pool's connectionTimeoutMillis errors (pg-pool 3.14 index.js). */
const PG_TIMEOUT_MESSAGES: readonly string[] = Object.freeze([
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
]);

interface PgPoolLike {
  connect: (cb?: (err: unknown, client?: unknown, done?: unknown) => void) => unknown;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener(event: string, listener: (...args: unknown[]) => void): unknown;
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
  options: Record<string, unknown>;
  Client?: unknown;
}

/** True when `pool` has the shape of a pg-pool Pool. */
export function isPgPool(pool: unknown): boolean {
  return (
    typeof prop(pool, 'connect') === 'function' &&
    typeof prop(pool, 'on') === 'function' &&
    typeof prop(pool, 'removeListener') === 'function' &&
    typeof prop(pool, 'totalCount') === 'number' &&
    typeof prop(pool, 'idleCount') === 'number' &&
    typeof prop(pool, 'waitingCount') === 'number' &&
    typeof prop(pool, 'options') === 'object' &&
    prop(pool, 'options') !== null
  );
}

/** The default pool name of a pg pool: host:port/database from its options (or its connectionString). */
export function pgPoolName(pool: unknown): string {
  const o = prop(pool, 'options') as Record<string, unknown>;
  let host = o.host;
  let port = o.port;
  let database = o.database ?? o.user;
  if (typeof o.connectionString === 'string') {
    try {
      const u = new URL(o.connectionString);
      host = host ?? (u.hostname || undefined);
      port = port ?? (u.port || undefined);
      const db = decodeURIComponent(u.pathname.replace(/^\//, ''));
      database = o.database ?? (db || o.user || (u.username ? decodeURIComponent(u.username) : undefined));
    } catch {
      // Not a URL (pg also takes a socket path here): keep what the options give.
    }
  }
  return defaultPoolName(host, port ?? PG_DEFAULT_PORT, database);
}

function isTimeout(err: unknown): boolean {
  const m = prop(err, 'message');
  if (typeof m !== 'string') return false;
  for (const t of PG_TIMEOUT_MESSAGES) if (m.startsWith(t)) return true;
  return false;
}

/** Attaches to a pg pool (checked by isPgPool). */
export function attachPg(poolObj: unknown, events: PoolEvents): PoolAdapter {
  const pool = poolObj as PgPoolLike;
  const acquired = new Timings();
  const created = new Timings();
  const undo: Array<() => void> = [];

  const original = pool.connect;
  const got = (t0: number, err: unknown, client: unknown): void => {
    if (err) {
      if (isTimeout(err)) events.recordTimeout();
    } else {
      const t = nowMs();
      events.recordWait((t - t0) / 1000);
      acquired.start(client, t);
    }
  };
  function connect(this: unknown, cb?: (err: unknown, client?: unknown, done?: unknown) => void): unknown {
    const t0 = nowMs();
    if (typeof cb === 'function') {
      return original.call(this, (err: unknown, client?: unknown, done?: unknown) => {
        got(t0, err, client);
        cb(err, client, done);
      });
    }
    const p = original.call(this) as Promise<unknown>;
    return p.then(
      (client) => {
        got(t0, undefined, client);
        return client;
      },
      (err: unknown) => {
        got(t0, err, undefined);
        throw err;
      },
    );
  }
  undo.push(patchOwn(pool, 'connect', connect));

  const Client = pool.Client;
  if (typeof Client === 'function') {
    const C = Client as new (...a: unknown[]) => object;
    // A constructor that returns the real client: `new pool.Client(options)` in pg-pool gets an instance of the
    // original class, with its creation time noted.
    const Wrapped = function (this: unknown, ...args: unknown[]): object {
      const c = new C(...args);
      created.start(c);
      return c;
    } as unknown as new (...a: unknown[]) => object;
    undo.push(patchOwn(pool, 'Client', Wrapped));
  }

  const onConnect = (client: unknown): void => {
    const s = created.stop(client);
    if (s === s) events.recordCreate(s);
  };
  const onRelease = (_err: unknown, client: unknown): void => {
    const s = acquired.stop(client);
    if (s === s) events.recordUse(s);
  };
  pool.on('connect', onConnect);
  pool.on('release', onRelease);
  undo.push(() => {
    pool.removeListener('connect', onConnect);
    pool.removeListener('release', onRelease);
  });

  return {
    read(c: PoolCounts): void {
      const total = pool.totalCount;
      const idle = pool.idleCount;
      c.used = total - idle;
      c.idle = idle;
      c.pending = pool.waitingCount;
      const max = pool.options.max;
      c.max = typeof max === 'number' ? max : NaN;
      c.idleMax = c.max;
      const min = pool.options.min;
      c.idleMin = typeof min === 'number' ? min : 0;
    },
    detach: () => undoAll(undo),
  };
}
