/**
 * The process's cgroup (v2, v1 or hybrid) and the system-wide pressure stall information. See
 * native/sources/cgroup.cc for the files and native/sources/cgroup_layout.h for the fields.
 */
import type { CgroupIoStats, CgroupStats, Pressure, PressureLine, PressureStats, Snapshot } from '../types';
import type { Table } from '../table';
import { hasValues, orNull } from './common';
import { fileHasValues } from '../layout';

/** Anything with named scalar slots: a native Table or a TableLike of the OpenTelemetry layer. */
interface Scalars {
  readonly array: Float64Array;
  readonly scalar: Readonly<Record<string, number>>;
  status(): number;
}

function scalar(t: Scalars, field: string): number {
  const i = t.scalar[field];
  return i === undefined ? NaN : (t.array[i] as number);
}

function line(t: Scalars, prefix: string): PressureLine | null {
  const l = {
    avg10: orNull(scalar(t, prefix + 'Avg10')),
    avg60: orNull(scalar(t, prefix + 'Avg60')),
    avg300: orNull(scalar(t, prefix + 'Avg300')),
    total: orNull(scalar(t, prefix + 'Total')),
  };
  return l.avg10 === null && l.avg60 === null && l.avg300 === null && l.total === null ? null : l;
}

/** The PSI of `resource` (cpu, memory, io) from the slots `<resource>Some*` and `<resource>Full*`. */
function pressureOf(t: Scalars, resource: string, statusField: string): PressureStats | null {
  const st = scalar(t, statusField);
  if (!fileHasValues(st)) return null;
  return { some: line(t, resource + 'Some'), full: line(t, resource + 'Full') };
}

/** The snapshot's `pressure` part (system-wide PSI); null when no PSI file could be read. */
export function pressureSnapshot(t: Table<'pressure'> | undefined): Snapshot['pressure'] {
  if (!hasValues(t)) return null;
  return {
    cpu: pressureOf(t, 'cpu', 'cpuStatus'),
    memory: pressureOf(t, 'memory', 'memoryStatus'),
    io: pressureOf(t, 'io', 'ioStatus'),
  };
}

function cgroupPressure(t: Scalars): Pressure {
  return {
    cpu: pressureOf(t, 'cpu', 'cpuPressureStatus'),
    memory: pressureOf(t, 'memory', 'memoryPressureStatus'),
    io: pressureOf(t, 'io', 'ioPressureStatus'),
  };
}

function ioEntries(t: Table<'cgroupIo'> | undefined): CgroupIoStats[] {
  if (!hasValues(t)) return [];
  const names = t.names();
  const out: CgroupIoStats[] = [];
  const n = Math.min(t.count(), names.length);
  for (let i = 0; i < n; i++) {
    out.push({
      device: names[i] as string,
      major: t.entryValue(i, 'major'),
      minor: t.entryValue(i, 'minor'),
      readBytes: orNull(t.entryValue(i, 'readBytes')),
      writeBytes: orNull(t.entryValue(i, 'writeBytes')),
      readOps: orNull(t.entryValue(i, 'readOps')),
      writeOps: orNull(t.entryValue(i, 'writeOps')),
    });
  }
  return out;
}

/**
 * The snapshot's `cgroup` part; null when the source is not selected, or when no cgroup was found (no cgroup
 * filesystem in mountinfo, no membership line) or not one of its files could be read.
 */
export function cgroupSnapshot(t: Table<'cgroup'> | undefined, io: Table<'cgroupIo'> | undefined): Snapshot['cgroup'] {
  if (!hasValues(t)) return null;
  const g = (k: string): number | null => orNull(scalar(t, k));
  const dirs = t.names();
  const directories: Record<string, string> = {};
  for (let i = 0; i + 1 < dirs.length; i += 2) directories[dirs[i] as string] = dirs[i + 1] as string;
  const out: CgroupStats = {
    version: g('version'),
    directories,
    cpu: {
      quota: g('cpuQuota'),
      period: g('cpuPeriod'),
      limit: g('cpuLimit'),
      cpusetCpus: g('cpusetCpus'),
      weight: g('cpuWeight'),
      shares: g('cpuShares'),
      usage: g('cpuUsage'),
      user: g('cpuUser'),
      system: g('cpuSystem'),
      periods: g('cpuPeriods'),
      throttledPeriods: g('cpuThrottledPeriods'),
      throttledTime: g('cpuThrottledTime'),
    },
    memory: {
      usage: g('memoryUsage'),
      limit: g('memoryLimit'),
      ownLimit: g('memoryOwnLimit'),
      high: g('memoryHigh'),
      swapUsage: g('memorySwapUsage'),
      swapLimit: g('memorySwapLimit'),
      anon: g('memoryAnon'),
      file: g('memoryFile'),
      kernel: g('memoryKernel'),
      shmem: g('memoryShmem'),
      activeFile: g('memoryActiveFile'),
      inactiveFile: g('memoryInactiveFile'),
      workingSet: g('memoryWorkingSet'),
      pageFaults: g('memoryPageFaults'),
      majorPageFaults: g('memoryMajorPageFaults'),
      events: {
        low: g('memoryEventsLow'),
        high: g('memoryEventsHigh'),
        max: g('memoryEventsMax'),
        oom: g('memoryEventsOom'),
        oomKill: g('memoryEventsOomKill'),
      },
    },
    pids: { current: g('pidsCurrent'), max: g('pidsMax') },
    io: ioEntries(io),
    pressure: cgroupPressure(t),
  };
  return out;
}

/**
 * The CPUs a process in this cgroup can use: the smallest of the cgroup's CPU limit (quota / period, its own or an
 * ancestor's), its cpuset and `parallelism` (normally `os.availableParallelism()`, which already follows the
 * process's affinity mask). `parallelism` when the table holds no cgroup values. Reads the table's slots, so it
 * allocates nothing: the OpenTelemetry layer calls it on every sample.
 */
export function cgroupCpus(t: Scalars | undefined, parallelism: number): number {
  let n = parallelism;
  if (t === undefined || !hasValues(t)) return n;
  const limit = scalar(t, 'cpuLimit');
  if (limit > 0 && limit < n) n = limit;
  const cpuset = scalar(t, 'cpusetCpus');
  if (cpuset > 0 && cpuset < n) n = cpuset;
  return n;
}

/**
 * The memory this process can use: the cgroup's memory limit (its own or an ancestor's) when it is lower than
 * `hostTotal` (MemTotal), else `hostTotal`. From a snapshot: `effectiveMemoryLimit(s.cgroup, s.memory?.total)`.
 * Returns null when neither is known. This is the limit a health check of memory use should compare against.
 */
export function effectiveMemoryLimit(
  cgroup: Pick<CgroupStats, 'memory'> | null | undefined,
  hostTotal: number | null | undefined,
): number | null {
  const limit = cgroup?.memory.limit ?? null;
  const host = hostTotal ?? null;
  if (limit === null) return host;
  if (host === null) return limit;
  return limit < host ? limit : host;
}

/** What {@link cgroupMemorySource} needs: a Sampler (or anything that samples and has the cgroup table). */
interface CgroupSampler {
  sample(): void;
  table(name: 'cgroup'): Scalars | undefined;
}

/**
 * A container-memory source for `HealthMonitor` (`containerMemory: cgroupMemorySource(sampler)`): on each call,
 * samples `sampler` (a `new Sampler({ sources: ['cgroup'] })` of its own is cheapest) and returns the cgroup's
 * memory limit (its own or an ancestor's, the smallest) and usage (`memory.current` / `memory.usage_in_bytes`: the
 * bytes charged to it). Null when the cgroup has no memory limit or cannot be read. Never throws, allocates one
 * small object per call.
 */
export function cgroupMemorySource(sampler: CgroupSampler): () => { limit: number; usage: number | null } | null {
  return () => {
    try {
      sampler.sample();
      const t = sampler.table('cgroup');
      if (t === undefined || !hasValues(t)) return null;
      const limit = scalar(t, 'memoryLimit');
      if (!(limit > 0)) return null;
      return { limit, usage: orNull(scalar(t, 'memoryUsage')) };
    } catch {
      return null;
    }
  };
}
