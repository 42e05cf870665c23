/** Filesystem usage and utilization from an entry of a Snapshot's `filesystems` (bytes; statvfs of each mount). */
import type { EntryField, Fields } from '../layout';
import { shareOf } from './fields';
import { num, orNull, type MaybeNumber } from './values';

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
  return shareOf(filesystemUsage(f), num(f.total));
}
