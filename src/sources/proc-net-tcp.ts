/**
 * TCP: per-state counts of /proc/net/tcp and tcp6 (refreshed by sampleAsync() on a native thread) and the O(1)
 * summary of /proc/net/sockstat, sockstat6 and snmp (refreshed by sample()). See native/sources/proc_net_tcp.cc
 * and proc_net_sockstat.cc.
 */
import type { Snapshot, TcpStates } from '../types';
import type { Table } from '../table';
import { hasValues, pickScalars } from './common';

/** The TCP states in kernel order (st 01 .. 0B). */
export const TCP_STATE_FIELDS = [
  'established',
  'synSent',
  'synRecv',
  'finWait1',
  'finWait2',
  'timeWait',
  'close',
  'closeWait',
  'lastAck',
  'listen',
  'closing',
] as const satisfies readonly (keyof TcpStates)[];

const SUMMARY_FIELDS = [
  'inUse',
  'orphan',
  'timeWait',
  'alloc',
  'inUse6',
  'currEstab',
  'activeOpens',
  'passiveOpens',
  'retransSegs',
  'inErrs',
  'outRsts',
] as const;

function states(t: Table, prefix: 'v4_' | 'v6_'): TcpStates | null {
  const status = t.scalarValue(prefix === 'v4_' ? 'v4Status' : 'v6Status');
  if (!(status >= 0)) return null; // NaN (never sampled) or -errno (tcp6 absent: IPv6 disabled)
  const out = {} as TcpStates;
  for (const k of TCP_STATE_FIELDS) out[k] = t.scalarValue(prefix + k);
  return out;
}

/** The snapshot's `tcp` part: ipv4/ipv6 are null until the first sampleAsync() (ipv6 also when tcp6 is absent). */
export function tcpSnapshot(summary: Table | undefined, stateTable: Table | undefined): Snapshot['tcp'] {
  if (summary === undefined && stateTable === undefined) return null;
  const sampled = stateTable !== undefined && hasValues(stateTable);
  return {
    ipv4: sampled ? states(stateTable, 'v4_') : null,
    ipv6: sampled ? states(stateTable, 'v6_') : null,
    summary: hasValues(summary) ? pickScalars(summary, SUMMARY_FIELDS) : null,
  };
}
