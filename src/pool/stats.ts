/**
 * The generic form, for any other pool: `monitorPool({ name, stats: () => ({ used, idle, pending, max }) })`.
 * `stats` is called once per collect; the times and timeouts are recorded by the caller through the monitor's
 * recordWait / recordUse / recordCreate / recordTimeout.
 */
import type { PoolAdapter, PoolCounts } from './monitor';
import { prop } from './patch';

/** What a `stats` function returns: the pool's current state. A missing or non-number field is left out. */
export interface PoolStats {
  /** Connections in use, `{connection}`. */
  used: number;
  /** Open idle connections, `{connection}`. */
  idle: number;
  /** Requests waiting for a connection, `{request}`. */
  pending: number;
  /** Most open connections the pool allows, `{connection}`. */
  max: number;
  /** Most idle connections the pool keeps, `{connection}` (left out when absent). */
  idleMax?: number;
  /** Fewest idle connections the pool keeps, `{connection}` (left out when absent). */
  idleMin?: number;
}

/** A pool described by a stats function (the generic form of monitorPool). */
export interface StatsPool {
  /** The pool's name (`db.client.connection.pool.name`); required, a non-empty string. */
  name: string;
  /** Returns the pool's current state; called at every collect. A throw is counted, never propagated. */
  stats: () => PoolStats;
}

/** True when `pool` is the generic form: a plain object with a `stats` function. */
export function isStatsPool(pool: unknown): boolean {
  return typeof prop(pool, 'stats') === 'function';
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : NaN;
}

/** The adapter of the generic form. */
export function attachStats(pool: StatsPool): PoolAdapter {
  const stats = pool.stats;
  return {
    read(c: PoolCounts): void {
      const s = stats() as unknown;
      if (typeof s !== 'object' || s === null) throw new TypeError('stats() did not return an object');
      c.used = num(prop(s, 'used'));
      c.idle = num(prop(s, 'idle'));
      c.pending = num(prop(s, 'pending'));
      c.max = num(prop(s, 'max'));
      c.idleMax = num(prop(s, 'idleMax'));
      c.idleMin = num(prop(s, 'idleMin'));
    },
    detach(): void {},
  };
}
