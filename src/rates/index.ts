/**
 * Delta and rate calculations over two samples: CPU utilization per mode, process CPU utilization, memory, paging
 * and filesystem utilization, per-second disk and network rates.
 *
 * Everything here is pure: functions of plain numbers, of plain objects shaped like the `Snapshot` parts, or (for
 * hot paths) of numbers at offsets in a Float64Array. No native code, no clock of its own (the caller passes the
 * elapsed seconds from a monotonic clock, src/clock.ts), no module-level state.
 *
 * Unknown values. The low-level numeric functions (kernels.ts) return `NaN` for "no value"; the object-level
 * functions return `null` (like `Snapshot`). A value is unknown when an input is unknown (`null`, `undefined`,
 * `NaN`), when a counter went down between the two samples (a reset or a wrap: the delta of that interval is
 * unknown, never negative), when the window is shorter than `minWindowS` (noise, not a measurement), or when a
 * denominator is 0. The `*Like` input types take their field names from the native layout (src/layout.ts).
 *
 * The files: values.ts (unknown values, options), kernels.ts (the allocation-free hot-path functions), fields.ts
 * (a kernel applied field by field), cpu.ts, memory.ts, filesystem.ts, disk.ts, network.ts (one per snapshot part),
 * compute.ts (computeRates over two snapshots), tracker.ts (RateTracker over consecutive ones).
 */
export { DEFAULT_MIN_WINDOW_S, isKnown, type MaybeNumber, type RateOptions } from './values';
export {
  CPU_MODES,
  CPU_MODE_COUNT,
  counterDelta,
  cpuUtilizationInto,
  foldCpuTimes,
  processCpuUtilization,
  ratePerSecond,
  utilization,
  type CpuMode,
} from './kernels';
export { cpuUtilization, type CpuTimesLike, type CpuUtilization } from './cpu';
export { memoryUsage, memoryUtilization, pagingUtilization, type MemoryLike, type MemoryStates } from './memory';
export { filesystemUsage, filesystemUtilization, type FilesystemLike, type FilesystemStates } from './filesystem';
export { diskRates, type DiskLike, type DiskRates } from './disk';
export { networkRates, type NetworkLike, type NetworkRates } from './network';
export { computeRates, type ComputeRatesOptions, type Rates, type SnapshotLike } from './compute';
export { RateTracker, type RateTrackerOptions } from './tracker';
/** Re-exported from src/clock.ts, where the clock lives, for the importers of this folder. */
export { monotonicSeconds } from '../clock';
