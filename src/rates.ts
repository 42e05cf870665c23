/**
 * Delta and rate calculations over two samples: CPU utilization per mode, process CPU utilization, memory, paging
 * and filesystem utilization, per-second disk and network rates.
 *
 * Everything here is pure: functions of plain numbers, of plain objects shaped like the `Snapshot` parts, or (for
 * hot paths) of numbers at offsets in a Float64Array. No native code, no clock of its own (the caller passes the
 * elapsed seconds from a monotonic clock), no module-level state.
 *
 * Unknown values. The low-level numeric functions return `NaN` for "no value"; the object-level functions return
 * `null` (like `Snapshot`). A value is unknown when an input is unknown (`null`, `undefined`, `NaN`), when a
 * counter went down between the two samples (a reset or a wrap: the delta of that interval is unknown, never
 * negative), when the window is shorter than `minWindowS` (noise, not a measurement), or when a denominator is 0.
 *
 * The `*Like` input types take their field names from the native layout (src/layout.ts).
 */
import type { EntryField, Fields, ScalarField } from './layout';

/** The `cpu.mode` values emitted for `system.cpu.*`, in the order every Float64Array of mode values uses. */
export const CPU_MODES = ['user', 'nice', 'system', 'idle', 'iowait', 'interrupt', 'steal'] as const;
/** One of {@link CPU_MODES}. */
export type CpuMode = (typeof CPU_MODES)[number];
/** Number of emitted CPU modes (7): the stride of a mode vector. */
export const CPU_MODE_COUNT = 7;

/**
 * Default shortest window, in seconds, over which a rate or a utilization is computed: 20 ms, two clock ticks at
 * the usual USER_HZ of 100. /proc/stat counts in ticks, so a shorter window measures the tick boundary, not the load.
 */
export const DEFAULT_MIN_WINDOW_S = 0.02;

/** A kernel value as the sampler exposes it: a number, or `null`/`undefined`/`NaN` when the kernel did not print it. */
export type MaybeNumber = number | null | undefined;

/** True when `v` is a finite number (not null, undefined, NaN or ±Infinity). */
export function isKnown(v: MaybeNumber): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function num(v: MaybeNumber): number {
  return typeof v === 'number' ? v : NaN;
}

function orNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/**
 * Increase of a cumulative counter between two samples.
 * @returns `cur - prev` (>= 0), or `NaN` when either is unknown or the counter went down (a reset or a wrap).
 */
export function counterDelta(prev: MaybeNumber, cur: MaybeNumber): number {
  const p = num(prev);
  const c = num(cur);
  if (!Number.isFinite(p) || !Number.isFinite(c) || c < p) return NaN;
  return c - p;
}

/**
 * Per-second rate of a cumulative counter.
 * @param elapsedS seconds between the two samples, from a monotonic clock
 * @param minWindowS windows shorter than this (seconds) yield `NaN` (default {@link DEFAULT_MIN_WINDOW_S})
 * @returns units of the counter per second, or `NaN` (unknown input, reset, window too short)
 */
export function ratePerSecond(
  prev: MaybeNumber,
  cur: MaybeNumber,
  elapsedS: number,
  minWindowS: number = DEFAULT_MIN_WINDOW_S,
): number {
  if (!(elapsedS >= minWindowS) || !(elapsedS > 0)) return NaN;
  return counterDelta(prev, cur) / elapsedS;
}

/**
 * `part / whole` clamped to 0..1, for utilization gauges.
 * @returns a ratio in 0..1, or `NaN` when either is unknown or `whole` is not positive.
 */
export function utilization(part: MaybeNumber, whole: MaybeNumber): number {
  const p = num(part);
  const w = num(whole);
  if (!Number.isFinite(p) || !Number.isFinite(w) || !(w > 0)) return NaN;
  const r = p / w;
  return r < 0 ? 0 : r > 1 ? 1 : r;
}

/**
 * Folds the kernel's CPU columns into the seven emitted modes and writes them at `out[o .. o+7)` in
 * {@link CPU_MODES} order (seconds). `interrupt = irq + softirq` (unknown unless both are known). `guest` and
 * `guestNice` are not inputs: the kernel already counts them inside `user` and `nice`, so adding them double counts.
 */
export function foldCpuTimes(
  user: number,
  nice: number,
  system: number,
  idle: number,
  iowait: number,
  irq: number,
  softirq: number,
  steal: number,
  out: Float64Array,
  o: number,
): void {
  out[o] = user;
  out[o + 1] = nice;
  out[o + 2] = system;
  out[o + 3] = idle;
  out[o + 4] = iowait;
  out[o + 5] = irq + softirq;
  out[o + 6] = steal;
}

/**
 * CPU utilization per mode between two mode vectors (seconds, {@link CPU_MODES} order), written to
 * `out[oo .. oo+7)`.
 *
 * utilization(mode) = delta(mode) / sum of delta(all known modes). A mode unknown in either sample is left out of
 * both the numerator and the total (its output is `NaN`). A mode whose counter went down (the kernel documents that
 * `iowait`, and `idle` across CPU hotplug, can) contributes a delta of 0, so the outputs still sum to 1. When the sum
 * of the raw deltas is not positive (a reset of the whole line, all-zero lines as gVisor prints) or is below
 * `minTotalS`, every output is `NaN`.
 *
 * @param minTotalS smallest total CPU time delta (seconds) accepted: the caller passes about two clock ticks times
 *   the number of CPUs the vector covers (default {@link DEFAULT_MIN_WINDOW_S}, right for one CPU)
 * @returns true when values were written, false when every output is `NaN`
 */
export function cpuUtilizationInto(
  prev: ArrayLike<number>,
  po: number,
  cur: ArrayLike<number>,
  co: number,
  out: Float64Array,
  oo: number,
  minTotalS: number = DEFAULT_MIN_WINDOW_S,
): boolean {
  let raw = 0;
  let clamped = 0;
  let known = 0;
  for (let m = 0; m < CPU_MODE_COUNT; m++) {
    const p = prev[po + m] as number;
    const c = cur[co + m] as number;
    if (Number.isFinite(p) && Number.isFinite(c)) {
      const d = c - p;
      raw += d;
      clamped += d > 0 ? d : 0;
      known++;
    }
  }
  if (known === 0 || !(raw > 0) || !(clamped >= minTotalS) || !(clamped > 0)) {
    for (let m = 0; m < CPU_MODE_COUNT; m++) out[oo + m] = NaN;
    return false;
  }
  for (let m = 0; m < CPU_MODE_COUNT; m++) {
    const p = prev[po + m] as number;
    const c = cur[co + m] as number;
    if (Number.isFinite(p) && Number.isFinite(c)) {
      const d = c - p;
      const u = d > 0 ? d / clamped : 0;
      out[oo + m] = u > 1 ? 1 : u;
    } else {
      out[oo + m] = NaN;
    }
  }
  return true;
}

/**
 * Process CPU utilization over a window: CPU seconds used / (elapsed seconds x CPUs available to the process).
 * @param cpuDeltaS CPU seconds the process used in the window (user or system or both)
 * @param elapsedS window length in seconds from a monotonic clock
 * @param cpus CPUs available to the process (`os.availableParallelism()`)
 * @param minWindowS windows shorter than this yield `NaN`
 * @returns 0..1, or `NaN` when unknown, negative (a reset), the window is too short or `cpus` is not positive
 */
export function processCpuUtilization(
  cpuDeltaS: number,
  elapsedS: number,
  cpus: number,
  minWindowS: number = DEFAULT_MIN_WINDOW_S,
): number {
  if (!Number.isFinite(cpuDeltaS) || cpuDeltaS < 0) return NaN;
  if (!(elapsedS >= minWindowS) || !(elapsedS > 0) || !(cpus > 0)) return NaN;
  const u = cpuDeltaS / (elapsedS * cpus);
  return u > 1 ? 1 : u;
}

// ---------------------------------------------------------------------------------------------------------------
// Object-level API (the CLI and health checks): plain objects shaped like the parts of `Snapshot`.
// ---------------------------------------------------------------------------------------------------------------

/** CPU times in seconds as the kernel prints them (`CpuTimes` of the snapshot); missing or null = unknown. */
export type CpuTimesLike = Partial<Fields<ScalarField<'cpu'>, MaybeNumber>>;

/** Utilization (0..1) per emitted CPU mode; `null` = unknown. Known values sum to 1. */
export type CpuUtilization = Record<CpuMode, number | null>;

/** Options of the object-level rate functions. */
export interface RateOptions {
  /** Shortest window in seconds; shorter windows give no value (default {@link DEFAULT_MIN_WINDOW_S}). */
  minWindowS?: number;
}

function modeVector(t: CpuTimesLike, out: Float64Array, o: number): void {
  foldCpuTimes(
    num(t.user),
    num(t.nice),
    num(t.system),
    num(t.idle),
    num(t.iowait),
    num(t.irq),
    num(t.softirq),
    num(t.steal),
    out,
    o,
  );
}

/**
 * CPU utilization per mode between two CPU-times samples (aggregate or one CPU).
 * @param cpus how many CPUs the times cover (1 for a `cpuN` line, the CPU count for the aggregate line): the
 *   smallest accepted total delta is `minWindowS x cpus`
 * @returns utilization per mode, or `null` when the window is too short, the counters reset or nothing is known
 */
export function cpuUtilization(
  prev: CpuTimesLike,
  cur: CpuTimesLike,
  cpus = 1,
  options: RateOptions = {},
): CpuUtilization | null {
  const v = new Float64Array(3 * CPU_MODE_COUNT);
  modeVector(prev, v, 0);
  modeVector(cur, v, CPU_MODE_COUNT);
  const minTotal = (options.minWindowS ?? DEFAULT_MIN_WINDOW_S) * (cpus > 0 ? cpus : 1);
  if (!cpuUtilizationInto(v, 0, v, CPU_MODE_COUNT, v, 2 * CPU_MODE_COUNT, minTotal)) return null;
  const r = {} as CpuUtilization;
  for (let m = 0; m < CPU_MODE_COUNT; m++) r[CPU_MODES[m] as CpuMode] = orNull(v[2 * CPU_MODE_COUNT + m] as number);
  return r;
}

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
  const u = memoryUsage(m);
  const t = num(m.total);
  return {
    used: orNull(utilization(u.used, t)),
    free: orNull(utilization(u.free, t)),
    buffers: orNull(utilization(u.buffers, t)),
    cached: orNull(utilization(u.cached, t)),
  };
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

/** Filesystem fields (bytes; an entry of the snapshot's `filesystems`); missing or null = unknown. */
export type FilesystemLike = Partial<Fields<Exclude<EntryField<'filesystems'>, 'readOnly' | 'stuck' | 'statStatus'>, MaybeNumber>>;

/** Bytes (or ratios) per `system.filesystem.state`; `null` = unknown. */
export interface FilesystemStates {
  used: number | null;
  free: number | null;
  reserved: number | null;
}

/**
 * Filesystem usage per state, as `system.filesystem.usage` reports it: free = available to unprivileged users
 * (f_bavail), reserved = free - available (blocks only root may use), used = total - free (f_blocks - f_bfree).
 */
export function filesystemUsage(f: FilesystemLike): FilesystemStates {
  const total = num(f.total);
  const free = num(f.free);
  const avail = num(f.available);
  const used = Number.isFinite(num(f.used)) ? num(f.used) : total - free;
  return { used: orNull(used), free: orNull(avail), reserved: orNull(free - avail) };
}

/** Filesystem utilization (0..1) per state: {@link filesystemUsage} / total. */
export function filesystemUtilization(f: FilesystemLike): FilesystemStates {
  const u = filesystemUsage(f);
  const t = num(f.total);
  return {
    used: orNull(utilization(u.used, t)),
    free: orNull(utilization(u.free, t)),
    reserved: orNull(utilization(u.reserved, t)),
  };
}

/** Disk counters (an entry of the snapshot's `disks`): bytes, operations, seconds; missing or null = unknown. */
export type DiskLike = { name: string } & Partial<Fields<EntryField<'disks'>, MaybeNumber>>;

/** Per-second disk rates; `null` = unknown (reset, missing field, window too short). */
export interface DiskRates {
  name: string;
  /** Bytes read per second. */
  readBytesPerS: number | null;
  /** Bytes written per second. */
  writeBytesPerS: number | null;
  /** Read operations completed per second. */
  readOpsPerS: number | null;
  /** Write operations completed per second. */
  writeOpsPerS: number | null;
  /** Fraction of the window the device had I/O in flight (ioTime delta / elapsed), 0..1. */
  busy: number | null;
}

/** Per-second rates of one disk between two samples (the same device name in both). */
export function diskRates(prev: DiskLike, cur: DiskLike, elapsedS: number, options: RateOptions = {}): DiskRates {
  const w = options.minWindowS ?? DEFAULT_MIN_WINDOW_S;
  const io = ratePerSecond(prev.ioTime, cur.ioTime, elapsedS, w);
  return {
    name: cur.name,
    readBytesPerS: orNull(ratePerSecond(prev.readBytes, cur.readBytes, elapsedS, w)),
    writeBytesPerS: orNull(ratePerSecond(prev.writeBytes, cur.writeBytes, elapsedS, w)),
    readOpsPerS: orNull(ratePerSecond(prev.readOps, cur.readOps, elapsedS, w)),
    writeOpsPerS: orNull(ratePerSecond(prev.writeOps, cur.writeOps, elapsedS, w)),
    busy: Number.isFinite(io) ? (io > 1 ? 1 : io) : null,
  };
}

/** Network interface counters (an entry of the snapshot's `network`); missing or null = unknown. */
export type NetworkLike = { name: string } & Partial<Fields<EntryField<'network'>, MaybeNumber>>;

/** Per-second interface rates; `null` = unknown. */
export interface NetworkRates {
  name: string;
  rxBytesPerS: number | null;
  txBytesPerS: number | null;
  rxPacketsPerS: number | null;
  txPacketsPerS: number | null;
  rxErrorsPerS: number | null;
  txErrorsPerS: number | null;
  rxDroppedPerS: number | null;
  txDroppedPerS: number | null;
}

/** Per-second rates of one interface between two samples (the same name in both). */
export function networkRates(
  prev: NetworkLike,
  cur: NetworkLike,
  elapsedS: number,
  options: RateOptions = {},
): NetworkRates {
  const w = options.minWindowS ?? DEFAULT_MIN_WINDOW_S;
  const r = (a: MaybeNumber, b: MaybeNumber): number | null => orNull(ratePerSecond(a, b, elapsedS, w));
  return {
    name: cur.name,
    rxBytesPerS: r(prev.rxBytes, cur.rxBytes),
    txBytesPerS: r(prev.txBytes, cur.txBytes),
    rxPacketsPerS: r(prev.rxPackets, cur.rxPackets),
    txPacketsPerS: r(prev.txPackets, cur.txPackets),
    rxErrorsPerS: r(prev.rxErrors, cur.rxErrors),
    txErrorsPerS: r(prev.txErrors, cur.txErrors),
    rxDroppedPerS: r(prev.rxDropped, cur.rxDropped),
    txDroppedPerS: r(prev.txDropped, cur.txDropped),
  };
}

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

/**
 * Derives utilizations and per-second rates from two snapshots taken `elapsedS` seconds apart (monotonic clock).
 * Devices, interfaces and CPUs are matched by name / CPU number; one present in only one snapshot has no rate.
 */
export function computeRates(
  prev: SnapshotLike,
  cur: SnapshotLike,
  elapsedS: number,
  options: ComputeRatesOptions = {},
): Rates {
  const w = options.minWindowS ?? DEFAULT_MIN_WINDOW_S;
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
    const before = new Map<number, CpuTimesLike>();
    for (const c of prev.cpu.perCpu) before.set(c.cpu, c);
    for (const c of cur.cpu.perCpu) {
      const p = before.get(c.cpu);
      const u = p ? cpuUtilization(p, c, 1, opts) : null;
      if (u) out.perCpu.push({ cpu: c.cpu, ...u });
    }
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
    const before = new Map<string, DiskLike>();
    for (const d of prev.disks) before.set(d.name, d);
    for (const d of cur.disks) {
      const p = before.get(d.name);
      if (p) out.disks.push(diskRates(p, d, elapsedS, opts));
    }
  }
  if (prev.network && cur.network) {
    const before = new Map<string, NetworkLike>();
    for (const n of prev.network) before.set(n.name, n);
    for (const n of cur.network) {
      const p = before.get(n.name);
      if (p) out.network.push(networkRates(p, n, elapsedS, opts));
    }
  }
  return out;
}

/** Options of {@link RateTracker}. */
export interface RateTrackerOptions extends ComputeRatesOptions {
  /** Monotonic clock in seconds (default: `process.hrtime`); injectable for tests. */
  clock?: () => number;
}

/**
 * Keeps the previous snapshot and its time, so a caller that samples repeatedly (the CLI, a health check) gets
 * rates from consecutive snapshots. All state is in the instance.
 */
export class RateTracker {
  #prev: SnapshotLike | null = null;
  #prevTime = NaN;
  #clock: () => number;
  #options: ComputeRatesOptions;

  constructor(options: RateTrackerOptions = {}) {
    this.#clock = options.clock ?? monotonicSeconds;
    this.#options = { minWindowS: options.minWindowS, processCpus: options.processCpus };
  }

  /**
   * Records `snapshot` (taken now) and returns the rates since the previous one, or `null` on the first call and
   * when the window is shorter than `minWindowS` (the previous snapshot is then kept as the baseline).
   */
  update(snapshot: SnapshotLike): Rates | null {
    const now = this.#clock();
    if (this.#prev === null) {
      this.#prev = snapshot;
      this.#prevTime = now;
      return null;
    }
    const elapsed = now - this.#prevTime;
    if (!(elapsed >= (this.#options.minWindowS ?? DEFAULT_MIN_WINDOW_S))) return null;
    const r = computeRates(this.#prev, snapshot, elapsed, this.#options);
    this.#prev = snapshot;
    this.#prevTime = now;
    return r;
  }

  /** Forgets the baseline: the next `update()` starts a new window. */
  reset(): void {
    this.#prev = null;
    this.#prevTime = NaN;
  }
}

/** Monotonic seconds (CLOCK_MONOTONIC through `process.hrtime`, the clock the native tables stamp their time with). */
export function monotonicSeconds(): number {
  const t = process.hrtime();
  return t[0] + t[1] / 1e9;
}
