/**
 * The process: <procRoot>/<pid>/stat, status, io, the count of <pid>/fd and, for this process on the real
 * procfs, getrusage(RUSAGE_SELF) (microsecond CPU times). See native/sources/proc_pid.cc.
 * `openFds` includes the descriptors procsampler itself keeps open (about 15 with every source selected).
 */
import type { Snapshot } from '../types';
import type { TableReader } from '../table';
import { valueNames } from '../layout';
import { hasValues, pickScalars } from './common';

// The process table's values: every scalar but the files' status slots.
const FIELDS = valueNames('process');

/** The snapshot's `process` part; null when <pid>/stat cannot be read (the process is gone, or hidden). */
export function processSnapshot(t: TableReader<'process'> | undefined): Snapshot['process'] {
  return hasValues(t) ? pickScalars(t, FIELDS) : null;
}
