/** /proc/meminfo in bytes (huge page counts in pages). See native/sources/proc_meminfo.cc. */
import type { Snapshot } from '../types';
import type { Table } from '../table';
import { hasValues, pickScalars } from './common';

const FIELDS = [
  'total',
  'free',
  'available',
  'buffers',
  'cached',
  'swapCached',
  'active',
  'inactive',
  'shared',
  'slab',
  'slabReclaimable',
  'slabUnreclaimable',
  'swapTotal',
  'swapFree',
  'dirty',
  'writeback',
  'anonPages',
  'mapped',
  'committedAs',
  'hugePagesTotal',
  'hugePagesFree',
  'hugePageSize',
] as const;

/** The snapshot's `memory` part; a key the kernel does not print (MemAvailable before 3.14) is null. */
export function memorySnapshot(t: Table | undefined): Snapshot['memory'] {
  return hasValues(t) ? pickScalars(t, FIELDS) : null;
}
