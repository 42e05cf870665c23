/**
 * The system.memory and system.paging groups from /proc/meminfo (the memory table) and /proc/vmstat: memory and
 * swap per state with their utilization, slab per state, page faults per type and pages swapped in and out.
 * (system.memory.limit, .linux.available and .linux.shared are scalar rows of the catalogue, read by the model.)
 */
import type { Attributes } from '../../peers';
import * as sc from '../../semconv';
import type { ScalarField } from '../../layout';
import { type TableLike, tableUsable } from '../value-source';
import type { Series } from '../series';
import { at, clamp01, idx, put, type FixedSeries } from './table-read';
import {
  enumAttributes,
  SYSTEM_MEMORY_LINUX_SLAB_STATE,
  SYSTEM_MEMORY_STATE,
  SYSTEM_PAGING_DIRECTION,
  SYSTEM_PAGING_FAULT_TYPE,
  SYSTEM_PAGING_STATE,
} from '../catalogue/attributes';

/** The system.memory series of one HostModel. */
export class MemoryFill {
  readonly #usage?: Series;
  readonly #utilization?: Series;
  readonly #slab?: Series;

  constructor(fixed: FixedSeries) {
    // Values in the row's order: used, free, buffers, cached.
    const states = enumAttributes(SYSTEM_MEMORY_STATE);
    this.#usage = fixed(sc.METRIC_SYSTEM_MEMORY_USAGE, states);
    this.#utilization = fixed(sc.METRIC_SYSTEM_MEMORY_UTILIZATION, states);
    this.#slab = fixed(sc.METRIC_SYSTEM_MEMORY_LINUX_SLAB_USAGE, enumAttributes(SYSTEM_MEMORY_LINUX_SLAB_STATE));
  }

  fill(t: TableLike<'memory'> | undefined): void {
    const ok = tableUsable(t);
    const g = (k: ScalarField<'memory'>): number => (ok ? at(t.array, idx(t, k)) : NaN);
    const total = g('total');
    const used = total - g('available');
    const free = g('free');
    const buffers = g('buffers');
    const cached = g('cached') + g('slabReclaimable');
    put(this.#usage, 0, used);
    put(this.#usage, 1, free);
    put(this.#usage, 2, buffers);
    put(this.#usage, 3, cached);
    const ratio = (x: number): number => (total > 0 ? clamp01(x / total) : NaN);
    put(this.#utilization, 0, ratio(used));
    put(this.#utilization, 1, ratio(free));
    put(this.#utilization, 2, ratio(buffers));
    put(this.#utilization, 3, ratio(cached));
    put(this.#slab, 0, g('slabReclaimable'));
    put(this.#slab, 1, g('slabUnreclaimable'));
  }
}

/** The system.paging series of one HostModel. */
export class PagingFill {
  readonly #usage?: Series;
  readonly #utilization?: Series;
  readonly #faults?: Series;
  readonly #operations?: Series;

  constructor(fixed: FixedSeries) {
    const states = enumAttributes(SYSTEM_PAGING_STATE); // used, free
    this.#usage = fixed(sc.METRIC_SYSTEM_PAGING_USAGE, states);
    this.#utilization = fixed(sc.METRIC_SYSTEM_PAGING_UTILIZATION, states);
    this.#faults = fixed(sc.METRIC_SYSTEM_PAGING_FAULTS, PAGE_FAULT_TYPES);
    this.#operations = fixed(sc.METRIC_SYSTEM_PAGING_OPERATIONS, enumAttributes(SYSTEM_PAGING_DIRECTION)); // in, out
  }

  fill(m: TableLike<'memory'> | undefined, v: TableLike<'vmstat'> | undefined): void {
    const mok = tableUsable(m);
    const total = mok ? at(m.array, idx(m, 'swapTotal')) : NaN;
    const free = mok ? at(m.array, idx(m, 'swapFree')) : NaN;
    put(this.#usage, 0, total - free);
    put(this.#usage, 1, free);
    const has = total > 0;
    put(this.#utilization, 0, has ? clamp01((total - free) / total) : NaN);
    put(this.#utilization, 1, has ? clamp01(free / total) : NaN);
    const vok = tableUsable(v);
    const g = (k: ScalarField<'vmstat'>): number => (vok ? at(v.array, idx(v, k)) : NaN);
    const major = g('majorPageFaults');
    put(this.#faults, 0, major);
    put(this.#faults, 1, g('pageFaults') - major);
    put(this.#operations, 0, g('swapIn'));
    put(this.#operations, 1, g('swapOut'));
  }
}

/** `system.paging.fault.type` major, minor: the attributes of system.paging.faults and process.paging.faults. */
export const PAGE_FAULT_TYPES: readonly Attributes[] = enumAttributes(SYSTEM_PAGING_FAULT_TYPE);
