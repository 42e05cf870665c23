/** /proc/loadavg. See native/sources/proc_loadavg.cc. */
import type { Snapshot } from '../types';
import type { Table } from '../table';
import { scalarNames } from '../layout';
import { hasValues, pickScalars } from './common';

const FIELDS = scalarNames('load');

/** The snapshot's `load` part. */
export function loadSnapshot(t: Table<'load'> | undefined): Snapshot['load'] {
  return hasValues(t) ? pickScalars(t, FIELDS) : null;
}
