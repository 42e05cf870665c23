/**
 * Public types of the sampler: options, the snapshot object and the per-source status.
 * Units: seconds (`s`) and bytes (`By`) throughout. A value the kernel did not give, or a source that is not
 * selected or not available, is `null`, never 0.
 */

/** The user-facing source names accepted by `SamplerOptions.sources`. */
export type SourceName =
  | 'cpu'
  | 'memory'
  | 'load'
  | 'vmstat'
  | 'disks'
  | 'network'
  | 'tcp'
  | 'filesystems'
  | 'system'
  | 'process';

/** Every source, in the order the snapshot lists them. */
export const SOURCE_NAMES: readonly SourceName[] = [
  'cpu',
  'memory',
  'load',
  'vmstat',
  'disks',
  'network',
  'tcp',
  'filesystems',
  'system',
  'process',
];

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
  /** The sources to read (default: all). */
  sources?: readonly SourceName[];
  /** How long `sampleAsync()` waits for one mount's `statvfs` before reporting it stuck, in milliseconds (default 5000). */
  statfsTimeoutMs?: number;
  /**
   * Whether the `tcp` source also reads the O(1) summary (`/proc/net/sockstat`, `sockstat6`, `snmp`) in every
   * `sample()` (default true). With false, `tcp` is only the per-state counts refreshed by `sampleAsync()`, and
   * `snapshot().tcp.summary` is null.
   */
  tcpSummary?: boolean;
}

/** CPU times in seconds, as the kernel prints them (guest and guestNice are already inside user and nice). */
export interface CpuTimes {
  user: number | null;
  nice: number | null;
  system: number | null;
  idle: number | null;
  iowait: number | null;
  irq: number | null;
  softirq: number | null;
  steal: number | null;
  guest: number | null;
  guestNice: number | null;
}

/** Connection counts per TCP state. */
export interface TcpStates {
  established: number;
  synSent: number;
  synRecv: number;
  finWait1: number;
  finWait2: number;
  timeWait: number;
  close: number;
  closeWait: number;
  lastAck: number;
  listen: number;
  closing: number;
}

export interface DiskStats {
  name: string;
  major: number;
  minor: number;
  readOps: number | null;
  readMerged: number | null;
  readBytes: number | null;
  readTime: number | null;
  writeOps: number | null;
  writeMerged: number | null;
  writeBytes: number | null;
  writeTime: number | null;
  inFlight: number | null;
  ioTime: number | null;
  weightedIoTime: number | null;
  discardOps: number | null;
  discardMerged: number | null;
  discardBytes: number | null;
  discardTime: number | null;
  flushOps: number | null;
  flushTime: number | null;
}

export interface NetworkStats {
  name: string;
  rxBytes: number | null;
  rxPackets: number | null;
  rxErrors: number | null;
  rxDropped: number | null;
  rxFifo: number | null;
  rxFrame: number | null;
  rxCompressed: number | null;
  rxMulticast: number | null;
  txBytes: number | null;
  txPackets: number | null;
  txErrors: number | null;
  txDropped: number | null;
  txFifo: number | null;
  txCollisions: number | null;
  txCarrier: number | null;
  txCompressed: number | null;
}

export interface FilesystemStats {
  device: string;
  mountpoint: string;
  type: string;
  readOnly: boolean;
  total: number | null;
  free: number | null;
  available: number | null;
  used: number | null;
  inodes: number | null;
  inodesFree: number | null;
  /** statvfs did not answer within `statfsTimeoutMs` (or a previous call still hangs): values are null. */
  stuck: boolean;
}

/** The JSON-ready object returned by `Sampler.snapshot()`. */
export interface Snapshot {
  cpu: { count: number | null; total: CpuTimes | null; perCpu: Array<CpuTimes & { cpu: number }> } | null;
  load: { avg1: number | null; avg5: number | null; avg15: number | null; runnable: number | null; entities: number | null } | null;
  memory: {
    total: number | null;
    free: number | null;
    available: number | null;
    buffers: number | null;
    cached: number | null;
    swapCached: number | null;
    active: number | null;
    inactive: number | null;
    shared: number | null;
    slab: number | null;
    slabReclaimable: number | null;
    slabUnreclaimable: number | null;
    swapTotal: number | null;
    swapFree: number | null;
    dirty: number | null;
    writeback: number | null;
    anonPages: number | null;
    mapped: number | null;
    committedAs: number | null;
    hugePagesTotal: number | null;
    hugePagesFree: number | null;
    hugePageSize: number | null;
  } | null;
  vmstat: {
    pageFaults: number | null;
    majorPageFaults: number | null;
    swapIn: number | null;
    swapOut: number | null;
    pageIn: number | null;
    pageOut: number | null;
  } | null;
  disks: DiskStats[] | null;
  network: NetworkStats[] | null;
  tcp: {
    ipv4: TcpStates | null;
    ipv6: TcpStates | null;
    summary: {
      inUse: number | null;
      orphan: number | null;
      timeWait: number | null;
      alloc: number | null;
      inUse6: number | null;
      currEstab: number | null;
      activeOpens: number | null;
      passiveOpens: number | null;
      retransSegs: number | null;
      inErrs: number | null;
      outRsts: number | null;
    } | null;
  } | null;
  filesystems: FilesystemStats[] | null;
  system: {
    bootTime: number | null;
    uptime: number | null;
    contextSwitches: number | null;
    interrupts: number | null;
    forks: number | null;
    procsRunning: number | null;
    procsBlocked: number | null;
  } | null;
  process: {
    pid: number | null;
    cpuUser: number | null;
    cpuSystem: number | null;
    rss: number | null;
    vms: number | null;
    maxRss: number | null;
    threads: number | null;
    openFds: number | null;
    minorFaults: number | null;
    majorFaults: number | null;
    voluntaryContextSwitches: number | null;
    involuntaryContextSwitches: number | null;
    readBytes: number | null;
    writeBytes: number | null;
    readChars: number | null;
    writeChars: number | null;
    /** Process start, seconds since the Unix epoch. */
    startTime: number | null;
  } | null;
}

/** Why a source has (or lacks) values. */
export interface SourceStatus {
  /** True when every value the kernel printed was read. */
  ok: boolean;
  /**
   * `'OK'`, an errno name (`'ENOENT'`, `'EACCES'`), or `'MALFORMED'`, `'NOT_SAMPLED'`, `'NOT_SELECTED'`,
   * `'TOO_LARGE'`, `'CLOSED'` (every source after `close()`).
   */
  code: string;
  /** Human-readable detail. */
  message: string;
}
