/**
 * computeRates(): everything derived from two snapshots, matching CPUs, devices and interfaces by key. A key in
 * only one of the two snapshots has no rate.
 */
import type { Fields, ScalarField } from '../layout';
import { cpuUtilization, type CpuTimesLike, type CpuUtilization } from './cpu';
import { diskRates, type DiskLike, type DiskRates } from './disk';
import { filesystemUtilization, type FilesystemLike, type FilesystemStates } from './filesystem';
import { counterDelta, processCpuUtilization } from './kernels';
import { memoryUtilization, pagingUtilization, type MemoryLike, type MemoryStates } from './memory';
import { networkRates, type NetworkLike, type NetworkRates } from './network';
import { minWindowOf, num, orNull, type MaybeNumber, type RateOptions } from './values';

/** The parts of a `Snapshot` that {@link computeRates} reads; any part may be null or missing. */
export interface SnapshotLike {
  cpu?: {
    count?: MaybeNumber;
    total?: CpuTimesLike | null;
    perCpu?: ReadonlyArray<CpuTimesLike & { cpu: number }>;
  } | null;
  memory?: MemoryLike | null;
  disks?: ReadonlyArray<DiskLike> | null;
  network?: ReadonlyArray<NetworkLike> | null;
  filesystems?: ReadonlyArray<FilesystemLike & { device: string; mountpoint: string; type: string }> | null;
  process?: Partial<Fields<ScalarField<'process'>, MaybeNumber>> | null;
}

/** Everything {@link computeRates} derives from two snapshots. Arrays hold only keys present in both samples. */
export interface Rates {
  /** Window length in seconds. */
  elapsedS: number;
  /** Aggregate CPU utilization per mode, or null. */
  cpu: CpuUtilization | null;
  /** Per-CPU utilization, keyed by the CPU number of the `cpuN` line (CPUs online in both samples). */
  perCpu: Array<CpuUtilization & { cpu: number }>;
  /** Process CPU utilization (0..1 of the CPUs available to it); null = unknown. */
  process: { user: number | null; system: number | null; total: number | null } | null;
  /** Memory utilization per state (instantaneous, from the current sample). */
  memory: MemoryStates | null;
  /** Swap utilization (null without swap). */
  paging: { used: number | null; free: number | null } | null;
  disks: DiskRates[];
  network: NetworkRates[];
  /** Filesystem utilization per mount (instantaneous). */
  filesystems: Array<FilesystemStates & { device: string; mountpoint: string; type: string }>;
}

/** Options of {@link computeRates}. */
export interface ComputeRatesOptions extends RateOptions {
  /** CPUs available to the process (pass `os.availableParallelism()`), for process CPU utilization; default 1. */
  processCpus?: number;
}

/** Calls `each(p, c)` for every `c` of `cur` whose key is also in `prev` (`p` the one of `prev`), in `cur` order. */
function matched<T, K>(prev: readonly T[], cur: readonly T[], key: (x: T) => K, each: (p: T, c: T) => void): void {
  const before = new Map<K, T>();
  for (const x of prev) before.set(key(x), x);
  for (const c of cur) {
    const p = before.get(key(c));
    if (p !== undefined) each(p, c);
  }
}

/**
 * Derives utilizations and per-second rates from two snapshots taken `elapsedS` seconds apart (monotonic clock).
 * Devices, interfaces and CPUs are matched by name / CPU number; one present in only one snapshot has no rate.
 * Memory, paging and filesystem utilizations are instantaneous (from `cur`); everything else is null or empty when
 * the window is shorter than `minWindowS`.
 */
export function computeRates(
  prev: SnapshotLike,
  cur: SnapshotLike,
  elapsedS: number,
  options: ComputeRatesOptions = {},
): Rates {
  const w = minWindowOf(options);
  const tooShort = !(elapsedS >= w) || !(elapsedS > 0);
  const out: Rates = {
    elapsedS,
    cpu: null,
    perCpu: [],
    process: null,
    memory: cur.memory ? memoryUtilization(cur.memory) : null,
    paging: cur.memory ? pagingUtilization(cur.memory) : null,
    disks: [],
    network: [],
    filesystems: [],
  };
  for (const f of cur.filesystems ?? []) {
    out.filesystems.push({ device: f.device, mountpoint: f.mountpoint, type: f.type, ...filesystemUtilization(f) });
  }
  if (tooShort) return out;
  const opts = { minWindowS: w };
  const cpuCount = num(cur.cpu?.count);
  if (prev.cpu?.total && cur.cpu?.total) {
    out.cpu = cpuUtilization(prev.cpu.total, cur.cpu.total, cpuCount > 0 ? cpuCount : 1, opts);
  }
  if (prev.cpu?.perCpu && cur.cpu?.perCpu) {
    matched(prev.cpu.perCpu, cur.cpu.perCpu, (c) => c.cpu, (p, c) => {
      const u = cpuUtilization(p, c, 1, opts);
      if (u) out.perCpu.push({ cpu: c.cpu, ...u });
    });
  }
  if (prev.process && cur.process) {
    const cpus = options.processCpus ?? 1;
    const du = counterDelta(prev.process.cpuUser, cur.process.cpuUser);
    const ds = counterDelta(prev.process.cpuSystem, cur.process.cpuSystem);
    out.process = {
      user: orNull(processCpuUtilization(du, elapsedS, cpus, w)),
      system: orNull(processCpuUtilization(ds, elapsedS, cpus, w)),
      total: orNull(processCpuUtilization(du + ds, elapsedS, cpus, w)),
    };
  }
  if (prev.disks && cur.disks) {
    matched(prev.disks, cur.disks, (d) => d.name, (p, c) => out.disks.push(diskRates(p, c, elapsedS, opts)));
  }
  if (prev.network && cur.network) {
    matched(prev.network, cur.network, (n) => n.name, (p, c) => out.network.push(networkRates(p, c, elapsedS, opts)));
  }
  return out;
}
