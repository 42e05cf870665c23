/**
 * What the live views show of a sample: the devices and interfaces kept (idle loop/ram devices and partitions
 * hidden by default, as HostMetrics does), and the machine-wide sums over them.
 */
import { DEFAULT_DISK_EXCLUDE } from '../sources/proc-diskstats';
import type { Rates } from '../rates';
import type { Snapshot } from '../types';
import { sumKnown } from './format';

/** Which devices and interfaces a view lists and sums. */
export interface ViewFilter {
  /** Show every block device, partitions and loop/ram devices included (default false). */
  allDevices: boolean;
}

/** The loopback interface: left out of the network sums (traffic to itself is not traffic in or out). */
const LOOPBACK = 'lo';

/** True when a disk of this name is shown and summed. */
export function diskShown(name: string, filter: ViewFilter): boolean {
  return filter.allDevices || !DEFAULT_DISK_EXCLUDE.test(name);
}

/** Machine-wide figures of one interval; null where unknown. */
export interface Totals {
  /** CPU shares 0..1: user+nice, system+interrupt, iowait, steal, idle. */
  user: number | null;
  system: number | null;
  iowait: number | null;
  steal: number | null;
  idle: number | null;
  load1: number | null;
  /** Memory used, 0..1 of total (total - available). */
  memoryUsed: number | null;
  /** Bytes available (MemAvailable). */
  memoryAvailable: number | null;
  /** Bytes per second over the shown disks. */
  diskReadPerS: number | null;
  diskWritePerS: number | null;
  /** Bytes per second over every interface but loopback. */
  netRxPerS: number | null;
  netTxPerS: number | null;
  /** The described process: CPU 0..1 of the CPUs available to it, and resident bytes. */
  processCpu: number | null;
  processRss: number | null;
}

const add = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a === null || a === undefined || b === null || b === undefined ? null : a + b;

/** The sums and shares of one interval. */
export function totals(s: Snapshot, r: Rates, filter: ViewFilter): Totals {
  const c = r.cpu;
  const m = s.memory;
  const disks = r.disks.filter((d) => diskShown(d.name, filter));
  const nets = r.network.filter((n) => n.name !== LOOPBACK);
  return {
    user: c ? add(c.user, c.nice) : null,
    system: c ? add(c.system, c.interrupt) : null,
    iowait: c?.iowait ?? null,
    steal: c?.steal ?? null,
    idle: c?.idle ?? null,
    load1: s.load?.avg1 ?? null,
    memoryUsed: m && m.total !== null && m.available !== null && m.total > 0 ? (m.total - m.available) / m.total : null,
    memoryAvailable: m?.available ?? null,
    diskReadPerS: sumKnown(disks.map((d) => d.readBytesPerS)),
    diskWritePerS: sumKnown(disks.map((d) => d.writeBytesPerS)),
    netRxPerS: sumKnown(nets.map((n) => n.rxBytesPerS)),
    netTxPerS: sumKnown(nets.map((n) => n.txBytesPerS)),
    processCpu: r.process?.total ?? null,
    processRss: s.process?.rss ?? null,
  };
}
