/**
 * Filesystems: the mounts of <procRoot>/<pid>/mountinfo and statvfs() of each, refreshed by sampleAsync() on a
 * native thread with a timeout (a mount whose statvfs hangs is reported `stuck`). See native/async_work.cc.
 */
import type { FilesystemStats, Snapshot } from '../types';
import type { Table } from '../table';
import { hasValues, orNull } from './common';
import { fsNames } from './entry-names';

/** The snapshot's `filesystems` part: every mount (filtering is the OpenTelemetry layer's job); null before the first sampleAsync(). */
export function filesystemsSnapshot(t: Table<'filesystems'> | undefined): Snapshot['filesystems'] {
  if (!hasValues(t)) return null;
  const names = t.names();
  const out: FilesystemStats[] = [];
  for (let i = 0; i < t.count(); i++) {
    out.push({
      ...fsNames(names[i] ?? ''),
      readOnly: t.entryValue(i, 'readOnly') === 1,
      total: orNull(t.entryValue(i, 'total')),
      free: orNull(t.entryValue(i, 'free')),
      available: orNull(t.entryValue(i, 'available')),
      used: orNull(t.entryValue(i, 'used')),
      inodes: orNull(t.entryValue(i, 'inodes')),
      inodesFree: orNull(t.entryValue(i, 'inodesFree')),
      stuck: t.entryValue(i, 'stuck') === 1,
    });
  }
  return out;
}
