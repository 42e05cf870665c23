/**
 * The system.filesystem group from the mounts and their statvfs (the filesystems table, refreshed off the event
 * loop): space per state, its utilization, and the size, per mount the `mountPoints` and `filesystemTypes`
 * filters keep. A stuck or failed statvfs gives no values for that mount. A remount read-only swaps the mount's
 * attribute objects (`system.filesystem.mode`).
 */
import type { Attributes } from '../../peers';
import * as sc from '../../semconv';
import { TABLE_STATUS, type EntryField } from '../../layout';
import { fsNames } from '../../sources/entry-names';
import { type TableLike, tableUsable } from '../value-source';
import { AttributeCache } from '../metric-pool';
import { resize, type Series } from '../series';
import { keep, type NameFilter } from './filters';
import { bindEntries, clamp01, entryValue, offsets, type SeriesByName } from './table-read';

const f = Object.freeze;

interface FsAttrs {
  readOnly: number;
  base: Attributes;
  used: Attributes;
  free: Attributes;
  reserved: Attributes;
}

function fsAttrs(device: string, mountpoint: string, type: string, ro: number): FsAttrs {
  const base = {
    [sc.ATTR_SYSTEM_DEVICE]: device,
    [sc.ATTR_SYSTEM_FILESYSTEM_TYPE]: type,
    [sc.ATTR_SYSTEM_FILESYSTEM_MODE]: ro ? sc.SYSTEM_FILESYSTEM_MODE_VALUE_RO : sc.SYSTEM_FILESYSTEM_MODE_VALUE_RW,
    [sc.ATTR_SYSTEM_FILESYSTEM_MOUNTPOINT]: mountpoint,
  };
  const st = sc.ATTR_SYSTEM_FILESYSTEM_STATE;
  return {
    readOnly: ro,
    base: f(base),
    used: f({ ...base, [st]: sc.SYSTEM_FILESYSTEM_STATE_VALUE_USED }),
    free: f({ ...base, [st]: sc.SYSTEM_FILESYSTEM_STATE_VALUE_FREE }),
    reserved: f({ ...base, [st]: sc.SYSTEM_FILESYSTEM_STATE_VALUE_RESERVED }),
  };
}

/** Gives the mount new attribute objects for its read-only state, in place. */
function remode(fa: FsAttrs, ro: number): void {
  const b = fa.base;
  const n = fsAttrs(
    b[sc.ATTR_SYSTEM_DEVICE] as string,
    b[sc.ATTR_SYSTEM_FILESYSTEM_MOUNTPOINT] as string,
    b[sc.ATTR_SYSTEM_FILESYSTEM_TYPE] as string,
    ro,
  );
  Object.assign(fa, n);
}

function setStateAttrs(attrs: Attributes[], d: number, fa: FsAttrs): void {
  attrs[3 * d] = fa.used;
  attrs[3 * d + 1] = fa.free;
  attrs[3 * d + 2] = fa.reserved;
}

/** The entry fields read, in the order of the offsets in #off. */
const FS_FIELDS = ['total', 'free', 'available', 'used', 'readOnly', 'stuck', 'statStatus'] as const satisfies readonly EntryField<'filesystems'>[];

/** The system.filesystem series of one HostModel. */
export class FilesystemFill {
  readonly #mountPoints: NameFilter;
  readonly #types: NameFilter;
  readonly #usage?: Series;
  readonly #utilization?: Series;
  readonly #limit?: Series;
  #gen = NaN;
  #entry: Int32Array = new Int32Array(0);
  #list: FsAttrs[] = [];
  /** Offsets of FS_FIELDS, resolved at bind. */
  #off: Int32Array = new Int32Array(FS_FIELDS.length).fill(-1);
  readonly #attrs = new AttributeCache<string, FsAttrs>((key) => {
    const { device, mountpoint, type } = fsNames(key);
    return fsAttrs(device, mountpoint, type, 0);
  });

  constructor(get: SeriesByName, mountPoints: NameFilter, types: NameFilter) {
    this.#mountPoints = mountPoints;
    this.#types = types;
    this.#usage = get(sc.METRIC_SYSTEM_FILESYSTEM_USAGE);
    this.#utilization = get(sc.METRIC_SYSTEM_FILESYSTEM_UTILIZATION);
    this.#limit = get(sc.METRIC_SYSTEM_FILESYSTEM_LIMIT);
  }

  fill(t: TableLike<'filesystems'> | undefined): void {
    const usage = this.#usage;
    const util = this.#utilization;
    const limit = this.#limit;
    if (!tableUsable(t)) {
      for (const s of [usage, util, limit]) if (s) s.values.fill(NaN);
      return;
    }
    if (t.generation() !== this.#gen) this.#bind(t);
    const a = t.array;
    const e = this.#entry;
    const st = t.stride;
    const o = this.#off;
    const ftot = o[0] as number;
    const ffree = o[1] as number;
    const favail = o[2] as number;
    const fused = o[3] as number;
    const fro = o[4] as number;
    const fstuck = o[5] as number;
    const fstat = o[6] as number;
    for (let d = 0; d < e.length; d++) {
      const b = t.entryBase + (e[d] as number) * st;
      const fa = this.#list[d] as FsAttrs;
      const ro = entryValue(a, b, fro) === 1 ? 1 : 0;
      if (ro !== fa.readOnly) {
        // Remounted (or first seen) read-only: new attribute objects for this mount, swapped in place.
        remode(fa, ro);
        if (usage) setStateAttrs(usage.attrs, d, fa);
        if (util) setStateAttrs(util.attrs, d, fa);
        if (limit) limit.attrs[d] = fa.base;
      }
      const statStatus = entryValue(a, b, fstat);
      const bad = entryValue(a, b, fstuck) === 1 || (statStatus !== TABLE_STATUS.OK && !Number.isNaN(statStatus));
      const total = bad ? NaN : entryValue(a, b, ftot);
      const free = bad ? NaN : entryValue(a, b, ffree);
      const avail = bad ? NaN : entryValue(a, b, favail);
      const usedRaw = bad ? NaN : entryValue(a, b, fused);
      const used = Number.isFinite(usedRaw) ? usedRaw : total - free;
      const reserved = free - avail;
      if (usage) {
        usage.values[3 * d] = used;
        usage.values[3 * d + 1] = avail;
        usage.values[3 * d + 2] = reserved;
      }
      if (util) {
        const ok = total > 0;
        util.values[3 * d] = ok ? clamp01(used / total) : NaN;
        util.values[3 * d + 1] = ok ? clamp01(avail / total) : NaN;
        util.values[3 * d + 2] = ok ? clamp01(reserved / total) : NaN;
      }
      if (limit) limit.values[d] = total;
    }
  }

  #bind(t: TableLike<'filesystems'>): void {
    this.#gen = t.generation();
    const { entries, list } = bindEntries(
      t,
      (key) => {
        const { mountpoint, type } = fsNames(key);
        return keep(mountpoint, this.#mountPoints) && keep(type, this.#types);
      },
      this.#attrs,
    );
    this.#entry = entries;
    this.#off = offsets(t, FS_FIELDS);
    this.#list = list;
    const states = list.flatMap((x) => [x.used, x.free, x.reserved]);
    if (this.#usage) resize(this.#usage, states);
    if (this.#utilization) resize(this.#utilization, states);
    if (this.#limit) resize(this.#limit, list.map((x) => x.base));
  }
}
