/** /proc/diskstats: every device the kernel lists, bytes and seconds. See native/sources/proc_diskstats.cc. */
import type { Snapshot } from '../types';
import type { TableReader } from '../table';
import { entryValueNames, hasValues, mapEntries, pickEntryInto } from './common';

/**
 * node_exporter's default device exclude for diskstats: partitions (counted again in their disk), ram, loop and
 * floppy devices. HostMetrics and the CLI's views hide these by default.
 */
export const DEFAULT_DISK_EXCLUDE = /^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$/;

// Every entry field but the device numbers, which the snapshot gives as numbers, never null.
const FIELDS = entryValueNames('disks', ['major', 'minor']);

/** The snapshot's `disks` part (fields the kernel version does not print are null). */
export function disksSnapshot(t: TableReader<'disks'> | undefined): Snapshot['disks'] {
  if (!hasValues(t)) return null;
  return mapEntries(t, (i, name) => pickEntryInto(t, i, FIELDS, { name, major: t.entryValue(i, 'major'), minor: t.entryValue(i, 'minor') }));
}
