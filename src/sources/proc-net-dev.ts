/** /proc/net/dev: the 16 counters of every interface. See native/sources/proc_net_dev.cc. */
import type { NetworkStats, Snapshot } from '../types';
import type { Table } from '../table';
import { entryNames } from '../layout';
import { hasValues, pickEntry } from './common';

const FIELDS = entryNames('network');

/** The snapshot's `network` part. */
export function networkSnapshot(t: Table<'network'> | undefined): Snapshot['network'] {
  if (!hasValues(t)) return null;
  const names = t.names();
  const out: NetworkStats[] = [];
  for (let i = 0; i < t.count(); i++) out.push({ name: names[i] ?? '', ...pickEntry(t, i, FIELDS) });
  return out;
}
