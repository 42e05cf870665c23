/**
 * TCP: per-state counts of /proc/net/tcp and tcp6 (refreshed by sampleAsync() on a native thread) and the O(1)
 * summary of /proc/net/sockstat, sockstat6 and snmp (refreshed by sample()). See native/sources/proc_net_tcp.cc
 * and proc_net_sockstat.cc.
 */
import type { Snapshot, TcpStateName, TcpStates } from '../types';
import { fileHasValues, scalarNames, valueNames } from '../layout';
import type { TableReader } from '../table';
import { hasValues, pickScalars } from './common';

/** The TCP states in kernel order (st 01 .. 0B): the tcpStates table's `v4_` fields without their prefix. */
export const TCP_STATE_FIELDS: readonly TcpStateName[] = Object.freeze(
  scalarNames('tcpStates')
    .filter((f) => f.startsWith('v4_') && f !== 'v4Status')
    .map((f) => f.slice(3) as TcpStateName),
);

// The summary's values: every scalar of the tcp table but the files' status slots.
const SUMMARY_FIELDS = valueNames('tcp');

function states(t: TableReader<'tcpStates'>, prefix: 'v4_' | 'v6_'): TcpStates | null {
  const status = t.scalarValue(prefix === 'v4_' ? 'v4Status' : 'v6Status');
  if (!fileHasValues(status)) return null; // NaN (never sampled), -errno (tcp6 absent: IPv6 disabled), TOO_LARGE
  const out = {} as TcpStates;
  for (const k of TCP_STATE_FIELDS) out[k] = t.scalarValue(`${prefix}${k}`);
  return out;
}

/** The snapshot's `tcp` part: ipv4/ipv6 are null until the first sampleAsync() (ipv6 also when tcp6 is absent). */
export function tcpSnapshot(summary: TableReader<'tcp'> | undefined, stateTable: TableReader<'tcpStates'> | undefined): Snapshot['tcp'] {
  if (summary === undefined && stateTable === undefined) return null;
  const sampled = stateTable !== undefined && hasValues(stateTable);
  return {
    ipv4: sampled ? states(stateTable, 'v4_') : null,
    ipv6: sampled ? states(stateTable, 'v6_') : null,
    summary: hasValues(summary) ? pickScalars(summary, SUMMARY_FIELDS) : null,
  };
}
