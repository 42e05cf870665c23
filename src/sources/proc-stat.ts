/** /proc/stat and /proc/uptime: CPU times (seconds) and system counters. See native/sources/proc_stat.cc. */
import type { CpuTimes, Snapshot } from '../types';
import type { Table } from '../table';
import { hasValues, orNull, pickEntry, pickScalars } from './common';

/** The ten CPU time columns, in kernel order. */
export const CPU_TIME_FIELDS = [
  'user',
  'nice',
  'system',
  'idle',
  'iowait',
  'irq',
  'softirq',
  'steal',
  'guest',
  'guestNice',
] as const satisfies readonly (keyof CpuTimes)[];

const SYSTEM_FIELDS = [
  'bootTime',
  'uptime',
  'contextSwitches',
  'interrupts',
  'forks',
  'procsRunning',
  'procsBlocked',
] as const;

/** The snapshot's `cpu` part; null when /proc/stat is unavailable or the source is not selected. */
export function cpuSnapshot(t: Table | undefined): Snapshot['cpu'] {
  if (!hasValues(t)) return null;
  const perCpu: Array<CpuTimes & { cpu: number }> = [];
  const n = t.count();
  for (let i = 0; i < n; i++) {
    const e = pickEntry(t, i, CPU_TIME_FIELDS);
    perCpu.push({ cpu: t.entryValue(i, 'cpu'), ...e });
  }
  const total = pickScalars(t, CPU_TIME_FIELDS);
  const anyTotal = CPU_TIME_FIELDS.some((k) => total[k] !== null);
  return { count: orNull(t.reported()), total: anyTotal ? total : null, perCpu };
}

/** The snapshot's `system` part. */
export function systemSnapshot(t: Table | undefined): Snapshot['system'] {
  return hasValues(t) ? pickScalars(t, SYSTEM_FIELDS) : null;
}
