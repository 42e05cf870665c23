/** Memory and swap usage and utilization from the `memory` part of a Snapshot (bytes; /proc/meminfo). */
import type { Fields, ScalarField } from '../layout';
import { utilization } from './kernels';
import { shareOf } from './fields';
import { num, orNull, type MaybeNumber } from './values';

/** Memory fields used for utilization (bytes; the `memory` part of the snapshot); missing or null = unknown. */
export type MemoryLike = Partial<Fields<ScalarField<'memory'>, MaybeNumber>>;

/** Memory usage in bytes per `system.memory.state`; `null` = unknown. */
export interface MemoryStates {
  used: number | null;
  free: number | null;
  buffers: number | null;
  cached: number | null;
}

/**
 * Memory usage per state, as `system.memory.usage` reports it: used = total - available, free = free,
 * buffers = buffers, cached = cached + slabReclaimable. `used` is unknown without MemAvailable (kernels < 3.14).
 */
export function memoryUsage(m: MemoryLike): MemoryStates {
  return {
    used: orNull(num(m.total) - num(m.available)),
    free: orNull(num(m.free)),
    buffers: orNull(num(m.buffers)),
    cached: orNull(num(m.cached) + num(m.slabReclaimable)),
  };
}

/** Memory utilization (0..1) per state: {@link memoryUsage} / total. Unknown (null) when total is unknown or 0. */
export function memoryUtilization(m: MemoryLike): MemoryStates {
  return shareOf(memoryUsage(m), num(m.total));
}

/**
 * Swap utilization (0..1): used = (swapTotal - swapFree) / swapTotal, free = swapFree / swapTotal.
 * @returns `null` when there is no swap (swapTotal 0) or it is unknown
 */
export function pagingUtilization(m: MemoryLike): { used: number | null; free: number | null } | null {
  const total = num(m.swapTotal);
  const free = num(m.swapFree);
  if (!(total > 0)) return null;
  return { used: orNull(utilization(total - free, total)), free: orNull(utilization(free, total)) };
}
