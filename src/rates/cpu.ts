/**
 * CPU utilization per mode between two CPU-times objects (the `cpu` part of a Snapshot, the aggregate line or one
 * `cpuN` line), on the kernels of kernels.ts.
 */
import type { Fields, ScalarField } from '../layout';
import { CPU_MODES, CPU_MODE_COUNT, cpuUtilizationInto, foldCpuTimes, type CpuMode } from './kernels';
import { minWindowOf, num, orNull, type MaybeNumber, type RateOptions } from './values';

/** CPU times in seconds as the kernel prints them (`CpuTimes` of the snapshot); missing or null = unknown. */
export type CpuTimesLike = Partial<Fields<ScalarField<'cpu'>, MaybeNumber>>;

/** Utilization (0..1) per emitted CPU mode; `null` = unknown. Known values sum to 1. */
export type CpuUtilization = Record<CpuMode, number | null>;

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
  const minTotal = minWindowOf(options) * (cpus > 0 ? cpus : 1);
  if (!cpuUtilizationInto(v, 0, v, CPU_MODE_COUNT, v, 2 * CPU_MODE_COUNT, minTotal)) return null;
  const r = {} as CpuUtilization;
  for (let m = 0; m < CPU_MODE_COUNT; m++) r[CPU_MODES[m] as CpuMode] = orNull(v[2 * CPU_MODE_COUNT + m] as number);
  return r;
}
