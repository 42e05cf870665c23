/**
 * The process's cgroup (v2, v1 or hybrid) and the system-wide pressure stall information. See
 * native/sources/cgroup.cc for the files and native/sources/cgroup_layout.h for the fields. Every slot is read by
 * its name in the generated layout (src/layout.ts), so a misspelled or removed field does not compile.
 */
import type { CgroupIoStats, CgroupStats, Pressure, PressureLine, PressureStats, Snapshot } from '../types';
import type { TableReader } from '../table';
import { entryValueNames, hasValues, mapEntries, orNull, pickEntryInto } from './common';
import { fileHasValues, isCgroupController, type ScalarField, type TableName } from '../layout';
import { cgroupNames } from './entry-names';

/**
 * Anything with the named scalar slots of table `N`: a native Table or a TableLike of the OpenTelemetry layer
 * (which may leave a slot out: a missing slot reads as absent, NaN).
 */
interface Scalars<N extends TableName> {
  readonly array: Float64Array;
  readonly scalar: Readonly<Partial<Record<ScalarField<N>, number>>>;
  status(): number;
}

function scalar<N extends TableName>(t: Scalars<N>, field: ScalarField<N>): number {
  const i: number | undefined = t.scalar[field];
  return i === undefined ? NaN : (t.array[i] as number);
}

/** A PSI resource, as the slot names of the cgroup and pressure tables spell it. */
type PsiResource = keyof Pressure;
/** The slots of one PSI line: `<resource><Some|Full><Avg10|Avg60|Avg300|Total>`. */
type PsiSlot = `${PsiResource}${'Some' | 'Full'}${'Avg10' | 'Avg60' | 'Avg300' | 'Total'}`;
// Both tables have every PSI slot: this line stops compiling when layout.h loses or renames one.
const psiSlotsInLayout: [PsiSlot] extends [ScalarField<'cgroup'> & ScalarField<'pressure'>] ? true : never = true;
void psiSlotsInLayout;

/** A table with the PSI slots: the cgroup table or the pressure table. */
interface PsiScalars {
  readonly array: Float64Array;
  readonly scalar: Readonly<Partial<Record<PsiSlot, number>>>;
}

function psi(t: PsiScalars, slot: PsiSlot): number | null {
  const i: number | undefined = t.scalar[slot];
  return i === undefined ? null : orNull(t.array[i] as number);
}

function line(t: PsiScalars, p: `${PsiResource}${'Some' | 'Full'}`): PressureLine | null {
  const l = { avg10: psi(t, `${p}Avg10`), avg60: psi(t, `${p}Avg60`), avg300: psi(t, `${p}Avg300`), total: psi(t, `${p}Total`) };
  return l.avg10 === null && l.avg60 === null && l.avg300 === null && l.total === null ? null : l;
}

/** The PSI of each resource, null for one whose own file status (`status(resource)`) says it was not read. */
function pressureOf(t: PsiScalars, status: (r: PsiResource) => number): Pressure {
  const of = (r: PsiResource): PressureStats | null =>
    fileHasValues(status(r)) ? { some: line(t, `${r}Some`), full: line(t, `${r}Full`) } : null;
  return { cpu: of('cpu'), memory: of('memory'), io: of('io') };
}

/** The snapshot's `pressure` part (system-wide PSI); null when no PSI file could be read. */
export function pressureSnapshot(t: TableReader<'pressure'> | undefined): Snapshot['pressure'] {
  if (!hasValues(t)) return null;
  return pressureOf(t, (r) => t.scalarValue(`${r}Status`));
}

// The per-device counters (bytes, operations); the device numbers are given as numbers, never null.
const IO_FIELDS = entryValueNames('cgroupIo', ['major', 'minor']);

function ioEntries(t: TableReader<'cgroupIo'> | undefined): CgroupIoStats[] {
  if (!hasValues(t)) return [];
  return mapEntries(t, (i, device) => pickEntryInto(t, i, IO_FIELDS, { device, major: t.entryValue(i, 'major'), minor: t.entryValue(i, 'minor') }));
}

/**
 * The snapshot's `cgroup` part; null when the source is not selected, or when no cgroup was found (no cgroup
 * filesystem in mountinfo, no membership line) or not one of its files could be read.
 */
export function cgroupSnapshot(t: TableReader<'cgroup'> | undefined, io: TableReader<'cgroupIo'> | undefined): Snapshot['cgroup'] {
  if (!hasValues(t)) return null;
  const g = (k: ScalarField<'cgroup'>): number | null => orNull(t.scalarValue(k));
  const directories: CgroupStats['directories'] = {};
  for (const g of cgroupNames(t.names())) if (isCgroupController(g.controller)) directories[g.controller] = g.directory;
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
    pressure: pressureOf(t, (r) => t.scalarValue(`${r}PressureStatus`)),
  };
  return out;
}

/**
 * The CPUs a process in this cgroup can use: the smallest of the cgroup's CPU limit (quota / period, its own or an
 * ancestor's), its cpuset and `parallelism` (normally `os.availableParallelism()`, which already follows the
 * process's affinity mask). `parallelism` when the table holds no cgroup values. Reads the table's slots, so it
 * allocates nothing: the OpenTelemetry layer calls it on every sample.
 */
export function cgroupCpus(t: Scalars<'cgroup'> | undefined, parallelism: number): number {
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
  table(name: 'cgroup'): Scalars<'cgroup'> | undefined;
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
