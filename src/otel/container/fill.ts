/**
 * Fills the `container` group's series from one sample of the cgroup tables (cgroup, cgroupIo) and, for device
 * names, the disks table. Attribute objects are built once; the per-device list is rebuilt only when the set of
 * devices (the cgroupIo or disks generation) changes. container.cpu.usage needs a window: UtilizationWindow
 * computes it from container.cpu.time.
 */
import type { Attributes } from '../../peers';
import * as sc from '../../semconv';
import type { TableLike } from '../value-source';
import type { ScalarField } from '../../layout';
import { tableUsable } from '../value-source';
import { resize, type Series } from '../series';
import * as n from './names';
import { CPU_MODE_USER_SYSTEM, enumAttributes, SYSTEM_PAGING_FAULT_TYPE } from '../catalogue/attributes';

const f = Object.freeze;
const ONE: Attributes[] = [f({})];

/** The memory.events slots of the cgroup table, in CONTAINER_MEMORY_EVENT_TYPE_VALUES order. */
const EVENT_FIELDS = [
  'memoryEventsLow',
  'memoryEventsHigh',
  'memoryEventsMax',
  'memoryEventsOom',
  'memoryEventsOomKill',
] as const satisfies readonly ScalarField<'cgroup'>[];

function value(t: TableLike<'cgroup'>, field: ScalarField<'cgroup'>): number {
  const i: number | undefined = t.scalar[field];
  return i === undefined ? NaN : (t.array[i] as number);
}

/** The container series of one HostModel. */
export class ContainerFill {
  #get: (name: string) => Series | undefined;
  #cpuTime?: Series;
  #io?: Series;
  #ioGen = NaN;
  #diskGen = NaN;
  #ioEntry: Int32Array = new Int32Array(0);
  #ioAttrs = new Map<string, [Attributes, Attributes]>();

  /**
   * @param get the model's series by name (undefined when the metric is not enabled)
   * @param fixed the model's constructor of a fixed-shape series: sets its attribute list
   */
  constructor(get: (name: string) => Series | undefined, fixed: (name: string, attrs: Attributes[]) => Series | undefined) {
    this.#get = get;
    const modes = enumAttributes(CPU_MODE_USER_SYSTEM); // user, system
    this.#cpuTime = fixed(n.METRIC_CONTAINER_CPU_TIME, modes);
    fixed(n.METRIC_CONTAINER_CPU_USAGE, modes);
    for (const name of [
      n.METRIC_CONTAINER_MEMORY_USAGE,
      n.METRIC_CONTAINER_MEMORY_AVAILABLE,
      n.METRIC_CONTAINER_MEMORY_RSS,
      n.METRIC_CONTAINER_MEMORY_WORKING_SET,
      n.METRIC_CONTAINER_CPU_LIMIT,
      n.METRIC_CONTAINER_CPU_THROTTLING_PERIODS,
      n.METRIC_CONTAINER_CPU_THROTTLING_THROTTLED_PERIODS,
      n.METRIC_CONTAINER_CPU_THROTTLING_THROTTLED_TIME,
      n.METRIC_CONTAINER_MEMORY_USAGE_LIMIT,
      n.METRIC_CONTAINER_PIDS_COUNT,
      n.METRIC_CONTAINER_PIDS_LIMIT,
    ]) {
      fixed(name, ONE);
    }
    fixed(n.METRIC_CONTAINER_PAGING_FAULTS, enumAttributes(SYSTEM_PAGING_FAULT_TYPE)); // major, minor
    fixed(
      n.METRIC_CONTAINER_MEMORY_EVENTS,
      n.CONTAINER_MEMORY_EVENT_TYPE_VALUES.map((v) => ({ [n.ATTR_CONTAINER_MEMORY_EVENT_TYPE]: v })),
    );
    const psi: Attributes[] = [];
    for (const r of n.CONTAINER_PRESSURE_RESOURCE_VALUES) {
      for (const s of n.CONTAINER_PRESSURE_SCOPE_VALUES) {
        psi.push({ [n.ATTR_CONTAINER_PRESSURE_RESOURCE]: r, [n.ATTR_CONTAINER_PRESSURE_SCOPE]: s });
      }
    }
    fixed(n.METRIC_CONTAINER_PRESSURE_STALL_TIME, psi);
    this.#io = get(n.METRIC_CONTAINER_DISK_IO);
  }

  /** The container.cpu.time series (user, system), for the window of container.cpu.usage. */
  get cpuTime(): Series | undefined {
    return this.#cpuTime;
  }

  /** Copies one sample's values. A table that holds no values leaves every point unknown (not emitted). */
  fill(t: TableLike<'cgroup'> | undefined, io: TableLike<'cgroupIo'> | undefined, disks: TableLike<'disks'> | undefined): void {
    const ok = tableUsable(t);
    const g = (k: ScalarField<'cgroup'>): number => (ok ? value(t, k) : NaN);
    const put = (name: string, i: number, v: number): void => {
      const s = this.#get(name);
      if (s) s.values[i] = v;
    };
    put(n.METRIC_CONTAINER_CPU_TIME, 0, g('cpuUser'));
    put(n.METRIC_CONTAINER_CPU_TIME, 1, g('cpuSystem'));
    const usage = g('memoryUsage');
    const limit = g('memoryLimit');
    const ws = g('memoryWorkingSet');
    const available = limit - ws;
    put(n.METRIC_CONTAINER_MEMORY_USAGE, 0, usage);
    put(n.METRIC_CONTAINER_MEMORY_AVAILABLE, 0, available < 0 ? 0 : available);
    put(n.METRIC_CONTAINER_MEMORY_RSS, 0, g('memoryAnon'));
    put(n.METRIC_CONTAINER_MEMORY_WORKING_SET, 0, ws);
    const faults = g('memoryPageFaults');
    const major = g('memoryMajorPageFaults');
    put(n.METRIC_CONTAINER_PAGING_FAULTS, 0, major);
    put(n.METRIC_CONTAINER_PAGING_FAULTS, 1, faults - major);
    put(n.METRIC_CONTAINER_CPU_LIMIT, 0, g('cpuLimit'));
    put(n.METRIC_CONTAINER_CPU_THROTTLING_PERIODS, 0, g('cpuPeriods'));
    put(n.METRIC_CONTAINER_CPU_THROTTLING_THROTTLED_PERIODS, 0, g('cpuThrottledPeriods'));
    put(n.METRIC_CONTAINER_CPU_THROTTLING_THROTTLED_TIME, 0, g('cpuThrottledTime'));
    put(n.METRIC_CONTAINER_MEMORY_USAGE_LIMIT, 0, limit);
    put(n.METRIC_CONTAINER_PIDS_COUNT, 0, g('pidsCurrent'));
    put(n.METRIC_CONTAINER_PIDS_LIMIT, 0, g('pidsMax'));
    for (let i = 0; i < EVENT_FIELDS.length; i++) put(n.METRIC_CONTAINER_MEMORY_EVENTS, i, g(EVENT_FIELDS[i] as ScalarField<'cgroup'>));
    let k = 0;
    for (const r of n.CONTAINER_PRESSURE_RESOURCE_VALUES) {
      put(n.METRIC_CONTAINER_PRESSURE_STALL_TIME, k++, g(`${r}SomeTotal`));
      put(n.METRIC_CONTAINER_PRESSURE_STALL_TIME, k++, g(`${r}FullTotal`));
    }
    this.#fillIo(io, disks);
  }

  #fillIo(t: TableLike<'cgroupIo'> | undefined, disks: TableLike<'disks'> | undefined): void {
    const s = this.#io;
    if (!s) return;
    if (!tableUsable(t)) {
      s.values.fill(NaN);
      return;
    }
    const dg = tableUsable(disks) ? disks.generation() : -1;
    if (t.generation() !== this.#ioGen || dg !== this.#diskGen) this.#bindIo(t, tableUsable(disks) ? disks : undefined);
    const e = this.#ioEntry;
    const rb = t.entryField.readBytes as number;
    const wb = t.entryField.writeBytes as number;
    for (let d = 0; d < e.length; d++) {
      const b = t.entryBase + (e[d] as number) * t.stride;
      s.values[2 * d] = t.array[b + rb] as number;
      s.values[2 * d + 1] = t.array[b + wb] as number;
    }
  }

  /** Names each cgroupIo device like the disks table does (sda), or `major:minor` when it lists no such device. */
  #bindIo(t: TableLike<'cgroupIo'>, disks: TableLike<'disks'> | undefined): void {
    this.#ioGen = t.generation();
    this.#diskGen = disks ? disks.generation() : -1;
    const byNumber = new Map<string, string>();
    if (disks) {
      const names = disks.names();
      const fmaj = disks.entryField.major;
      const fmin = disks.entryField.minor;
      const count = Math.min(disks.count(), names.length);
      for (let i = 0; fmaj !== undefined && fmin !== undefined && i < count; i++) {
        const b = disks.entryBase + i * disks.stride;
        const key = `${disks.array[b + fmaj] as number}:${disks.array[b + fmin] as number}`;
        if (!byNumber.has(key)) byNumber.set(key, names[i] as string);
      }
    }
    const names = t.names();
    const count = Math.min(t.count(), names.length);
    const entries: number[] = [];
    const attrs: Attributes[] = [];
    const live = new Set<string>();
    for (let i = 0; i < count; i++) {
      const device = byNumber.get(names[i] as string) ?? (names[i] as string);
      if (live.has(device)) continue;
      live.add(device);
      let pair = this.#ioAttrs.get(device);
      if (!pair) {
        pair = [
          f({ [sc.ATTR_SYSTEM_DEVICE]: device, [sc.ATTR_DISK_IO_DIRECTION]: sc.DISK_IO_DIRECTION_VALUE_READ }),
          f({ [sc.ATTR_SYSTEM_DEVICE]: device, [sc.ATTR_DISK_IO_DIRECTION]: sc.DISK_IO_DIRECTION_VALUE_WRITE }),
        ];
        this.#ioAttrs.set(device, pair);
      }
      entries.push(i);
      attrs.push(pair[0], pair[1]);
    }
    for (const k of this.#ioAttrs.keys()) if (!live.has(k)) this.#ioAttrs.delete(k);
    this.#ioEntry = Int32Array.from(entries);
    resize(this.#io as Series, attrs);
  }
}

/**
 * Whether the cgroup table shows a CPU or memory limit: the rule that turns the container group on when
 * `metricGroups` is not given.
 */
export function cgroupHasLimit(t: TableLike<'cgroup'> | undefined): boolean {
  if (!tableUsable(t)) return false;
  return value(t, 'cpuLimit') > 0 || value(t, 'memoryLimit') > 0;
}
