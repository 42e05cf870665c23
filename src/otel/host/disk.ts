/**
 * The system.disk group from /proc/diskstats (the disks table): bytes, operations, I/O time, operation time,
 * merged requests and requests in flight per device, for the devices the `disks` filter keeps. Attribute objects
 * are built once per device; the device list is rebuilt only when the table's generation changes.
 */
import type { Attributes } from '../../peers';
import * as sc from '../../semconv';
import { type TableLike, tableUsable } from '../value-source';
import { AttributeCache } from '../metric-pool';
import { resize, type Series } from '../series';
import { keep, type NameFilter } from './filters';
import { entryValue, off, type SeriesByName } from './table-read';

const f = Object.freeze;

interface DiskAttrs {
  dev: Attributes;
  read: Attributes;
  write: Attributes;
}

/** The system.disk series of one HostModel. */
export class DiskFill {
  readonly #filter: NameFilter;
  readonly #series: Array<Series | undefined>;
  #gen = NaN;
  #entry: Int32Array = new Int32Array(0);
  readonly #attrs = new AttributeCache<string, DiskAttrs>((name) => ({
    dev: f({ [sc.ATTR_SYSTEM_DEVICE]: name }),
    read: f({ [sc.ATTR_SYSTEM_DEVICE]: name, [sc.ATTR_DISK_IO_DIRECTION]: sc.DISK_IO_DIRECTION_VALUE_READ }),
    write: f({ [sc.ATTR_SYSTEM_DEVICE]: name, [sc.ATTR_DISK_IO_DIRECTION]: sc.DISK_IO_DIRECTION_VALUE_WRITE }),
  }));

  constructor(get: SeriesByName, filter: NameFilter) {
    this.#filter = filter;
    this.#series = [
      sc.METRIC_SYSTEM_DISK_IO,
      sc.METRIC_SYSTEM_DISK_OPERATIONS,
      sc.METRIC_SYSTEM_DISK_IO_TIME,
      sc.METRIC_SYSTEM_DISK_OPERATION_TIME,
      sc.METRIC_SYSTEM_DISK_MERGED,
      sc.METRIC_SYSTEM_DISK_PENDING_OPERATIONS,
    ].map(get);
  }

  fill(t: TableLike<'disks'> | undefined): void {
    const [io, ops, ioTime, opTime, merged, pending] = this.#series;
    if (!tableUsable(t)) {
      for (const s of this.#series) if (s) s.values.fill(NaN);
      return;
    }
    if (t.generation() !== this.#gen) this.#bind(t);
    const a = t.array;
    const e = this.#entry;
    const st = t.stride;
    const rb = off(t, 'readBytes');
    const wb = off(t, 'writeBytes');
    const ro = off(t, 'readOps');
    const wo = off(t, 'writeOps');
    const it = off(t, 'ioTime');
    const rt = off(t, 'readTime');
    const wt = off(t, 'writeTime');
    const rm = off(t, 'readMerged');
    const wm = off(t, 'writeMerged');
    const inf = off(t, 'inFlight');
    for (let d = 0; d < e.length; d++) {
      const b = t.entryBase + (e[d] as number) * st;
      if (io) {
        io.values[2 * d] = entryValue(a, b, rb);
        io.values[2 * d + 1] = entryValue(a, b, wb);
      }
      if (ops) {
        ops.values[2 * d] = entryValue(a, b, ro);
        ops.values[2 * d + 1] = entryValue(a, b, wo);
      }
      if (ioTime) ioTime.values[d] = entryValue(a, b, it);
      if (opTime) {
        opTime.values[2 * d] = entryValue(a, b, rt);
        opTime.values[2 * d + 1] = entryValue(a, b, wt);
      }
      if (merged) {
        merged.values[2 * d] = entryValue(a, b, rm);
        merged.values[2 * d + 1] = entryValue(a, b, wm);
      }
      if (pending) pending.values[d] = entryValue(a, b, inf);
    }
  }

  #bind(t: TableLike<'disks'>): void {
    this.#gen = t.generation();
    const names = t.names();
    const n = Math.min(t.count(), names.length);
    const entries: number[] = [];
    const list: DiskAttrs[] = [];
    for (let i = 0; i < n; i++) {
      const name = names[i] as string;
      if (!keep(name, this.#filter) || this.#attrs.seen(name)) continue;
      entries.push(i);
      list.push(this.#attrs.get(name));
    }
    this.#attrs.sweep();
    this.#entry = Int32Array.from(entries);
    const [io, ops, ioTime, opTime, merged, pending] = this.#series;
    const rw = list.flatMap((x) => [x.read, x.write]);
    const dev = list.map((x) => x.dev);
    for (const s of [io, ops, opTime, merged]) if (s) resize(s, rw);
    for (const s of [ioTime, pending]) if (s) resize(s, dev);
  }
}
