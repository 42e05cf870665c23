/** /proc/vmstat: fault and paging counters (pageIn/pageOut in bytes). See native/sources/proc_vmstat.cc. */
import type { Snapshot } from '../types';
import type { Table } from '../table';
import { hasValues, pickScalars } from './common';

const FIELDS = ['pageFaults', 'majorPageFaults', 'swapIn', 'swapOut', 'pageIn', 'pageOut'] as const;

/** The snapshot's `vmstat` part. */
export function vmstatSnapshot(t: Table | undefined): Snapshot['vmstat'] {
  return hasValues(t) ? pickScalars(t, FIELDS) : null;
}
