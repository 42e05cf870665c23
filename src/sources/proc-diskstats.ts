/** /proc/diskstats: every device the kernel lists, bytes and seconds. See native/sources/proc_diskstats.cc. */
import type { DiskStats, Snapshot } from '../types';
import type { Table } from '../table';
import { entryNames, type EntryField } from '../layout';
import { hasValues, pickEntry } from './common';

/**
 * node_exporter's default device exclude for diskstats: partitions (counted again in their disk), ram, loop and
 * floppy devices. HostMetrics and the CLI's views hide these by default.
 */
export const DEFAULT_DISK_EXCLUDE = /^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$/;

// Every entry field but the device numbers, which the snapshot gives as numbers, never null.
const FIELDS = entryNames('disks').filter((f): f is Exclude<EntryField<'disks'>, 'major' | 'minor'> => f !== 'major' && f !== 'minor');

/** The snapshot's `disks` part (fields the kernel version does not print are null). */
export function disksSnapshot(t: Table<'disks'> | undefined): Snapshot['disks'] {
  if (!hasValues(t)) return null;
  const names = t.names();
  const out: DiskStats[] = [];
  for (let i = 0; i < t.count(); i++) {
    out.push({
      name: names[i] ?? '',
      major: t.entryValue(i, 'major'),
      minor: t.entryValue(i, 'minor'),
      ...pickEntry(t, i, FIELDS),
    });
  }
  return out;
}
