/** /proc/meminfo in bytes (huge page counts in pages). See native/sources/proc_meminfo.cc. */
import type { Snapshot } from '../types';
import type { TableReader } from '../table';
import { scalarNames } from '../layout';
import { hasValues, pickScalars } from './common';

// Every scalar of the memory table (layout.h PS_MEMORY_SCALARS).
const FIELDS = scalarNames('memory');

/** The snapshot's `memory` part; a key the kernel does not print (MemAvailable before 3.14) is null. */
export function memorySnapshot(t: TableReader<'memory'> | undefined): Snapshot['memory'] {
  return hasValues(t) ? pickScalars(t, FIELDS) : null;
}
