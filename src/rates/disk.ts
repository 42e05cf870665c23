/** Per-second rates of one block device between two entries of a Snapshot's `disks` (/proc/diskstats). */
import type { EntryField, Fields } from '../layout';
import { ratePerSecond } from './kernels';
import { ratesOf } from './fields';
import { minWindowOf, type MaybeNumber, type RateOptions } from './values';

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

// Each per-second rate and the counter it is the rate of.
const COUNTERS = {
  readBytesPerS: 'readBytes',
  writeBytesPerS: 'writeBytes',
  readOpsPerS: 'readOps',
  writeOpsPerS: 'writeOps',
} as const satisfies Record<keyof Omit<DiskRates, 'name' | 'busy'>, EntryField<'disks'>>;

/** Per-second rates of one disk between two samples (the same device name in both). */
export function diskRates(prev: DiskLike, cur: DiskLike, elapsedS: number, options: RateOptions = {}): DiskRates {
  const w = minWindowOf(options);
  const io = ratePerSecond(prev.ioTime, cur.ioTime, elapsedS, w);
  return {
    name: cur.name,
    ...ratesOf(COUNTERS, prev, cur, elapsedS, w),
    busy: Number.isFinite(io) ? (io > 1 ? 1 : io) : null,
  };
}
