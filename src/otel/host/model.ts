/**
 * The sample model shared by the instrument path and the MetricProducer path: one sample of the source turned
 * into, per metric, a list of attribute objects and a Float64Array of values (NaN = unknown, not emitted).
 *
 * - One sample per short interval: `refresh()` samples the source only when the last sample is older than
 *   `minSampleIntervalS` (by the injected monotonic clock); collects inside that interval (several readers
 *   collecting together) re-read the same values, so they are consistent.
 * - Values are computed once per sample, when it is taken, and copied out of the source's tables: an
 *   asynchronous refresh of the tables between two collects of the same sample cannot change what they see.
 * - The metrics are the enabled catalogue rows. A row with a `value` (one table scalar) is read here; every other
 *   row is filled by the file of its group: cpu.ts, memory.ts (memory, paging), disk.ts, filesystem.ts,
 *   network.ts (interfaces, TCP), process.ts (system.process, process.*), container/fill.ts. Each builds its
 *   attribute objects once and rebuilds its lists only when a table's generation (its set of names) changes.
 * - The utilization gauges that need a window are computed by each UtilizationWindow (utilization-window.ts),
 *   so every consumer has its own window.
 *
 * All state lives in the instance.
 */
import type { Attributes } from '../../peers';
import type { TableName } from '../../layout';
import { HOST_METRICS, type MetricDef } from '../catalogue/host';
import { CONTAINER_METRICS } from '../container/catalogue';
import { ContainerFill } from '../container/fill';
import { CONTAINER_GROUP } from '../container/names';
import type { CpuLimit } from '../cpu-limit';
import type { Series } from '../series';
import { type TableLike, type ValueSource, tableUsable } from '../value-source';
import { CpuFill } from './cpu';
import { diskFill } from './disk';
import { FilesystemFill } from './filesystem';
import type { NameFilter } from './filters';
import { MemoryFill, PagingFill } from './memory';
import { networkFill, TcpFill } from './network';
import { ProcessFill, SystemProcessFill } from './process';

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
  /** The catalogue rows to choose from (default: every host, process and container row). */
  rows?: readonly MetricDef[];
}

/** A group's series filler, called with the model's source once per sample. */
type GroupFill = (source: ValueSource) => void;

const PROCESS_GROUPS = ['process.cpu', 'process.memory', 'process.disk', 'process.threads', 'process.files', 'process.uptime'];

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
  /** The series of rows with a table scalar as their value. */
  #scalars: Series[] = [];
  #fills: GroupFill[] = [];
  #cpu?: CpuFill;

  constructor(source: ValueSource, options: ModelOptions) {
    this.#source = source;
    this.#o = options;
    this.minWindowS = options.minWindowS;
    this.processCpus = options.processCpus;
    const rows = options.rows ?? [...HOST_METRICS, ...CONTAINER_METRICS];
    this.metrics = rows.filter((d) => options.groups.has(d.group) && (!d.optIn || options.optIn.has(d.name)));
    this.series = this.metrics.map((def, index) => {
      const s: Series = { def, index, attrs: [], values: new Float64Array(0), count: 0 };
      this.#byName.set(def.name, s);
      return s;
    });
    for (const s of this.series) {
      if (s.def.value) this.#scalars.push(this.#fixed(s.def.name, [{}]) as Series);
    }
    this.#init();
  }

  /** The series of an enabled metric, or undefined. */
  get(name: string): Series | undefined {
    return this.#byName.get(name);
  }

  /** CPU key per 7-mode block of system.cpu.time: -1 the aggregate line, else the CPU number. */
  get cpuKeys(): Int32Array {
    return this.#cpu ? this.#cpu.cpuKeys : AGGREGATE_ONLY;
  }

  /** CPUs the aggregate block covers (for the minimum CPU-time window). */
  get cpuCount(): number {
    return this.#cpu ? this.#cpu.cpuCount : 1;
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

  /** Gives an enabled metric a fixed attribute list (frozen), its values unknown; undefined when it is off. */
  #fixed(name: string, attrs: readonly Attributes[]): Series | undefined {
    const s = this.#byName.get(name);
    if (s) {
      s.attrs = attrs.map((a) => Object.freeze(a));
      s.values = new Float64Array(attrs.length).fill(NaN);
      s.count = attrs.length;
    }
    return s;
  }

  #init(): void {
    const g = this.#o.groups;
    const get = (name: string): Series | undefined => this.#byName.get(name);
    const fixed = (name: string, attrs: readonly Attributes[]): Series | undefined => this.#fixed(name, attrs);
    const fills = this.#fills;
    if (g.has('system.cpu')) {
      const cpu = new CpuFill(get, fixed, this.#o.perCpu);
      this.#cpu = cpu;
      fills.push((src) => cpu.fill(src.table('cpu')));
    }
    if (g.has('system.memory')) {
      const memory = new MemoryFill(fixed);
      fills.push((src) => memory.fill(src.table('memory')));
    }
    if (g.has('system.paging')) {
      const paging = new PagingFill(fixed);
      fills.push((src) => paging.fill(src.table('memory'), src.table('vmstat')));
    }
    if (g.has('system.disk')) {
      const disks = diskFill(get, this.#o.disks);
      fills.push((src) => disks.fill(src.table('disks')));
    }
    if (g.has('system.filesystem')) {
      const fs = new FilesystemFill(get, this.#o.mountPoints, this.#o.filesystemTypes);
      fills.push((src) => fs.fill(src.table('filesystems')));
    }
    if (g.has('system.network')) {
      const net = networkFill(get, this.#o.networkInterfaces);
      const tcp = new TcpFill(fixed);
      fills.push((src) => {
        net.fill(src.table('network'));
        tcp.fill(src.table('tcpStates'));
      });
    }
    if (g.has('system.process')) {
      const system = new SystemProcessFill(fixed);
      fills.push((src) => system.fill(src.table('system')));
    }
    if (PROCESS_GROUPS.some((k) => g.has(k))) {
      const proc = new ProcessFill(fixed);
      fills.push((src) => proc.fill(src.table('process'), src.table('system')));
    }
    if (g.has(CONTAINER_GROUP)) {
      const container = new ContainerFill(get, (name, attrs) => this.#fixed(name, attrs));
      fills.push((src) => container.fill(src.table('cgroup'), src.table('cgroupIo'), src.table('disks')));
    }
  }

  #fill(): void {
    const src = this.#source;
    const scalars = this.#scalars;
    for (let i = 0; i < scalars.length; i++) {
      const s = scalars[i] as Series;
      const v = s.def.value as { table: TableName; field: string };
      const t = src.table(v.table) as TableLike | undefined;
      const index = tableUsable(t) ? (t.scalar as Readonly<Record<string, number | undefined>>)[v.field] : undefined;
      s.values[0] = index === undefined || t === undefined ? NaN : (t.array[index] as number);
    }
    const fills = this.#fills;
    for (let i = 0; i < fills.length; i++) (fills[i] as GroupFill)(src);
    if (this.#o.cpuLimit) this.processCpus = this.#o.cpuLimit.cpus(this.sampleTime);
  }
}

const AGGREGATE_ONLY = new Int32Array(1).fill(-1);
