/**
 * The system.disk group from /proc/diskstats (the disks table): bytes, operations, I/O time, operation time,
 * merged requests and requests in flight per device, for the devices the `disks` filter keeps.
 */
import type { Attributes } from '../../peers';
import * as sc from '../../semconv';
import { AttributeCache } from '../metric-pool';
import { keep, type NameFilter } from './filters';
import { PerEntryFill, type EntryFields } from './per-entry';
import type { SeriesByName } from './table-read';

const f = Object.freeze;

interface DiskAttrs {
  dev: Attributes;
  read: Attributes;
  write: Attributes;
}

/** Each metric and its fields per device: read and write (`disk.io.direction`), or one value per device. */
const FIELDS: ReadonlyArray<EntryFields<'disks'>> = [
  [sc.METRIC_SYSTEM_DISK_IO, ['readBytes', 'writeBytes']],
  [sc.METRIC_SYSTEM_DISK_OPERATIONS, ['readOps', 'writeOps']],
  [sc.METRIC_SYSTEM_DISK_IO_TIME, ['ioTime']],
  [sc.METRIC_SYSTEM_DISK_OPERATION_TIME, ['readTime', 'writeTime']],
  [sc.METRIC_SYSTEM_DISK_MERGED, ['readMerged', 'writeMerged']],
  [sc.METRIC_SYSTEM_DISK_PENDING_OPERATIONS, ['inFlight']],
];
const PER_DEVICE = new Set<string>([sc.METRIC_SYSTEM_DISK_IO_TIME, sc.METRIC_SYSTEM_DISK_PENDING_OPERATIONS]);

/** The system.disk series of one HostModel. */
export function diskFill(get: SeriesByName, filter: NameFilter): PerEntryFill<'disks', DiskAttrs> {
  const cache = new AttributeCache<string, DiskAttrs>((name) => ({
    dev: f({ [sc.ATTR_SYSTEM_DEVICE]: name }),
    read: f({ [sc.ATTR_SYSTEM_DEVICE]: name, [sc.ATTR_DISK_IO_DIRECTION]: sc.DISK_IO_DIRECTION_VALUE_READ }),
    write: f({ [sc.ATTR_SYSTEM_DEVICE]: name, [sc.ATTR_DISK_IO_DIRECTION]: sc.DISK_IO_DIRECTION_VALUE_WRITE }),
  }));
  return new PerEntryFill(get, FIELDS, (name) => keep(name, filter), cache, (list, metric) =>
    PER_DEVICE.has(metric) ? list.map((x) => x.dev) : list.flatMap((x) => [x.read, x.write]),
  );
}
