/**
 * Public types of the sampler: options, the snapshot object and the per-source status.
 * Units: seconds (`s`) and bytes (`By`) throughout. A value the kernel did not give, or a source that is not
 * selected or not available, is `null`, never 0. The fields of each part are the native tables' (src/layout.ts,
 * generated from native/layout.h): a name is written once, in C++.
 */
import type { CgroupController, EntryField, Fields, FileStatusField, ScalarField, TableName } from './layout';
import type { FsNameParts } from './sources/entry-names';

/** The TCP states in kernel order, as the tcpStates table names them after its `v4_` / `v6_` prefix. */
export type TcpStateName = ScalarField<'tcpStates'> extends infer F ? (F extends `v4_${infer S}` ? S : never) : never;

/**
 * The user-facing sources, in the order the snapshot lists them, each with the native tables it reads (the
 * tables are layout.h's; the source names are the TypeScript API's own). The one list of sources: `SourceName` and
 * `SOURCE_NAMES` come from it.
 */
export const SOURCE_TABLES = Object.freeze({
  cpu: ['cpu'],
  memory: ['memory'],
  load: ['load'],
  vmstat: ['vmstat'],
  disks: ['disks'],
  network: ['network'],
  tcp: ['tcp', 'tcpStates'],
  filesystems: ['filesystems'],
  system: ['system'],
  process: ['process'],
  cgroup: ['cgroup', 'cgroupIo'],
  pressure: ['pressure'],
} as const satisfies Record<string, readonly TableName[]>);

/** The user-facing source names accepted by `SamplerOptions.sources` (`'cpu'`, `'memory'` ... `'pressure'`). */
export type SourceName = keyof typeof SOURCE_TABLES;

/** Every source, in the order the snapshot lists them. */
export const SOURCE_NAMES: readonly SourceName[] = Object.freeze(Object.keys(SOURCE_TABLES) as SourceName[]);

/**
 * The sources a Sampler reads when `sources` is not given: every source but `cgroup` and `pressure`, which are
 * asked for by name (about 20 more files per sample; HostMetrics selects them for its container metrics and the
 * CPU limit of process.cpu.utilization).
 */
export const DEFAULT_SOURCES: readonly SourceName[] = SOURCE_NAMES.filter((s) => s !== 'cgroup' && s !== 'pressure');

/** Options of `new Sampler()`; every one is optional. */
export interface SamplerOptions {
  /** Where procfs is mounted (default `/proc`): a sidecar reads a host's /proc at e.g. `/host/proc`; tests point it at fixture trees. */
  procRoot?: string;
  /** Where the root filesystem the mount points refer to is mounted (default `/`), prefixed to each mount point for `statvfs`. */
  rootFs?: string;
  /** The process to describe: `'self'` (default) or a positive integer pid. */
  pid?: 'self' | number;
  /**
   * Whose network namespace the network and TCP sources read (default `'self'`: `<procRoot>/net`, this process's).
   * A sidecar reading a host's /proc passes `1` for the host's namespace (`<procRoot>/1/net`).
   */
  netPid?: 'self' | number;
  /** The sources to read (default: {@link DEFAULT_SOURCES}, every source but `cgroup` and `pressure`). */
  sources?: readonly SourceName[];
  /**
   * How long `sampleAsync()` waits for one mount's `statvfs` before reporting it stuck, in milliseconds (default 5000).
   * A mount that hangs (a dead NFS server, a FUSE daemon that stopped answering) is skipped after this and its
   * values are null, and later refreshes skip it without waiting while the hung call lasts. A `sampleAsync()` in
   * flight when a worker thread exits (or Node tears down its environment) completes first, so that exit waits up
   * to this long when a mount hangs. Lower it where a fast exit matters more than a slow network filesystem's
   * values.
   */
  statfsTimeoutMs?: number;
  /**
   * Whether the `tcp` source also reads the O(1) summary (`/proc/net/sockstat`, `sockstat6`, `snmp`) in every
   * `sample()` (default true). With false, `tcp` is only the per-state counts refreshed by `sampleAsync()`, and
   * `snapshot().tcp.summary` is null.
   */
  tcpSummary?: boolean;
  /**
   * Where the cgroup filesystem is mounted for this process (default: the mount points of
   * `<procRoot>/<pid>/mountinfo` under `rootFs`). On a unified (v2) host it is the cgroup2 mount itself; with v1
   * hierarchies it is the directory that holds one directory per hierarchy, named like the last component of its
   * mount point (`cpu`, `memory`, `cpu,cpuacct`, `unified`). A sidecar reading a host's cgroups mounted at
   * `/host/sys/fs/cgroup` passes that.
   */
  cgroupRoot?: string;
  /**
   * Which cgroup the `cgroup` source reads: a path inside the hierarchy (`/kubepods/pod1/ctr`; `/` is the root
   * cgroup). Default: the process's own, from `<procRoot>/<pid>/cgroup`.
   */
  cgroupPath?: string;
}

/** CPU times in seconds, as the kernel prints them (guest and guestNice are already inside user and nice). */
export type CpuTimes = Fields<ScalarField<'cpu'>, number | null>;

/** Connection counts per TCP state. */
export type TcpStates = Fields<TcpStateName, number>;

/** One block device of /proc/diskstats: bytes, operations and seconds (fields its kernel does not print are null). */
export type DiskStats = { name: string; major: number; minor: number } & Fields<
  Exclude<EntryField<'disks'>, 'major' | 'minor'>,
  number | null
>;

/** One interface of /proc/net/dev: the 16 counters, bytes and counts. */
export type NetworkStats = { name: string } & Fields<EntryField<'network'>, number | null>;

/**
 * One mount: its name parts (device, mount point, type: layout.h PS_FS_NAME_PARTS), its statvfs values in bytes and
 * inodes (null when unknown) and two flags.
 */
export type FilesystemStats = FsNameParts &
  Fields<Exclude<EntryField<'filesystems'>, 'readOnly' | 'stuck' | 'statStatus'>, number | null> & {
    /** Mounted read-only. */
    readOnly: boolean;
    /** statvfs did not answer within `statfsTimeoutMs` (or a previous call still hangs): values are null. */
    stuck: boolean;
  };

/** The JSON-ready object returned by `Sampler.snapshot()`. */
export interface Snapshot {
  cpu: { count: number | null; total: CpuTimes | null; perCpu: Array<CpuTimes & { cpu: number }> } | null;
  load: Fields<ScalarField<'load'>, number | null> | null;
  memory: Fields<ScalarField<'memory'>, number | null> | null;
  vmstat: Fields<ScalarField<'vmstat'>, number | null> | null;
  disks: DiskStats[] | null;
  network: NetworkStats[] | null;
  tcp: {
    ipv4: TcpStates | null;
    ipv6: TcpStates | null;
    summary: Fields<Exclude<ScalarField<'tcp'>, FileStatusField<'tcp'>>, number | null> | null;
  } | null;
  filesystems: FilesystemStats[] | null;
  system: Fields<Exclude<ScalarField<'system'>, FileStatusField<'system'>>, number | null> | null;
  process:
    | (Fields<Exclude<ScalarField<'process'>, FileStatusField<'process'> | 'startTime'>, number | null> & {
        /** Process start, seconds since the Unix epoch. */
        startTime: number | null;
      })
    | null;
  /** The process's cgroup; null when the `cgroup` source is not selected or no cgroup filesystem was found. */
  cgroup: CgroupStats | null;
  /** System-wide PSI (`<procRoot>/pressure`); null when not selected or absent (kernels before 4.20, no CONFIG_PSI). */
  pressure: Pressure | null;
}

/** Pressure stall information of one resource: `some` and `full` (null where the kernel prints no such line). */
export interface PressureStats {
  some: PressureLine | null;
  full: PressureLine | null;
}

/** One PSI line: the share of wall time stalled, averaged over 10, 60 and 300 s (0..1), and the total stall (s). */
export interface PressureLine {
  avg10: number | null;
  avg60: number | null;
  avg300: number | null;
  total: number | null;
}

/** PSI of the three resources; a resource is null when its file is absent. */
export interface Pressure {
  cpu: PressureStats | null;
  memory: PressureStats | null;
  io: PressureStats | null;
}

/** I/O of a cgroup on one block device (v2 io.stat; v1 blkio.throttle.io_service_bytes and io_serviced): bytes, operations. */
export type CgroupIoStats = {
  /** `major:minor`. */
  device: string;
  major: number;
  minor: number;
} & Fields<Exclude<EntryField<'cgroupIo'>, 'major' | 'minor'>, number | null>;

/**
 * The process's cgroup (`Snapshot.cgroup`). Seconds and bytes; a value is null when its file is absent (a
 * controller that is not enabled, the root cgroup, an older kernel) and a limit is null when there is none.
 */
export interface CgroupStats {
  /** 2 (unified hierarchy) or 1 (v1 controllers, hybrid layouts included). */
  version: number | null;
  /**
   * The directory read for each controller found (CGROUP_CONTROLLERS: `cpu`, `cpuacct`, `cpuset`, `memory`, `blkio`,
   * `pids`, `pressure`); a controller that was not found has no key.
   */
  directories: Partial<Record<CgroupController, string>>;
  cpu: {
    /** CPU time per period the cgroup may use (s), null without a quota. */
    quota: number | null;
    /** Length of the bandwidth period (s). */
    period: number | null;
    /** The smallest quota / period of the cgroup and its ancestors, in CPUs; null without any quota. */
    limit: number | null;
    /** CPUs in the cgroup's effective cpuset. */
    cpusetCpus: number | null;
    /** v2 cpu.weight (1..10000). */
    weight: number | null;
    /** v1 cpu.shares. */
    shares: number | null;
    /** CPU time used by the cgroup's tasks (s). */
    usage: number | null;
    user: number | null;
    system: number | null;
    /** Bandwidth periods elapsed, periods in which the cgroup was throttled, and the time throttled (s). */
    periods: number | null;
    throttledPeriods: number | null;
    throttledTime: number | null;
  };
  memory: {
    /** memory.current / memory.usage_in_bytes. */
    usage: number | null;
    /** The smallest memory limit of the cgroup and its ancestors (bytes), null when none is set. */
    limit: number | null;
    /** The cgroup's own limit (memory.max / memory.limit_in_bytes), null when none. */
    ownLimit: number | null;
    /** v2 memory.high, null when none. */
    high: number | null;
    swapUsage: number | null;
    /** null when none. */
    swapLimit: number | null;
    /** Anonymous memory (v2 anon; v1 total_rss). */
    anon: number | null;
    /** Page cache (v2 file; v1 total_cache). */
    file: number | null;
    /** Kernel memory (v2 kernel, Linux 5.18+; v1 memory.kmem.usage_in_bytes). */
    kernel: number | null;
    shmem: number | null;
    activeFile: number | null;
    inactiveFile: number | null;
    /** usage - inactiveFile, at least 0 (cAdvisor's and the kubelet's working set). */
    workingSet: number | null;
    pageFaults: number | null;
    majorPageFaults: number | null;
    /** memory.events (v2); v1 has oomKill (memory.oom_control) and max (memory.failcnt) only. */
    events: { low: number | null; high: number | null; max: number | null; oom: number | null; oomKill: number | null };
  };
  pids: { current: number | null; max: number | null };
  io: CgroupIoStats[];
  /** The cgroup's own PSI files (v2, or the unified hierarchy of a hybrid layout). */
  pressure: Pressure;
}

/** Why a source has (or lacks) values. */
export interface SourceStatus {
  /** True when every value the kernel printed was read. */
  ok: boolean;
  /**
   * `'OK'`, an errno name (`'ENOENT'`, `'EACCES'`), or `'MALFORMED'`, `'NOT_SAMPLED'`, `'NOT_SELECTED'`,
   * `'TOO_LARGE'`, `'CLOSED'` (every source after `close()`), `'PARTIAL'` (some of the source's files could not be
   * read: see `files`), `'DETACHED'`.
   */
  code: string;
  /** Human-readable detail. */
  message: string;
  /**
   * With code `'PARTIAL'` (a source fed by several files, some of which could not be read): each file that did not
   * read OK (`'uptime'`, `'net/sockstat6'`, `'<pid>/io'` ...) with its own code. The other files' values are there.
   */
  files?: Record<string, string>;
}
