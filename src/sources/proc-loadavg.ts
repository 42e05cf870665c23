/** /proc/loadavg. See native/sources/proc_loadavg.cc. */
import type { Snapshot } from '../types';
import type { TableReader } from '../table';
import { scalarNames } from '../layout';
import { hasValues, pickScalars } from './common';

const FIELDS = scalarNames('load');

/** The snapshot's `load` part. */
export function loadSnapshot(t: TableReader<'load'> | undefined): Snapshot['load'] {
  return hasValues(t) ? pickScalars(t, FIELDS) : null;
}
