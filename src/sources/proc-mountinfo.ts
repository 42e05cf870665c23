/**
 * Filesystems: the mounts of <procRoot>/<pid>/mountinfo and statvfs() of each, refreshed by sampleAsync() on a
 * native thread with a timeout (a mount whose statvfs hangs is reported `stuck`). See native/async_work.cc.
 */
import type { FilesystemStats, Snapshot } from '../types';
import type { TableReader } from '../table';
import { entryValueNames, hasValues, mapEntries, pickEntryInto } from './common';
import { fsNames, type FsNameParts } from './entry-names';

// The statvfs values (bytes, inodes); readOnly and stuck are flags, statStatus is the per-mount status slot.
const FIELDS = entryValueNames('filesystems', ['readOnly', 'stuck', 'statStatus']);

/** The snapshot's `filesystems` part: every mount (filtering is the OpenTelemetry layer's job); null before the first sampleAsync(). */
export function filesystemsSnapshot(t: TableReader<'filesystems'> | undefined): Snapshot['filesystems'] {
  if (!hasValues(t)) return null;
  return mapEntries(t, (i, name) => {
    // One object per mount, in the snapshot's key order: the name parts, readOnly, the values, stuck.
    const parts: FsNameParts & { readOnly?: boolean } = fsNames(name);
    parts.readOnly = t.entryValue(i, 'readOnly') === 1;
    const e = pickEntryInto(t, i, FIELDS, parts as FsNameParts & { readOnly: boolean }) as FilesystemStats;
    e.stuck = t.entryValue(i, 'stuck') === 1;
    return e;
  });
}
