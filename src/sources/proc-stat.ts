/** /proc/stat and /proc/uptime: CPU times (seconds) and system counters. See native/sources/proc_stat.cc. */
import type { CpuTimes, Snapshot } from '../types';
import type { TableReader } from '../table';
import { scalarNames, valueNames } from '../layout';
import { hasValues, orNull, pickEntry, pickScalars } from './common';

/** The ten CPU time columns, in kernel order (the cpu table's scalars, layout.h PS_CPU_TIMES). */
export const CPU_TIME_FIELDS: readonly (keyof CpuTimes)[] = Object.freeze(scalarNames('cpu'));

// The system table's values: every scalar but the files' status slots.
const SYSTEM_FIELDS = valueNames('system');

/** The snapshot's `cpu` part; null when /proc/stat is unavailable or the source is not selected. */
export function cpuSnapshot(t: TableReader<'cpu'> | undefined): Snapshot['cpu'] {
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
export function systemSnapshot(t: TableReader<'system'> | undefined): Snapshot['system'] {
  return hasValues(t) ? pickScalars(t, SYSTEM_FIELDS) : null;
}
