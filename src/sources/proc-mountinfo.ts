/**
 * Filesystems: the mounts of <procRoot>/<pid>/mountinfo and statvfs() of each, refreshed by sampleAsync() on a
 * native thread with a timeout (a mount whose statvfs hangs is reported `stuck`). See native/async_work.cc.
 */
import type { Snapshot } from '../types';
import type { TableReader } from '../table';
import { entryValueNames, hasValues, mapEntries, pickEntry } from './common';
import { fsNames } from './entry-names';

// The statvfs values (bytes, inodes); readOnly and stuck are flags, statStatus is the per-mount status slot.
const FIELDS = entryValueNames('filesystems', ['readOnly', 'stuck', 'statStatus']);

/** The snapshot's `filesystems` part: every mount (filtering is the OpenTelemetry layer's job); null before the first sampleAsync(). */
export function filesystemsSnapshot(t: TableReader<'filesystems'> | undefined): Snapshot['filesystems'] {
  if (!hasValues(t)) return null;
  return mapEntries(t, (i, name) => ({
    ...fsNames(name),
    readOnly: t.entryValue(i, 'readOnly') === 1,
    ...pickEntry(t, i, FIELDS),
    stuck: t.entryValue(i, 'stuck') === 1,
  }));
}
