/**
 * The generic-pool adapter (generic-pool 3.x, read from 3.9).
 *
 * Counts come from the pool's public getters at collect time: used = `borrowed`, idle = `available`, pending =
 * `pending`, max and idle.max = `max` (the pool keeps up to max idle resources), idle.min = `min`.
 *
 * Times, on this one pool instance only:
 * - wait_time: its `acquire` is wrapped (`use()` goes through it), from the call to the resolved resource; a
 *   rejection with generic-pool's `TimeoutError` (acquireTimeoutMillis) counts as a timeout.
 * - use_time: from the resolved acquire to `release` or `destroy` of that resource.
 * - create_time: the factory's `create` is timed through a per-pool view of the factory (the pool's `_factory`
 *   is replaced by an object that inherits from the user's factory; the user's factory object is not modified).
 *   A pool without `_factory` reports no create_time.
 *
 * generic-pool has no server address: `monitorPool(pool, { name })` must name it.
 */
import type { PoolAdapter, PoolCounts, PoolEvents } from './monitor';
import { nowMs, patchOwn, prop, Timings, undoAll } from './patch';

/** The `name` of generic-pool's acquire timeout error (lib/errors.js). */
const GENERIC_POOL_TIMEOUT_NAME = 'TimeoutError';

interface GenericPoolLike {
  acquire: (priority?: number) => Promise<unknown>;
  release: (resource: unknown) => unknown;
  destroy: (resource: unknown) => unknown;
  readonly borrowed: number;
  readonly available: number;
  readonly pending: number;
  readonly max: number;
  readonly min: number;
  _factory?: { create?: () => unknown };
}

/** True when `pool` has the shape of a generic-pool Pool. */
export function isGenericPool(pool: unknown): boolean {
  return (
    typeof prop(pool, 'acquire') === 'function' &&
    typeof prop(pool, 'release') === 'function' &&
    typeof prop(pool, 'destroy') === 'function' &&
    typeof prop(pool, 'borrowed') === 'number' &&
    typeof prop(pool, 'available') === 'number' &&
    typeof prop(pool, 'pending') === 'number' &&
    typeof prop(pool, 'max') === 'number' &&
    typeof prop(pool, 'min') === 'number'
  );
}

/** Attaches to a generic-pool pool (checked by isGenericPool). */
export function attachGenericPool(poolObj: unknown, events: PoolEvents): PoolAdapter {
  const pool = poolObj as GenericPoolLike;
  const acquired = new Timings();
  const undo: Array<() => void> = [];

  const acquire = pool.acquire;
  function wrappedAcquire(this: unknown, priority?: number): Promise<unknown> {
    const t0 = nowMs();
    return acquire.call(this, priority).then(
      (resource) => {
        const t = nowMs();
        events.recordWait((t - t0) / 1000);
        acquired.start(resource, t);
        return resource;
      },
      (err: unknown) => {
        if (prop(err, 'name') === GENERIC_POOL_TIMEOUT_NAME) events.recordTimeout();
        throw err;
      },
    );
  }
  undo.push(patchOwn(pool, 'acquire', wrappedAcquire));

  const giveBack = (resource: unknown): void => {
    const s = acquired.stop(resource);
    if (s === s) events.recordUse(s);
  };
  const release = pool.release;
  undo.push(
    patchOwn(pool, 'release', function (this: unknown, resource: unknown): unknown {
      giveBack(resource);
      return release.call(this, resource);
    }),
  );
  const destroy = pool.destroy;
  undo.push(
    patchOwn(pool, 'destroy', function (this: unknown, resource: unknown): unknown {
      giveBack(resource);
      return destroy.call(this, resource);
    }),
  );

  const factory = pool._factory;
  const create = prop(factory, 'create');
  if (typeof factory === 'object' && factory !== null && typeof create === 'function') {
    const view = Object.create(factory) as { create: () => unknown };
    view.create = function (this: unknown): unknown {
      const t0 = nowMs();
      return Promise.resolve(create.call(factory)).then((resource) => {
        events.recordCreate((nowMs() - t0) / 1000);
        return resource;
      });
    };
    undo.push(patchOwn(pool, '_factory', view));
  }

  return {
    read(c: PoolCounts): void {
      c.used = pool.borrowed;
      c.idle = pool.available;
      c.pending = pool.pending;
      c.max = pool.max;
      c.idleMax = pool.max;
      c.idleMin = pool.min;
    },
    detach: () => undoAll(undo),
  };
}
