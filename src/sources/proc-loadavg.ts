/** /proc/loadavg. See native/sources/proc_loadavg.cc. */
import type { Snapshot } from '../types';
import type { Table } from '../table';
import { hasValues, pickScalars } from './common';

const FIELDS = ['avg1', 'avg5', 'avg15', 'runnable', 'entities'] as const;

/** The snapshot's `load` part. */
export function loadSnapshot(t: Table | undefined): Snapshot['load'] {
  return hasValues(t) ? pickScalars(t, FIELDS) : null;
}
