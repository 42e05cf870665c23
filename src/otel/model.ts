/**
 * The sample model shared by the instrument path and the MetricProducer path: one sample of the source turned
 * into, per metric, a list of attribute objects and a Float64Array of values (NaN = unknown, not emitted).
 *
 * - One sample per short interval: `refresh()` samples the source only when the last sample is older than
 *   `minSampleIntervalS` (by the injected monotonic clock); collects inside that interval (several readers
 *   collecting together) re-read the same values, so they are consistent.
 * - Values are computed once per sample, when it is taken, and copied out of the source's tables: an
 *   asynchronous refresh of the tables between two collects of the same sample cannot change what they see.
 * - Attribute objects are built once per name (disk, interface, mount, CPU number) and kept in caches; the
 *   per-metric lists are rebuilt only when a table's generation (its set of names) changes.
 * - The utilization gauges that need a window (system.cpu.utilization, process.cpu.utilization) are not computed
 *   here but by each {@link UtilizationWindow}, so every consumer has its own window.
 *
 * All state lives in the instance.
 */
import * as os from 'node:os';
import type { Attributes } from '../peers';
import * as sc from '../semconv';
import { CPU_MODE_COUNT, cpuUtilizationInto, foldCpuTimes, processCpuUtilization } from '../rates';
import { HOST_METRICS, MetricDef } from './catalogue';
import { type TableLike, type ValueSource, tableUsable } from './value-source';
import { fileHasValues, type EntryField, type ScalarField, type TableName } from '../layout';
import type { TcpStateName } from '../types';
import type { CpuLimit } from './cpu-limit';
import { CONTAINER_METRICS } from './container/catalogue';
import { ContainerFill } from './container/fill';
import { CONTAINER_GROUP, METRIC_CONTAINER_CPU_TIME, METRIC_CONTAINER_CPU_USAGE } from './container/names';
import { fsNames } from '../sources/entry-names';
import { resize, type Series } from './series';

export { resize, type Series };

/** Include/exclude filter of names; `exclude: null` disables a default exclude. */
export interface NameFilter {
  /** Only names matching it are kept (default: all). */
  include?: RegExp | null;
  /** Names matching it are dropped (applied after include). */
  exclude?: RegExp | null;
}

export { DEFAULT_DISK_EXCLUDE } from '../sources/proc-diskstats';
/** node_exporter's default mount-point exclude. */
export const DEFAULT_MOUNT_POINT_EXCLUDE =
  /^\/(dev|proc|run\/credentials\/.+|sys|var\/lib\/docker\/.+|var\/lib\/containers\/storage\/.+)($|\/)/;
/** node_exporter's default filesystem-type exclude. */
export const DEFAULT_FS_TYPE_EXCLUDE =
  /^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|erofs|sysfs|tracefs)$/;

/** Options of {@link HostModel}; HostMetrics fills them from its own options. */
export interface ModelOptions {
  /** Enabled metricGroups keys. */
  groups: ReadonlySet<string>;
  /** Names of opt-in metrics to emit. */
  optIn: ReadonlySet<string>;
  perCpu: boolean;
  disks: NameFilter;
  networkInterfaces: NameFilter;
  mountPoints: NameFilter;
  filesystemTypes: NameFilter;
  /** Monotonic clock, seconds. */
  clock: () => number;
  /** Collects closer than this to the last sample reuse it (seconds). */
  minSampleIntervalS: number;
  /** Shortest utilization window (seconds); also two clock ticks of CPU time per CPU. */
  minWindowS: number;
  /** CPUs available to the process, for process.cpu.utilization. */
  processCpus: number;
  /**
   * When given, the denominator of process.cpu.utilization comes from it on every sample (cpu-limit.ts: the
   * smallest of the parallelism and the cgroup's CPU limit and cpuset); otherwise it is `processCpus`.
   */
  cpuLimit?: CpuLimit;
}

function keep(name: string, f: NameFilter): boolean {
  if (f.include && !matches(f.include, name)) return false;
  if (f.exclude && matches(f.exclude, name)) return false;
  return true;
}

function matches(re: RegExp, s: string): boolean {
  re.lastIndex = 0; // a /g or /y RegExp keeps state between test() calls
  return re.test(s);
}

const EMPTY: Attributes = Object.freeze({});
const f = Object.freeze;

/** The index of scalar `name` of table `t`, -1 when this source does not have it (a typo does not compile). */
function idx<N extends TableName>(t: TableLike<N>, name: ScalarField<N>): number {
  const i: number | undefined = t.scalar[name];
  return i === undefined ? -1 : i;
}
/** The offset of entry field `name` of table `t`, -1 when this source does not have it. */
function off<N extends TableName>(t: TableLike<N>, name: EntryField<N>): number {
  const i: number | undefined = t.entryField[name];
  return i === undefined ? -1 : i;
}
/** a[i], NaN when the field does not exist in this source. */
function at(a: Float64Array, i: number): number {
  return i < 0 ? NaN : (a[i] as number);
}

const CPU_MODE_VALUES = [
  sc.CPU_MODE_VALUE_USER,
  sc.CPU_MODE_VALUE_NICE,
  sc.CPU_MODE_VALUE_SYSTEM,
  sc.CPU_MODE_VALUE_IDLE,
  sc.CPU_MODE_VALUE_IOWAIT,
  sc.CPU_MODE_VALUE_INTERRUPT,
  sc.CPU_MODE_VALUE_STEAL,
];

/** Kernel TCP state field suffixes (layout.h PS_TCP_STATES) and their semconv names. */
const TCP_STATES: ReadonlyArray<readonly [TcpStateName, string]> = [
  ['established', sc.NETWORK_CONNECTION_STATE_VALUE_ESTABLISHED],
  ['synSent', sc.NETWORK_CONNECTION_STATE_VALUE_SYN_SENT],
  ['synRecv', sc.NETWORK_CONNECTION_STATE_VALUE_SYN_RECEIVED],
  ['finWait1', sc.NETWORK_CONNECTION_STATE_VALUE_FIN_WAIT_1],
  ['finWait2', sc.NETWORK_CONNECTION_STATE_VALUE_FIN_WAIT_2],
  ['timeWait', sc.NETWORK_CONNECTION_STATE_VALUE_TIME_WAIT],
  ['close', sc.NETWORK_CONNECTION_STATE_VALUE_CLOSED],
  ['closeWait', sc.NETWORK_CONNECTION_STATE_VALUE_CLOSE_WAIT],
  ['lastAck', sc.NETWORK_CONNECTION_STATE_VALUE_LAST_ACK],
  ['listen', sc.NETWORK_CONNECTION_STATE_VALUE_LISTEN],
  ['closing', sc.NETWORK_CONNECTION_STATE_VALUE_CLOSING],
];
const ENOENT = -os.constants.errno.ENOENT;
/** The load averages reported, in system.cpu.load_average.* order. */
const LOAD_FIELDS = ['avg1', 'avg5', 'avg15'] as const satisfies readonly ScalarField<'load'>[];

interface DiskAttrs {
  dev: Attributes;
  read: Attributes;
  write: Attributes;
}
interface NetAttrs {
  ifRx: Attributes;
  ifTx: Attributes;
  devRx: Attributes;
  devTx: Attributes;
}
interface FsAttrs {
  readOnly: number;
  base: Attributes;
  used: Attributes;
  free: Attributes;
  reserved: Attributes;
}

/** The fixed-shape series written by name in the fill functions, resolved once (no lookup by string per value). */
const FIXED = [
  'METRIC_PROCESS_CONTEXT_SWITCHES',
  'METRIC_PROCESS_CPU_TIME',
  'METRIC_PROCESS_DISK_IO',
  'METRIC_PROCESS_MEMORY_USAGE',
  'METRIC_PROCESS_MEMORY_VIRTUAL',
  'METRIC_PROCESS_PAGING_FAULTS',
  'METRIC_PROCESS_THREAD_COUNT',
  'METRIC_PROCESS_UNIX_FILE_DESCRIPTOR_COUNT',
  'METRIC_PROCESS_UPTIME',
  'METRIC_SYSTEM_MEMORY_LIMIT',
  'METRIC_SYSTEM_MEMORY_LINUX_AVAILABLE',
  'METRIC_SYSTEM_MEMORY_LINUX_SHARED',
  'METRIC_SYSTEM_MEMORY_LINUX_SLAB_USAGE',
  'METRIC_SYSTEM_MEMORY_USAGE',
  'METRIC_SYSTEM_MEMORY_UTILIZATION',
  'METRIC_SYSTEM_PAGING_FAULTS',
  'METRIC_SYSTEM_PAGING_OPERATIONS',
  'METRIC_SYSTEM_PAGING_USAGE',
  'METRIC_SYSTEM_PAGING_UTILIZATION',
  'METRIC_SYSTEM_PROCESS_COUNT',
  'METRIC_SYSTEM_PROCESS_CREATED',
  'METRIC_SYSTEM_UPTIME',
] as const;
type FixedKey = (typeof FIXED)[number];

/** The sample model. */
export class HostModel {
  /** Enabled metrics in catalogue order. */
  readonly metrics: readonly MetricDef[];
  /** Series per enabled metric, same order as {@link metrics}. */
  readonly series: readonly Series[];
  /** Increments with every sample taken; 0 before the first. */
  sampleId = 0;
  /** Clock reading (seconds) when the current sample was taken. */
  sampleTime = NaN;
  readonly minWindowS: number;
  /** CPUs available to the process in the current sample (see ModelOptions.cpuLimit). */
  processCpus: number;

  #source: ValueSource;
  #o: ModelOptions;
  #byName = new Map<string, Series>();
  #fx = {} as Record<FixedKey, Series | undefined>;
  #container?: ContainerFill;

  // system.cpu
  #cpuTime?: Series;
  #cpuLogical?: Series;
  #load?: [Series | undefined, Series | undefined, Series | undefined];
  /** CPU key per 7-mode block of system.cpu.time: -1 the aggregate line, else the CPU number. */
  cpuKeys = new Int32Array(1).fill(-1);
  /** CPUs the aggregate block covers (for the minimum CPU-time window). */
  cpuCount = 1;
  #cpuGen = NaN;
  #cpuEntry: Int32Array = new Int32Array(0);
  #cpuAttrs = new Map<number, Attributes[]>();

  // system.disk
  #disk: Array<Series | undefined> = [];
  #diskGen = NaN;
  #diskEntry: Int32Array = new Int32Array(0);
  #diskAttrs = new Map<string, DiskAttrs>();

  // system.network
  #net: Array<Series | undefined> = [];
  #netGen = NaN;
  #netEntry: Int32Array = new Int32Array(0);
  #netAttrs = new Map<string, NetAttrs>();
  #tcp?: Series;

  // system.filesystem
  #fsUsage?: Series;
  #fsUtil?: Series;
  #fsLimit?: Series;
  #fsGen = NaN;
  #fsEntry: Int32Array = new Int32Array(0);
  #fsList: FsAttrs[] = [];
  #fsAttrs = new Map<string, FsAttrs>();

  constructor(source: ValueSource, options: ModelOptions) {
    this.#source = source;
    this.#o = options;
    this.minWindowS = options.minWindowS;
    this.processCpus = options.processCpus;
    this.metrics = [...HOST_METRICS, ...CONTAINER_METRICS].filter(
      (d) => options.groups.has(d.group) && (!d.optIn || options.optIn.has(d.name)),
    );
    this.series = this.metrics.map((def, index) => {
      const s: Series = { def, index, attrs: [], values: new Float64Array(0), count: 0 };
      this.#byName.set(def.name, s);
      return s;
    });
    this.#init();
  }

  /** The series of an enabled metric, or undefined. */
  get(name: string): Series | undefined {
    return this.#byName.get(name);
  }

  /** Takes a new sample unless the current one is younger than `minSampleIntervalS`. */
  refresh(): void {
    const now = this.#o.clock();
    if (this.sampleId > 0 && now - this.sampleTime < this.#o.minSampleIntervalS) return;
    this.take(now);
  }

  /** Samples the source now and recomputes every value. */
  take(now: number = this.#o.clock()): void {
    this.#source.sample();
    this.sampleTime = now;
    this.#fill();
    this.sampleId++;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Construction of the fixed series

  #fixed(name: string, attrs: Attributes[]): Series | undefined {
    const s = this.#byName.get(name);
    if (s) {
      s.attrs = attrs.map((a) => f(a));
      s.values = new Float64Array(attrs.length).fill(NaN);
      s.count = attrs.length;
    }
    return s;
  }

  #init(): void {
    for (const k of FIXED) this.#fx[k] = this.#byName.get(sc[k]);
    const one = [EMPTY];
    this.#cpuTime = this.#byName.get(sc.METRIC_SYSTEM_CPU_TIME);
    this.#cpuLogical = this.#fixed(sc.METRIC_SYSTEM_CPU_LOGICAL_COUNT, one);
    this.#load = [
      this.#fixed(sc.METRIC_SYSTEM_CPU_LOAD_AVERAGE_1M, one),
      this.#fixed(sc.METRIC_SYSTEM_CPU_LOAD_AVERAGE_5M, one),
      this.#fixed(sc.METRIC_SYSTEM_CPU_LOAD_AVERAGE_15M, one),
    ];
    const memStates = [
      sc.SYSTEM_MEMORY_STATE_VALUE_USED,
      sc.SYSTEM_MEMORY_STATE_VALUE_FREE,
      sc.SYSTEM_MEMORY_STATE_VALUE_BUFFERS,
      sc.SYSTEM_MEMORY_STATE_VALUE_CACHED,
    ].map((v) => f({ [sc.ATTR_SYSTEM_MEMORY_STATE]: v }));
    this.#fixed(sc.METRIC_SYSTEM_MEMORY_USAGE, memStates);
    this.#fixed(sc.METRIC_SYSTEM_MEMORY_UTILIZATION, memStates);
    this.#fixed(sc.METRIC_SYSTEM_MEMORY_LIMIT, one);
    this.#fixed(sc.METRIC_SYSTEM_MEMORY_LINUX_AVAILABLE, one);
    this.#fixed(sc.METRIC_SYSTEM_MEMORY_LINUX_SHARED, one);
    this.#fixed(sc.METRIC_SYSTEM_MEMORY_LINUX_SLAB_USAGE, [
      { [sc.ATTR_SYSTEM_MEMORY_LINUX_SLAB_STATE]: sc.SYSTEM_MEMORY_LINUX_SLAB_STATE_VALUE_RECLAIMABLE },
      { [sc.ATTR_SYSTEM_MEMORY_LINUX_SLAB_STATE]: sc.SYSTEM_MEMORY_LINUX_SLAB_STATE_VALUE_UNRECLAIMABLE },
    ]);
    const pagingStates = [sc.SYSTEM_PAGING_STATE_VALUE_USED, sc.SYSTEM_PAGING_STATE_VALUE_FREE].map((v) =>
      f({ [sc.ATTR_SYSTEM_PAGING_STATE]: v }),
    );
    this.#fixed(sc.METRIC_SYSTEM_PAGING_USAGE, pagingStates);
    this.#fixed(sc.METRIC_SYSTEM_PAGING_UTILIZATION, pagingStates);
    const faultTypes = [sc.SYSTEM_PAGING_FAULT_TYPE_VALUE_MAJOR, sc.SYSTEM_PAGING_FAULT_TYPE_VALUE_MINOR].map((v) =>
      f({ [sc.ATTR_SYSTEM_PAGING_FAULT_TYPE]: v }),
    );
    this.#fixed(sc.METRIC_SYSTEM_PAGING_FAULTS, faultTypes);
    this.#fixed(sc.METRIC_SYSTEM_PAGING_OPERATIONS, [
      { [sc.ATTR_SYSTEM_PAGING_DIRECTION]: sc.SYSTEM_PAGING_DIRECTION_VALUE_IN },
      { [sc.ATTR_SYSTEM_PAGING_DIRECTION]: sc.SYSTEM_PAGING_DIRECTION_VALUE_OUT },
    ]);
    this.#disk = [
      sc.METRIC_SYSTEM_DISK_IO,
      sc.METRIC_SYSTEM_DISK_OPERATIONS,
      sc.METRIC_SYSTEM_DISK_IO_TIME,
      sc.METRIC_SYSTEM_DISK_OPERATION_TIME,
      sc.METRIC_SYSTEM_DISK_MERGED,
      sc.METRIC_SYSTEM_DISK_PENDING_OPERATIONS,
    ].map((n) => this.#byName.get(n));
    this.#fsUsage = this.#byName.get(sc.METRIC_SYSTEM_FILESYSTEM_USAGE);
    this.#fsUtil = this.#byName.get(sc.METRIC_SYSTEM_FILESYSTEM_UTILIZATION);
    this.#fsLimit = this.#byName.get(sc.METRIC_SYSTEM_FILESYSTEM_LIMIT);
    this.#net = [
      sc.METRIC_SYSTEM_NETWORK_IO,
      sc.METRIC_SYSTEM_NETWORK_PACKET_COUNT,
      sc.METRIC_SYSTEM_NETWORK_PACKET_DROPPED,
      sc.METRIC_SYSTEM_NETWORK_ERRORS,
    ].map((n) => this.#byName.get(n));
    const tcpAttrs: Attributes[] = [];
    for (const type of [sc.NETWORK_TYPE_VALUE_IPV4, sc.NETWORK_TYPE_VALUE_IPV6]) {
      for (const [, state] of TCP_STATES) {
        tcpAttrs.push({
          [sc.ATTR_NETWORK_TRANSPORT]: sc.NETWORK_TRANSPORT_VALUE_TCP,
          [sc.ATTR_NETWORK_TYPE]: type,
          [sc.ATTR_NETWORK_CONNECTION_STATE]: state,
        });
      }
    }
    this.#tcp = this.#fixed(sc.METRIC_SYSTEM_NETWORK_CONNECTION_COUNT, tcpAttrs);
    this.#fixed(sc.METRIC_SYSTEM_PROCESS_COUNT, [
      { [sc.ATTR_PROCESS_STATE]: sc.PROCESS_STATE_VALUE_RUNNING },
      { [sc.ATTR_PROCESS_STATE]: sc.PROCESS_STATE_VALUE_BLOCKED },
    ]);
    this.#fixed(sc.METRIC_SYSTEM_PROCESS_CREATED, one);
    this.#fixed(sc.METRIC_SYSTEM_UPTIME, one);
    const procModes = [sc.CPU_MODE_VALUE_USER, sc.CPU_MODE_VALUE_SYSTEM].map((v) => f({ [sc.ATTR_CPU_MODE]: v }));
    this.#fixed(sc.METRIC_PROCESS_CPU_TIME, procModes);
    this.#fixed(sc.METRIC_PROCESS_CPU_UTILIZATION, procModes);
    this.#fixed(sc.METRIC_PROCESS_CONTEXT_SWITCHES, [
      { [sc.ATTR_PROCESS_CONTEXT_SWITCH_TYPE]: sc.PROCESS_CONTEXT_SWITCH_TYPE_VALUE_VOLUNTARY },
      { [sc.ATTR_PROCESS_CONTEXT_SWITCH_TYPE]: sc.PROCESS_CONTEXT_SWITCH_TYPE_VALUE_INVOLUNTARY },
    ]);
    this.#fixed(sc.METRIC_PROCESS_MEMORY_USAGE, one);
    this.#fixed(sc.METRIC_PROCESS_MEMORY_VIRTUAL, one);
    this.#fixed(sc.METRIC_PROCESS_PAGING_FAULTS, faultTypes);
    const dirs = [sc.DISK_IO_DIRECTION_VALUE_READ, sc.DISK_IO_DIRECTION_VALUE_WRITE].map((v) =>
      f({ [sc.ATTR_DISK_IO_DIRECTION]: v }),
    );
    this.#fixed(sc.METRIC_PROCESS_DISK_IO, dirs);
    this.#fixed(sc.METRIC_PROCESS_THREAD_COUNT, one);
    this.#fixed(sc.METRIC_PROCESS_UNIX_FILE_DESCRIPTOR_COUNT, one);
    this.#fixed(sc.METRIC_PROCESS_UPTIME, one);
    if (this.#o.groups.has(CONTAINER_GROUP)) {
      this.#container = new ContainerFill(
        (name) => this.#byName.get(name),
        (name, attrs) => this.#fixed(name, attrs),
      );
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // Filling values from one sample

  #fill(): void {
    const src = this.#source;
    const g = this.#o.groups;
    if (g.has('system.cpu')) this.#fillCpu(src.table('cpu'), src.table('load'));
    if (g.has('system.memory')) this.#fillMemory(src.table('memory'));
    if (g.has('system.paging')) this.#fillPaging(src.table('memory'), src.table('vmstat'));
    if (g.has('system.disk')) this.#fillDisks(src.table('disks'));
    if (g.has('system.filesystem')) this.#fillFilesystems(src.table('filesystems'));
    if (g.has('system.network')) {
      this.#fillNetwork(src.table('network'));
      this.#fillTcp(src.table('tcpStates'));
    }
    if (g.has('system.process') || g.has('system.uptime')) this.#fillSystem(src.table('system'));
    if (g.has('process.cpu') || g.has('process.memory') || g.has('process.disk') || g.has('process.threads') ||
      g.has('process.files') || g.has('process.uptime')) {
      this.#fillProcess(src.table('process'), src.table('system'));
    }
    if (this.#o.cpuLimit) this.processCpus = this.#o.cpuLimit.cpus(this.sampleTime);
    if (this.#container) this.#container.fill(src.table('cgroup'), src.table('cgroupIo'), src.table('disks'));
  }


  #fillCpu(t: TableLike<'cpu'> | undefined, load: TableLike<'load'> | undefined): void {
    const s = this.#cpuTime;
    const usable = tableUsable(t);
    if (s) {
      if (usable && t.generation() !== this.#cpuGen) this.#bindCpu(t);
      const out = s.values;
      if (!usable) {
        out.fill(NaN);
      } else {
        const a = t.array;
        const sUser = idx(t, 'user');
        if (!this.#o.perCpu) {
          foldCpuTimes(
            at(a, sUser),
            at(a, idx(t, 'nice')),
            at(a, idx(t, 'system')),
            at(a, idx(t, 'idle')),
            at(a, idx(t, 'iowait')),
            at(a, idx(t, 'irq')),
            at(a, idx(t, 'softirq')),
            at(a, idx(t, 'steal')),
            out,
            0,
          );
        } else {
          const e = this.#cpuEntry;
          const base0 = t.entryBase;
          const st = t.stride;
          const fu = off(t, 'user');
          const fn = off(t, 'nice');
          const fs = off(t, 'system');
          const fi = off(t, 'idle');
          const fw = off(t, 'iowait');
          const fq = off(t, 'irq');
          const fsq = off(t, 'softirq');
          const fst = off(t, 'steal');
          for (let b = 0; b < e.length; b++) {
            const base = base0 + (e[b] as number) * st;
            foldCpuTimes(
              fu < 0 ? NaN : (a[base + fu] as number),
              fn < 0 ? NaN : (a[base + fn] as number),
              fs < 0 ? NaN : (a[base + fs] as number),
              fi < 0 ? NaN : (a[base + fi] as number),
              fw < 0 ? NaN : (a[base + fw] as number),
              fq < 0 ? NaN : (a[base + fq] as number),
              fsq < 0 ? NaN : (a[base + fsq] as number),
              fst < 0 ? NaN : (a[base + fst] as number),
              out,
              b * CPU_MODE_COUNT,
            );
          }
        }
      }
    }
    const n = usable ? t.count() : NaN;
    this.cpuCount = n > 0 ? n : 1;
    if (this.#cpuLogical) this.#cpuLogical.values[0] = n > 0 ? n : NaN;
    if (this.#load) {
      const ok = tableUsable(load);
      for (let i = 0; i < 3; i++) {
        const ls = this.#load[i];
        if (ls) ls.values[0] = ok ? at(load.array, idx(load, LOAD_FIELDS[i] as ScalarField<'load'>)) : NaN;
      }
    }
  }

  #bindCpu(t: TableLike<'cpu'>): void {
    const s = this.#cpuTime as Series;
    this.#cpuGen = t.generation();
    if (!this.#o.perCpu) {
      if (s.count === 0) {
        s.attrs = CPU_MODE_VALUES.map((m) => f({ [sc.ATTR_CPU_MODE]: m }));
        s.values = new Float64Array(CPU_MODE_COUNT).fill(NaN);
        s.count = CPU_MODE_COUNT;
        this.cpuKeys = new Int32Array(1).fill(-1);
      }
      return;
    }
    const n = t.count();
    const fcpu = off(t, 'cpu');
    const a = t.array;
    const entries: number[] = [];
    const keys: number[] = [];
    for (let i = 0; i < n; i++) {
      const k = fcpu < 0 ? i : (a[t.entryBase + i * t.stride + fcpu] as number);
      if (!Number.isInteger(k) || k < 0) continue;
      entries.push(i);
      keys.push(k);
    }
    const attrs: Attributes[] = [];
    const live = new Set(keys);
    for (const k of keys) {
      let list = this.#cpuAttrs.get(k);
      if (!list) {
        list = CPU_MODE_VALUES.map((m) => f({ [sc.ATTR_CPU_MODE]: m, [sc.ATTR_CPU_LOGICAL_NUMBER]: k }));
        this.#cpuAttrs.set(k, list);
      }
      attrs.push(...list);
    }
    for (const k of this.#cpuAttrs.keys()) if (!live.has(k)) this.#cpuAttrs.delete(k);
    this.#cpuEntry = Int32Array.from(entries);
    this.cpuKeys = Int32Array.from(keys);
    s.attrs = attrs;
    s.values = new Float64Array(attrs.length).fill(NaN);
    s.count = attrs.length;
  }

  #fillMemory(t: TableLike<'memory'> | undefined): void {
    const ok = tableUsable(t);
    const a = ok ? t.array : undefined;
    const g = (k: ScalarField<'memory'>): number => (a && t ? at(a, idx(t, k)) : NaN);
    const total = g('total');
    const used = total - g('available');
    const free = g('free');
    const buffers = g('buffers');
    const cached = g('cached') + g('slabReclaimable');
    put(this.#fx.METRIC_SYSTEM_MEMORY_USAGE, 0, used);
    put(this.#fx.METRIC_SYSTEM_MEMORY_USAGE, 1, free);
    put(this.#fx.METRIC_SYSTEM_MEMORY_USAGE, 2, buffers);
    put(this.#fx.METRIC_SYSTEM_MEMORY_USAGE, 3, cached);
    const ratio = (x: number): number => (total > 0 ? clamp01(x / total) : NaN);
    put(this.#fx.METRIC_SYSTEM_MEMORY_UTILIZATION, 0, ratio(used));
    put(this.#fx.METRIC_SYSTEM_MEMORY_UTILIZATION, 1, ratio(free));
    put(this.#fx.METRIC_SYSTEM_MEMORY_UTILIZATION, 2, ratio(buffers));
    put(this.#fx.METRIC_SYSTEM_MEMORY_UTILIZATION, 3, ratio(cached));
    put(this.#fx.METRIC_SYSTEM_MEMORY_LIMIT, 0, total);
    put(this.#fx.METRIC_SYSTEM_MEMORY_LINUX_AVAILABLE, 0, g('available'));
    put(this.#fx.METRIC_SYSTEM_MEMORY_LINUX_SHARED, 0, g('shared'));
    put(this.#fx.METRIC_SYSTEM_MEMORY_LINUX_SLAB_USAGE, 0, g('slabReclaimable'));
    put(this.#fx.METRIC_SYSTEM_MEMORY_LINUX_SLAB_USAGE, 1, g('slabUnreclaimable'));
  }

  #fillPaging(m: TableLike<'memory'> | undefined, v: TableLike<'vmstat'> | undefined): void {
    const mok = tableUsable(m);
    const total = mok ? at(m.array, idx(m, 'swapTotal')) : NaN;
    const free = mok ? at(m.array, idx(m, 'swapFree')) : NaN;
    put(this.#fx.METRIC_SYSTEM_PAGING_USAGE, 0, total - free);
    put(this.#fx.METRIC_SYSTEM_PAGING_USAGE, 1, free);
    const has = total > 0;
    put(this.#fx.METRIC_SYSTEM_PAGING_UTILIZATION, 0, has ? clamp01((total - free) / total) : NaN);
    put(this.#fx.METRIC_SYSTEM_PAGING_UTILIZATION, 1, has ? clamp01(free / total) : NaN);
    const vok = tableUsable(v);
    const g = (k: ScalarField<'vmstat'>): number => (vok ? at(v.array, idx(v, k)) : NaN);
    const major = g('majorPageFaults');
    put(this.#fx.METRIC_SYSTEM_PAGING_FAULTS, 0, major);
    put(this.#fx.METRIC_SYSTEM_PAGING_FAULTS, 1, g('pageFaults') - major);
    put(this.#fx.METRIC_SYSTEM_PAGING_OPERATIONS, 0, g('swapIn'));
    put(this.#fx.METRIC_SYSTEM_PAGING_OPERATIONS, 1, g('swapOut'));
  }

  #fillDisks(t: TableLike<'disks'> | undefined): void {
    const [io, ops, ioTime, opTime, merged, pending] = this.#disk;
    if (!tableUsable(t)) {
      for (const s of this.#disk) if (s) s.values.fill(NaN);
      return;
    }
    if (t.generation() !== this.#diskGen) this.#bindDisks(t);
    const a = t.array;
    const e = this.#diskEntry;
    const st = t.stride;
    const rb = off(t, 'readBytes');
    const wb = off(t, 'writeBytes');
    const ro = off(t, 'readOps');
    const wo = off(t, 'writeOps');
    const it = off(t, 'ioTime');
    const rt = off(t, 'readTime');
    const wt = off(t, 'writeTime');
    const rm = off(t, 'readMerged');
    const wm = off(t, 'writeMerged');
    const inf = off(t, 'inFlight');
    for (let d = 0; d < e.length; d++) {
      const b = t.entryBase + (e[d] as number) * st;
      if (io) {
        io.values[2 * d] = entryValue(a, b, rb);
        io.values[2 * d + 1] = entryValue(a, b, wb);
      }
      if (ops) {
        ops.values[2 * d] = entryValue(a, b, ro);
        ops.values[2 * d + 1] = entryValue(a, b, wo);
      }
      if (ioTime) ioTime.values[d] = entryValue(a, b, it);
      if (opTime) {
        opTime.values[2 * d] = entryValue(a, b, rt);
        opTime.values[2 * d + 1] = entryValue(a, b, wt);
      }
      if (merged) {
        merged.values[2 * d] = entryValue(a, b, rm);
        merged.values[2 * d + 1] = entryValue(a, b, wm);
      }
      if (pending) pending.values[d] = entryValue(a, b, inf);
    }
  }

  #bindDisks(t: TableLike<'disks'>): void {
    this.#diskGen = t.generation();
    const names = t.names();
    const n = Math.min(t.count(), names.length);
    const entries: number[] = [];
    const list: DiskAttrs[] = [];
    const live = new Set<string>();
    for (let i = 0; i < n; i++) {
      const name = names[i] as string;
      if (!keep(name, this.#o.disks) || live.has(name)) continue;
      live.add(name);
      let da = this.#diskAttrs.get(name);
      if (!da) {
        da = {
          dev: f({ [sc.ATTR_SYSTEM_DEVICE]: name }),
          read: f({ [sc.ATTR_SYSTEM_DEVICE]: name, [sc.ATTR_DISK_IO_DIRECTION]: sc.DISK_IO_DIRECTION_VALUE_READ }),
          write: f({ [sc.ATTR_SYSTEM_DEVICE]: name, [sc.ATTR_DISK_IO_DIRECTION]: sc.DISK_IO_DIRECTION_VALUE_WRITE }),
        };
        this.#diskAttrs.set(name, da);
      }
      entries.push(i);
      list.push(da);
    }
    for (const k of this.#diskAttrs.keys()) if (!live.has(k)) this.#diskAttrs.delete(k);
    this.#diskEntry = Int32Array.from(entries);
    const [io, ops, ioTime, opTime, merged, pending] = this.#disk;
    const rw = list.flatMap((x) => [x.read, x.write]);
    const dev = list.map((x) => x.dev);
    for (const s of [io, ops, opTime, merged]) if (s) resize(s, rw);
    for (const s of [ioTime, pending]) if (s) resize(s, dev);
  }

  #fillNetwork(t: TableLike<'network'> | undefined): void {
    if (!tableUsable(t)) {
      for (const s of this.#net) if (s) s.values.fill(NaN);
      return;
    }
    if (t.generation() !== this.#netGen) this.#bindNetwork(t);
    const [io, packets, dropped, errors] = this.#net;
    const a = t.array;
    const e = this.#netEntry;
    const st = t.stride;
    const fields = [
      [io, off(t, 'rxBytes'), off(t, 'txBytes')],
      [packets, off(t, 'rxPackets'), off(t, 'txPackets')],
      [dropped, off(t, 'rxDropped'), off(t, 'txDropped')],
      [errors, off(t, 'rxErrors'), off(t, 'txErrors')],
    ] as const;
    for (const [s, rx, tx] of fields) {
      if (!s) continue;
      const v = s.values;
      for (let d = 0; d < e.length; d++) {
        const b = t.entryBase + (e[d] as number) * st;
        v[2 * d] = rx < 0 ? NaN : (a[b + rx] as number);
        v[2 * d + 1] = tx < 0 ? NaN : (a[b + tx] as number);
      }
    }
  }

  #bindNetwork(t: TableLike<'network'>): void {
    this.#netGen = t.generation();
    const names = t.names();
    const n = Math.min(t.count(), names.length);
    const entries: number[] = [];
    const list: NetAttrs[] = [];
    const live = new Set<string>();
    const RX = sc.NETWORK_IO_DIRECTION_VALUE_RECEIVE;
    const TX = sc.NETWORK_IO_DIRECTION_VALUE_TRANSMIT;
    for (let i = 0; i < n; i++) {
      const name = names[i] as string;
      if (!keep(name, this.#o.networkInterfaces) || live.has(name)) continue;
      live.add(name);
      let na = this.#netAttrs.get(name);
      if (!na) {
        na = {
          ifRx: f({ [sc.ATTR_NETWORK_INTERFACE_NAME]: name, [sc.ATTR_NETWORK_IO_DIRECTION]: RX }),
          ifTx: f({ [sc.ATTR_NETWORK_INTERFACE_NAME]: name, [sc.ATTR_NETWORK_IO_DIRECTION]: TX }),
          devRx: f({ [sc.ATTR_SYSTEM_DEVICE]: name, [sc.ATTR_NETWORK_IO_DIRECTION]: RX }),
          devTx: f({ [sc.ATTR_SYSTEM_DEVICE]: name, [sc.ATTR_NETWORK_IO_DIRECTION]: TX }),
        };
        this.#netAttrs.set(name, na);
      }
      entries.push(i);
      list.push(na);
    }
    for (const k of this.#netAttrs.keys()) if (!live.has(k)) this.#netAttrs.delete(k);
    this.#netEntry = Int32Array.from(entries);
    const [io, packets, dropped, errors] = this.#net;
    const ifAttrs = list.flatMap((x) => [x.ifRx, x.ifTx]);
    // semconv v1.44 names the interface `system.device` on system.network.packet.count only.
    if (packets) resize(packets, list.flatMap((x) => [x.devRx, x.devTx]));
    for (const s of [io, dropped, errors]) if (s) resize(s, ifAttrs);
  }

  #fillTcp(t: TableLike<'tcpStates'> | undefined): void {
    const s = this.#tcp;
    if (!s) return;
    const v = s.values;
    if (!tableUsable(t)) {
      v.fill(NaN);
      return;
    }
    const a = t.array;
    const st4 = at(a, idx(t, 'v4Status'));
    const st6 = at(a, idx(t, 'v6Status'));
    const n = TCP_STATES.length;
    for (let i = 0; i < n; i++) {
      const key = (TCP_STATES[i] as readonly [TcpStateName, string])[0];
      v[i] = fileHasValues(st4) ? at(a, idx(t, `v4_${key}`)) : NaN;
      // tcp6 is absent when IPv6 is disabled at boot: that is zero IPv6 sockets, not an unknown.
      v[n + i] = fileHasValues(st6) ? at(a, idx(t, `v6_${key}`)) : st6 === ENOENT ? 0 : NaN;
    }
  }

  #fillFilesystems(t: TableLike<'filesystems'> | undefined): void {
    const usage = this.#fsUsage;
    const util = this.#fsUtil;
    const limit = this.#fsLimit;
    if (!tableUsable(t)) {
      for (const s of [usage, util, limit]) if (s) s.values.fill(NaN);
      return;
    }
    if (t.generation() !== this.#fsGen) this.#bindFilesystems(t);
    const a = t.array;
    const e = this.#fsEntry;
    const st = t.stride;
    const ftot = off(t, 'total');
    const ffree = off(t, 'free');
    const favail = off(t, 'available');
    const fused = off(t, 'used');
    const fro = off(t, 'readOnly');
    const fstuck = off(t, 'stuck');
    const fstat = off(t, 'statStatus');
    for (let d = 0; d < e.length; d++) {
      const b = t.entryBase + (e[d] as number) * st;
      const fa = this.#fsList[d] as FsAttrs;
      const ro = entryValue(a, b, fro) === 1 ? 1 : 0;
      if (ro !== fa.readOnly) {
        // Remounted (or first seen) read-only: new attribute objects for this mount, swapped in place.
        this.#remode(fa, ro);
        if (usage) setStateAttrs(usage.attrs, d, fa);
        if (util) setStateAttrs(util.attrs, d, fa);
        if (limit) limit.attrs[d] = fa.base;
      }
      const statStatus = entryValue(a, b, fstat);
      const bad = entryValue(a, b, fstuck) === 1 || (statStatus !== 0 && !Number.isNaN(statStatus));
      const total = bad ? NaN : entryValue(a, b, ftot);
      const free = bad ? NaN : entryValue(a, b, ffree);
      const avail = bad ? NaN : entryValue(a, b, favail);
      const usedRaw = bad ? NaN : entryValue(a, b, fused);
      const used = Number.isFinite(usedRaw) ? usedRaw : total - free;
      const reserved = free - avail;
      if (usage) {
        usage.values[3 * d] = used;
        usage.values[3 * d + 1] = avail;
        usage.values[3 * d + 2] = reserved;
      }
      if (util) {
        const ok = total > 0;
        util.values[3 * d] = ok ? clamp01(used / total) : NaN;
        util.values[3 * d + 1] = ok ? clamp01(avail / total) : NaN;
        util.values[3 * d + 2] = ok ? clamp01(reserved / total) : NaN;
      }
      if (limit) limit.values[d] = total;
    }
  }

  #fsMake(device: string, mountpoint: string, type: string, ro: number): FsAttrs {
    const base = {
      [sc.ATTR_SYSTEM_DEVICE]: device,
      [sc.ATTR_SYSTEM_FILESYSTEM_TYPE]: type,
      [sc.ATTR_SYSTEM_FILESYSTEM_MODE]: ro ? sc.SYSTEM_FILESYSTEM_MODE_VALUE_RO : sc.SYSTEM_FILESYSTEM_MODE_VALUE_RW,
      [sc.ATTR_SYSTEM_FILESYSTEM_MOUNTPOINT]: mountpoint,
    };
    const st = sc.ATTR_SYSTEM_FILESYSTEM_STATE;
    return {
      readOnly: ro,
      base: f(base),
      used: f({ ...base, [st]: sc.SYSTEM_FILESYSTEM_STATE_VALUE_USED }),
      free: f({ ...base, [st]: sc.SYSTEM_FILESYSTEM_STATE_VALUE_FREE }),
      reserved: f({ ...base, [st]: sc.SYSTEM_FILESYSTEM_STATE_VALUE_RESERVED }),
    };
  }

  #remode(fa: FsAttrs, ro: number): void {
    const b = fa.base;
    const n = this.#fsMake(
      b[sc.ATTR_SYSTEM_DEVICE] as string,
      b[sc.ATTR_SYSTEM_FILESYSTEM_MOUNTPOINT] as string,
      b[sc.ATTR_SYSTEM_FILESYSTEM_TYPE] as string,
      ro,
    );
    Object.assign(fa, n);
  }

  #bindFilesystems(t: TableLike<'filesystems'>): void {
    this.#fsGen = t.generation();
    const names = t.names();
    const n = Math.min(t.count(), names.length);
    const entries: number[] = [];
    const list: FsAttrs[] = [];
    const live = new Set<string>();
    for (let i = 0; i < n; i++) {
      const key = names[i] as string;
      const { device, mountpoint, type } = fsNames(key);
      if (!keep(mountpoint, this.#o.mountPoints) || !keep(type, this.#o.filesystemTypes) || live.has(key)) continue;
      live.add(key);
      let fa = this.#fsAttrs.get(key);
      if (!fa) {
        fa = this.#fsMake(device, mountpoint, type, 0);
        this.#fsAttrs.set(key, fa);
      }
      entries.push(i);
      list.push(fa);
    }
    for (const k of this.#fsAttrs.keys()) if (!live.has(k)) this.#fsAttrs.delete(k);
    this.#fsEntry = Int32Array.from(entries);
    this.#fsList = list;
    this.#fsSeriesAttrs();
  }

  #fsSeriesAttrs(): void {
    const list = this.#fsList;
    const states = list.flatMap((x) => [x.used, x.free, x.reserved]);
    if (this.#fsUsage) resize(this.#fsUsage, states);
    if (this.#fsUtil) resize(this.#fsUtil, states);
    if (this.#fsLimit) resize(this.#fsLimit, list.map((x) => x.base));
  }

  #fillSystem(t: TableLike<'system'> | undefined): void {
    const ok = tableUsable(t);
    const g = (k: ScalarField<'system'>): number => (ok ? at(t.array, idx(t, k)) : NaN);
    put(this.#fx.METRIC_SYSTEM_PROCESS_COUNT, 0, g('procsRunning'));
    put(this.#fx.METRIC_SYSTEM_PROCESS_COUNT, 1, g('procsBlocked'));
    put(this.#fx.METRIC_SYSTEM_PROCESS_CREATED, 0, g('forks'));
    put(this.#fx.METRIC_SYSTEM_UPTIME, 0, g('uptime'));
  }

  #fillProcess(t: TableLike<'process'> | undefined, sys: TableLike<'system'> | undefined): void {
    const ok = tableUsable(t);
    const g = (k: ScalarField<'process'>): number => (ok ? at(t.array, idx(t, k)) : NaN);
    put(this.#fx.METRIC_PROCESS_CPU_TIME, 0, g('cpuUser'));
    put(this.#fx.METRIC_PROCESS_CPU_TIME, 1, g('cpuSystem'));
    put(this.#fx.METRIC_PROCESS_CONTEXT_SWITCHES, 0, g('voluntaryContextSwitches'));
    put(this.#fx.METRIC_PROCESS_CONTEXT_SWITCHES, 1, g('involuntaryContextSwitches'));
    put(this.#fx.METRIC_PROCESS_MEMORY_USAGE, 0, g('rss'));
    put(this.#fx.METRIC_PROCESS_MEMORY_VIRTUAL, 0, g('vms'));
    put(this.#fx.METRIC_PROCESS_PAGING_FAULTS, 0, g('majorFaults'));
    put(this.#fx.METRIC_PROCESS_PAGING_FAULTS, 1, g('minorFaults'));
    put(this.#fx.METRIC_PROCESS_DISK_IO, 0, g('readBytes'));
    put(this.#fx.METRIC_PROCESS_DISK_IO, 1, g('writeBytes'));
    put(this.#fx.METRIC_PROCESS_THREAD_COUNT, 0, g('threads'));
    put(this.#fx.METRIC_PROCESS_UNIX_FILE_DESCRIPTOR_COUNT, 0, g('openFds'));
    // Uptime from the boot-relative clock of the same sample: system uptime - (start - boot). No wall clock.
    const sok = tableUsable(sys);
    const up = sok ? at(sys.array, idx(sys, 'uptime')) : NaN;
    const boot = sok ? at(sys.array, idx(sys, 'bootTime')) : NaN;
    const pu = up - (g('startTime') - boot);
    put(this.#fx.METRIC_PROCESS_UPTIME, 0, pu >= 0 ? pu : NaN);
  }
}

function setStateAttrs(attrs: Attributes[], d: number, fa: FsAttrs): void {
  attrs[3 * d] = fa.used;
  attrs[3 * d + 1] = fa.free;
  attrs[3 * d + 2] = fa.reserved;
}

/** a[b + o], NaN when the entry field does not exist in this source (o < 0). */
function entryValue(a: Float64Array, b: number, o: number): number {
  return o < 0 ? NaN : (a[b + o] as number);
}

function put(s: Series | undefined, i: number, v: number): void {
  if (s) s.values[i] = v;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}


/**
 * The utilization gauges that need a window, for one consumer (the instrument path has one, each MetricProducer
 * has its own): system.cpu.utilization and process.cpu.utilization over the window from this consumer's previous
 * distinct sample to the current one. A collect that sees the same sample again reports the same values.
 */
export class UtilizationWindow {
  /** The series this consumer emits: the model's, with the two windowed gauges replaced by its own. */
  readonly series: readonly Series[];
  #model: HostModel;
  #seen = 0;
  #baseTime = NaN;
  #cpuCur?: Series;
  #cpuOut?: Series;
  #cpuBase = new Float64Array(0);
  #procCur?: Series;
  #procOut?: Series;
  #procBase = new Float64Array([NaN, NaN]);
  #ctrCur?: Series;
  #ctrOut?: Series;
  #ctrBase = new Float64Array([NaN, NaN]);

  constructor(model: HostModel) {
    this.#model = model;
    this.#cpuCur = model.get(sc.METRIC_SYSTEM_CPU_TIME);
    this.#procCur = model.get(sc.METRIC_PROCESS_CPU_TIME);
    this.#ctrCur = model.get(METRIC_CONTAINER_CPU_TIME);
    this.series = model.series.map((s) => {
      if (s.def.name === sc.METRIC_SYSTEM_CPU_UTILIZATION) {
        this.#cpuOut = { ...s, values: new Float64Array(0), count: 0 };
        return this.#cpuOut;
      }
      if (s.def.name === sc.METRIC_PROCESS_CPU_UTILIZATION) {
        this.#procOut = { ...s, values: new Float64Array(2).fill(NaN) };
        return this.#procOut;
      }
      if (s.def.name === METRIC_CONTAINER_CPU_USAGE) {
        this.#ctrOut = { ...s, values: new Float64Array(2).fill(NaN) };
        return this.#ctrOut;
      }
      return s;
    });
    if (model.sampleId > 0) this.update();
  }

  /** Brings the windowed values to the model's current sample; cheap when the sample was already seen. */
  update(): void {
    const m = this.#model;
    if (this.#seen === m.sampleId) return;
    const first = this.#seen === 0;
    const elapsed = m.sampleTime - this.#baseTime;
    const ok = !first && elapsed >= m.minWindowS;
    this.#seen = m.sampleId;
    const cur = this.#cpuCur;
    const out = this.#cpuOut;
    if (cur && out) {
      out.attrs = cur.attrs;
      out.count = cur.count;
      if (out.values.length < cur.count) out.values = new Float64Array(cur.count);
      const keys = m.cpuKeys;
      let need = 0;
      for (let b = 0; b < keys.length; b++) need = Math.max(need, ((keys[b] as number) + 2) * CPU_MODE_COUNT);
      if (this.#cpuBase.length < need) {
        const nb = new Float64Array(need).fill(NaN);
        nb.set(this.#cpuBase);
        this.#cpuBase = nb;
      }
      const base = this.#cpuBase;
      for (let b = 0; b < keys.length; b++) {
        const k = keys[b] as number;
        const minTotal = m.minWindowS * (k < 0 ? m.cpuCount : 1);
        const o = b * CPU_MODE_COUNT;
        if (ok) cpuUtilizationInto(base, (k + 1) * CPU_MODE_COUNT, cur.values, o, out.values, o, minTotal);
        else out.values.fill(NaN, o, o + CPU_MODE_COUNT);
      }
      if (ok || first) {
        // A CPU absent now must not keep an old baseline: if it comes back, its first window has no value.
        base.fill(NaN);
        for (let b = 0; b < keys.length; b++) {
          const k = keys[b] as number;
          base.set(cur.values.subarray(b * CPU_MODE_COUNT, (b + 1) * CPU_MODE_COUNT), (k + 1) * CPU_MODE_COUNT);
        }
      }
    }
    const pc = this.#procCur;
    const po = this.#procOut;
    if (pc && po) {
      for (let i = 0; i < 2; i++) {
        const d = (pc.values[i] as number) - (this.#procBase[i] as number);
        po.values[i] = ok ? processCpuUtilization(d, elapsed, m.processCpus, m.minWindowS) : NaN;
      }
      if (ok || first) this.#procBase.set(pc.values.subarray(0, 2));
    }
    const cc = this.#ctrCur;
    const co = this.#ctrOut;
    if (cc && co) {
      // CPUs in use: CPU-time delta / elapsed, not divided by any CPU count (a counter reset gives no value).
      for (let i = 0; i < 2; i++) {
        const d = (cc.values[i] as number) - (this.#ctrBase[i] as number);
        co.values[i] = ok && d >= 0 ? d / elapsed : NaN;
      }
      if (ok || first) this.#ctrBase.set(cc.values.subarray(0, 2));
    }
    if (ok || first) this.#baseTime = m.sampleTime;
  }
}
