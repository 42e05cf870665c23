/** /proc/net/dev: the 16 counters of every interface. See native/sources/proc_net_dev.cc. */
import type { Snapshot } from '../types';
import type { TableReader } from '../table';
import { entryNames } from '../layout';
import { hasValues, mapEntries, pickEntryInto } from './common';

const FIELDS = entryNames('network');

/** The snapshot's `network` part. */
export function networkSnapshot(t: TableReader<'network'> | undefined): Snapshot['network'] {
  if (!hasValues(t)) return null;
  return mapEntries(t, (i, name) => pickEntryInto(t, i, FIELDS, { name }));
}
