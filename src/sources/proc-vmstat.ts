/** /proc/vmstat: fault and paging counters (pageIn/pageOut in bytes). See native/sources/proc_vmstat.cc. */
import type { Snapshot } from '../types';
import type { TableReader } from '../table';
import { scalarNames } from '../layout';
import { hasValues, pickScalars } from './common';

const FIELDS = scalarNames('vmstat');

/** The snapshot's `vmstat` part. */
export function vmstatSnapshot(t: TableReader<'vmstat'> | undefined): Snapshot['vmstat'] {
  return hasValues(t) ? pickScalars(t, FIELDS) : null;
}
