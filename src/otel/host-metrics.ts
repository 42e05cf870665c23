/**
 * HostMetrics: OpenTelemetry host and process metrics, a drop-in for @opentelemetry/host-metrics (see
 * the README, "Migrating from @opentelemetry/host-metrics", for every difference).
 *
 * One batch observable callback serves every instrument. Each call refreshes the shared sample (at most one sample
 * per `minSampleIntervalMs`) and observes the precomputed values with attribute objects built once. The expensive
 * sources (TCP connection states, filesystems) are refreshed by `sampleAsync()` on an unref'd timer, never on the
 * collect path.
 */
import * as os from 'node:os';
import type {
  BatchObservableCallback,
  BatchObservableResult,
  HrTime,
  Meter,
  MeterProvider,
  Observable,
} from '../peers';
import type { CollectionResult, MetricData } from '../peers';
import { RuntimeMetrics } from '../runtime';
import { ProcsamplerError } from '../errors';
import type { SourceName } from '../types';
import { DEFAULT_MIN_WINDOW_S, monotonicSeconds } from '../rates';
import { HOST_GROUPS, RUNTIME_ROWS, type MetricDef, type MetricGroup, type RuntimeRow } from './catalogue';
import { createObservable } from './instruments';
import { checkHostOptions, checkProducerOptions, enabledGroups } from './host-options';
import {
  DEFAULT_DISK_EXCLUDE,
  DEFAULT_FS_TYPE_EXCLUDE,
  DEFAULT_MOUNT_POINT_EXCLUDE,
  type NameFilter,
} from './host/filters';
import { HostModel } from './host/model';
import { UtilizationWindow } from './host/utilization-window';
import type { Series } from './series';
import { HostMetricProducer, type HostMetricProducerOptions, type ProducerHost } from './producer';
import { hrNow } from './metric-pool';
import { openSource, type ValueSource } from './source';
import { CachedCpuLimit, SharedCpuLimit, type CpuLimit } from './cpu-limit';
import { cgroupHasLimit } from './container/fill';
import { CONTAINER_GROUP } from './container/names';
import { defaultResource, packageVersion } from './resource';
import { requirePeer } from '../peers';

// @opentelemetry/api is an optional peer: it is required only when HostMetrics needs it (start() without a
// meterProvider), so loading the package never requires it (sdk-enums.ts holds its numbers).

function api(): typeof import('@opentelemetry/api') {
  return requirePeer<typeof import('@opentelemetry/api')>('@opentelemetry/api', 'HostMetrics');
}

/** Default meter (instrumentation scope) name. */
export const DEFAULT_METER_NAME = 'procsampler';

/** The runtime metrics (nodejs.*, v8js.*) as HostMetrics drives them: RuntimeMetrics of src/runtime. */
interface RuntimeLike {
  start(): unknown;
  shutdown(): void;
  metricData(): MetricData[];
}

/** Options of `new HostMetrics()`. Every one is optional. */
export interface HostMetricsOptions {
  /** The MeterProvider to register instruments on (default: the global one, `metrics.getMeterProvider()`). */
  meterProvider?: MeterProvider;
  /** Meter (instrumentation scope) name (default `'procsampler'`; an empty string also means the default). */
  name?: string;
  /**
   * The metricGroups keys to emit (the `group` column of the catalogue: 'system.cpu', 'system.memory',
   * 'system.paging', 'system.disk', 'system.filesystem', 'system.network', 'system.process', 'system.uptime',
   * 'process.cpu', 'process.memory', 'process.disk', 'process.threads', 'process.files', 'process.uptime', and the
   * runtime groups 'nodejs.eventloop', 'v8js.gc', 'v8js.memory', 'nodejs.resources'). Default: all. An unknown
   * key throws PROCSAMPLER_BAD_OPTION.
   */
  metricGroups?: readonly MetricGroup[];
  /** Where procfs is mounted (default `/proc`); e.g. `/host/proc` in a sidecar. */
  procRoot?: string;
  /** Where the root filesystem the mount points refer to is mounted (default `/`). */
  rootFs?: string;
  /** The process that process.* describes: `'self'` (default) or a pid. */
  pid?: 'self' | number;
  /** Where the cgroup filesystem is mounted (the Sampler's `cgroupRoot`; e.g. `/host/sys/fs/cgroup` in a sidecar). */
  cgroupRoot?: string;
  /** Which cgroup container.* describes (the Sampler's `cgroupPath`; default the process's own). */
  cgroupPath?: string;
  /** How long one mount's statvfs may take before it is reported stuck and skipped, in ms (default 5000). */
  statfsTimeoutMs?: number;
  /** Whose network namespace network and TCP metrics describe (default 'self'; 1: a host's, from a sidecar). */
  netPid?: 'self' | number;
  /** Report system.cpu.time/utilization per logical CPU (adds `cpu.logical_number`; default false: one aggregate). */
  perCpu?: boolean;
  /** Disk filter; default excludes partitions and ram/loop/fd devices (node_exporter's default). */
  disks?: NameFilter;
  /** Network interface filter; default: all interfaces. */
  networkInterfaces?: NameFilter;
  /** Mount point filter; default excludes /dev, /proc, /sys, /run/credentials/*, container storage (node_exporter). */
  mountPoints?: NameFilter;
  /** Filesystem type filter; default excludes pseudo filesystems (node_exporter's list). */
  filesystemTypes?: NameFilter;
  /** How often TCP states and filesystems are refreshed off the event loop, in ms (default 10000). */
  asyncIntervalMs?: number;
  /** Collects closer than this to the previous sample reuse it, in ms (default 200). */
  minSampleIntervalMs?: number;
  /** Shortest window for a utilization value, in ms (default 20, two clock ticks); shorter gives no value. */
  minWindowMs?: number;
  /** Opt-in metrics of the catalogue to emit, by name (e.g. 'system.disk.pending_operations'). */
  optIn?: readonly string[];
  /**
   * CPUs available to the process, for process.cpu.utilization. Default: the smallest of
   * `os.availableParallelism()`, the cgroup's CPU limit (quota / period, its own or an ancestor's) and its cpuset:
   * read on every sample when the `container` group is on, otherwise at most once per `asyncIntervalMs` (a changed
   * limit shows within that time; src/otel/cpu-limit.ts). A number given here is used as it is.
   */
  processCpus?: number;
  /** Monotonic clock in seconds for sampling intervals and rate windows (default `process.hrtime`); for tests. */
  clock?: () => number;
  /** Use this source of values instead of opening the native Sampler (tests, custom sources). */
  source?: ValueSource;
  /**
   * Emit the runtime metrics (nodejs.*, v8js.*: RuntimeMetrics) when a runtime group is enabled (default true).
   * RuntimeMetrics has no per-group switch yet: any one of the runtime groups turns on all of them.
   */
  runtimeMetrics?: boolean;
}

function withDefault(f: NameFilter | undefined, exclude: RegExp | null): NameFilter {
  return { include: f?.include ?? null, exclude: f && 'exclude' in f ? (f.exclude ?? null) : exclude };
}

function sourcesFor(groups: ReadonlySet<string>): SourceName[] {
  const s = new Set<SourceName>();
  if (groups.has('system.cpu')) s.add('cpu').add('load');
  if (groups.has('system.memory')) s.add('memory');
  if (groups.has('system.paging')) s.add('memory').add('vmstat');
  if (groups.has('system.disk')) s.add('disks');
  if (groups.has('system.filesystem')) s.add('filesystems');
  if (groups.has('system.network')) s.add('network').add('tcp');
  if (groups.has('system.process') || groups.has('system.uptime')) s.add('system');
  for (const g of groups) if (g.startsWith('process.')) s.add('process').add('system');
  if (groups.has(CONTAINER_GROUP)) s.add('cgroup');
  return [...s];
}

/**
 * OpenTelemetry host and process metrics from procsampler. Construct, then either `start()` (instruments on the
 * MeterProvider, read by every reader of it) or attach `metricProducer()` to readers (the fast path), not both on
 * the same reader. `shutdown()` stops everything.
 */
export class HostMetrics {
  #options: HostMetricsOptions;
  #groups: Set<MetricGroup>;
  #meter?: Meter;
  #name: string;
  #version = packageVersion();
  #source?: ValueSource;
  #model?: HostModel;
  #cpuLimit?: CpuLimit;
  #rows?: readonly MetricDef[];
  #instruments: Observable[] = [];
  #callback?: BatchObservableCallback;
  #timer?: ReturnType<typeof setInterval>;
  #asyncInFlight?: Promise<void>;
  #runtimes: RuntimeLike[] = [];
  #started = false;
  #closed = false;
  #startTime: HrTime = hrNow([0, 0]);
  #resource?: CollectionResult['resourceMetrics']['resource'];

  /**
   * Checks every option now: a bad one throws ProcsamplerError `PROCSAMPLER_BAD_OPTION` naming the option and the
   * value as given (an unknown key such as `metricGroup`, an unknown group, a filter that is not a RegExp, a
   * `procRoot` that does not exist). Nothing is opened before `start()` or `metricProducer()`.
   *
   * @param rows internal: the host, process and container catalogue rows to choose from (default all of them);
   *   both export paths are built from the enabled ones.
   */
  constructor(options: HostMetricsOptions = {}, rows?: readonly MetricDef[]) {
    checkHostOptions(options);
    this.#options = options;
    this.#rows = rows;
    this.#name = options.name || DEFAULT_METER_NAME;
    this.#groups = new Set(enabledGroups(options.metricGroups));
  }

  /** The enabled metricGroups keys. */
  get metricGroups(): readonly MetricGroup[] {
    return [...this.#groups];
  }

  /** Host and process metrics this instance emits, in catalogue order (available once started or producing). */
  get metrics(): readonly MetricDef[] {
    return this.#ensureModel().metrics;
  }

  #ensureModel(): HostModel {
    if (this.#closed) throw new ProcsamplerError('PROCSAMPLER_CLOSED', 'procsampler: HostMetrics is shut down');
    if (this.#model) return this.#model;
    const o = this.#options;
    const hostGroups = new Set<string>(
      [...this.#groups].filter((g) => (HOST_GROUPS as readonly string[]).includes(g) || g === CONTAINER_GROUP),
    );
    const cgroupOptions = {
      procRoot: o.procRoot,
      rootFs: o.rootFs,
      pid: o.pid,
      ...(o.cgroupRoot !== undefined ? { cgroupRoot: o.cgroupRoot } : {}),
      ...(o.cgroupPath !== undefined ? { cgroupPath: o.cgroupPath } : {}),
    };
    const availableParallelism = (os as { availableParallelism?: () => number }).availableParallelism;
    const parallelism = o.processCpus ?? (availableParallelism ? availableParallelism() : os.cpus().length);
    const needLimit = o.processCpus === undefined && hostGroups.has('process.cpu');
    // A cgroup-only source: it decides whether the container group is on by default, and (when that group is off)
    // gives process.cpu.utilization its CPU limit, re-read on a slow clock (cpu-limit.ts), so that a collect does
    // not read the whole cgroup tree for one denominator.
    let cgroupOnly: ValueSource | undefined =
      o.source ?? (needLimit || !o.metricGroups ? openSource({ ...cgroupOptions, sources: ['cgroup'] }) : undefined);
    if (!o.metricGroups && hostGroups.has(CONTAINER_GROUP) && cgroupOnly) {
      // On by default only where it means something: a cgroup with a CPU or memory limit.
      cgroupOnly.sample();
      if (!cgroupHasLimit(cgroupOnly.table('cgroup'))) {
        hostGroups.delete(CONTAINER_GROUP);
        this.#groups.delete(CONTAINER_GROUP);
      }
    }
    const source =
      o.source ??
      openSource({
        ...cgroupOptions,
        sources: sourcesFor(hostGroups),
        ...(o.statfsTimeoutMs !== undefined ? { statfsTimeoutMs: o.statfsTimeoutMs } : {}),
        ...(o.netPid !== undefined ? { netPid: o.netPid } : {}),
        // The catalogue has no metric from the sockstat/snmp summary: do not read it on every collect.
        tcpSummary: false,
      });
    this.#source = source;
    let cpuLimit: CpuLimit | undefined;
    if (needLimit && (o.source || hostGroups.has(CONTAINER_GROUP))) {
      // The main source reads the cgroup on every sample anyway: use its table.
      cpuLimit = new SharedCpuLimit(() => source.table('cgroup'), parallelism);
    } else if (needLimit && cgroupOnly) {
      cpuLimit = new CachedCpuLimit(cgroupOnly, parallelism, (o.asyncIntervalMs ?? 10000) / 1000, true);
      cgroupOnly = undefined;
    }
    if (cgroupOnly !== o.source) cgroupOnly?.close();
    this.#cpuLimit = cpuLimit;
    this.#model = new HostModel(source, {
      groups: hostGroups,
      optIn: new Set(o.optIn ?? []),
      perCpu: o.perCpu ?? false,
      disks: withDefault(o.disks, DEFAULT_DISK_EXCLUDE),
      networkInterfaces: withDefault(o.networkInterfaces, null),
      mountPoints: withDefault(o.mountPoints, DEFAULT_MOUNT_POINT_EXCLUDE),
      filesystemTypes: withDefault(o.filesystemTypes, DEFAULT_FS_TYPE_EXCLUDE),
      clock: o.clock ?? monotonicSeconds,
      minSampleIntervalS: (o.minSampleIntervalMs ?? 200) / 1000,
      minWindowS: o.minWindowMs !== undefined ? o.minWindowMs / 1000 : DEFAULT_MIN_WINDOW_S,
      processCpus: parallelism,
      ...(cpuLimit ? { cpuLimit } : {}),
      ...(this.#rows ? { rows: this.#rows } : {}),
    });
    // The first sample is the baseline of the first utilization window.
    this.#model.take();
    if (hostGroups.has('system.network') || hostGroups.has('system.filesystem')) this.#startAsync();
    return this.#model;
  }

  #startAsync(): void {
    const ms = this.#options.asyncIntervalMs ?? 10000;
    this.refreshAsync().catch(() => undefined);
    this.#timer = setInterval(() => {
      this.refreshAsync().catch(() => undefined);
    }, ms);
    this.#timer.unref();
  }

  /**
   * Refreshes the expensive sources now (TCP states, filesystems) off the event loop; the next collect observes
   * the result. Concurrent calls share one refresh. Resolves when done; never rejects for a source error (the
   * values are then left out).
   */
  refreshAsync(): Promise<void> {
    const src = this.#source;
    if (!src || this.#closed) return Promise.resolve();
    if (!this.#asyncInFlight) {
      this.#asyncInFlight = src
        .sampleAsync()
        .catch(() => undefined)
        .finally(() => {
          this.#asyncInFlight = undefined;
        });
    }
    return this.#asyncInFlight;
  }

  /** Registers the instruments and the batch callback on the meter. Idempotent. */
  start(): void {
    if (this.#started) return;
    const model = this.#ensureModel();
    const provider = this.#options.meterProvider ?? api().metrics.getMeterProvider();
    this.#started = true;
    const meter = provider.getMeter(this.#name, this.#version);
    this.#meter = meter;
    const instruments = model.metrics.map((d) => createObservable(meter, d));
    this.#instruments = instruments;
    // The instrument path's own utilization window, shared by every reader of the provider (see the README, "One sample per collection, and the utilization windows").
    const window = new UtilizationWindow(model);
    const callback = (result: BatchObservableResult): void => {
      model.refresh();
      window.update();
      const list = window.series;
      for (let k = 0; k < list.length; k++) {
        const s = list[k] as Series;
        const inst = instruments[s.index] as Observable;
        const values = s.values;
        const attrs = s.attrs;
        for (let i = 0; i < s.count; i++) {
          const v = values[i] as number;
          if (v === v) result.observe(inst, v, attrs[i]);
        }
      }
    };
    this.#callback = callback;
    if (instruments.length > 0) meter.addBatchObservableCallback(callback, instruments);
    this.#startRuntime({ meterProvider: provider, name: this.#name });
  }

  /** The runtime catalogue rows of the enabled runtime groups (RuntimeMetrics' extras are not catalogue rows). */
  #runtimeRows(): readonly RuntimeRow[] {
    return RUNTIME_ROWS.filter((r) => !r.extra && this.#groups.has(r.group));
  }

  /**
   * A started RuntimeMetrics of the enabled runtime rows when a runtime group is enabled, or undefined (disabled,
   * or no native addon). The rows are chosen here, once: RuntimeMetrics builds its instruments and its
   * metricData() from exactly these.
   */
  #startRuntime(options: { meterProvider?: MeterProvider; name: string; instruments?: boolean }): RuntimeLike | undefined {
    if (this.#options.runtimeMetrics === false) return undefined;
    const rows = this.#runtimeRows();
    if (rows.length === 0) return undefined;
    let rt: RuntimeLike;
    try {
      rt = new RuntimeMetrics(options, rows);
    } catch (err) {
      // Without the addon there are no runtime metrics; the host metrics fall back (one warning, see source.ts).
      if ((err as { code?: string } | null)?.code === 'PROCSAMPLER_NATIVE_UNAVAILABLE') return undefined;
      throw err;
    }
    rt.start();
    this.#runtimes.push(rt);
    return rt;
  }

  /**
   * A MetricProducer for a MetricReader (`metricProducers: [producer]`), the fast path past the SDK's instruments.
   * Each call returns a new producer with its own utilization window: use one per reader. Works without `start()`.
   */
  metricProducer(options?: HostMetricProducerOptions): HostMetricProducer {
    checkProducerOptions(options);
    const model = this.#ensureModel();
    const host: ProducerHost = {
      refresh: () => model.refresh(),
      metrics: model.metrics,
      scope: { name: this.#name, version: this.#version },
      resource: (this.#resource ??= defaultResource()),
      startTime: this.#startTime,
    };
    // Each producer has its own RuntimeMetrics too: its delay and utilization windows are per reader as well.
    const rt = this.#startRuntime({ name: this.#name, instruments: false });
    return new HostMetricProducer(host, new UtilizationWindow(model), options, rt && (() => rt.metricData()));
  }

  /** Removes the instruments' callback, stops the refresh timer and closes the source. Idempotent. */
  async shutdown(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#meter && this.#callback && this.#instruments.length > 0) {
      this.#meter.removeBatchObservableCallback(this.#callback, this.#instruments);
    }
    this.#callback = undefined;
    for (const rt of this.#runtimes) rt.shutdown();
    this.#runtimes = [];
    const pending = this.#asyncInFlight;
    if (pending) await pending;
    // A source passed in options belongs to the caller.
    if (!this.#options.source) this.#source?.close();
    this.#cpuLimit?.close();
  }
}
