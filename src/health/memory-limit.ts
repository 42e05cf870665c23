/**
 * Where the memory check gets a container's memory limit and usage. A source is a function called once a monitor
 * interval; the default reads Node's own view of the cgroup (process.constrainedMemory(), process.availableMemory()).
 * Another source (a cgroup reader of this package, a test) plugs in through `HealthMonitorOptions.containerMemory`.
 */

/** A container's memory, bytes; `null` = unknown. */
export interface ContainerMemoryReading {
  /** The limit, or null when there is none. */
  limit: number | null;
  /** Bytes charged to the container (or an upper bound of it), or null when unknown. */
  usage: number | null;
}

/** Returns the container's memory now, or null when the process is not under a memory limit. Must not throw. */
export type ContainerMemorySource = () => ContainerMemoryReading | null;

/**
 * The largest value taken for a real limit: cgroup v1 writes "no limit" as 2^63 rounded down to a page
 * (9223372036854771712), v2 as "max", which Node reports as 2^64 - 1 or 2^63 - 1.
 */
export const UNLIMITED_FROM = 2 ** 60;

/** Whether a reported limit is a real one: positive, finite, below the "unlimited" sentinels and below the host RAM. */
export function isRealLimit(limit: number | undefined | null, hostTotal: number): limit is number {
  return typeof limit === 'number' && Number.isFinite(limit) && limit > 0 && limit < UNLIMITED_FROM && !(hostTotal > 0 && limit >= hostTotal);
}

/**
 * The default source: process.constrainedMemory() (Node 18.15+) as the limit when it is a real one, and
 * `limit - process.availableMemory()` (Node 20.13+) as the usage. availableMemory() is the smaller of the room left
 * under the limit and the host's available memory, so this usage is the container's charge, or more when the host is
 * the tighter bound. Null without a real limit; usage null where availableMemory() does not exist.
 */
export function nodeContainerMemory(hostTotal: number): ContainerMemorySource {
  const p = process as NodeJS.Process & { constrainedMemory?: () => number | undefined; availableMemory?: () => number };
  return () => {
    let limit: number | undefined;
    try {
      limit = p.constrainedMemory?.();
    } catch {
      return null;
    }
    if (!isRealLimit(limit, hostTotal)) return null;
    let usage: number | null = null;
    try {
      const available = p.availableMemory?.();
      if (typeof available === 'number' && Number.isFinite(available)) usage = Math.max(0, limit - available);
    } catch {
      usage = null;
    }
    return { limit, usage };
  };
}
