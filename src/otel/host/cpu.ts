/**
 * The system.cpu group from /proc/stat (the cpu table): system.cpu.time per mode, aggregated or per logical CPU
 * (`perCpu`), and system.cpu.logical.count. system.cpu.utilization needs a window: UtilizationWindow computes it
 * from system.cpu.time. (The load averages are scalar rows of the catalogue, read by the model.)
 */
import type { Attributes } from '../../peers';
import * as sc from '../../semconv';
import type { EntryField } from '../../layout';
import { CPU_MODE_COUNT, foldCpuTimes } from '../../rates';
import { type TableLike, tableUsable } from '../value-source';
import { AttributeCache } from '../metric-pool';
import type { Series } from '../series';
import { CPU_MODE } from '../catalogue/attributes';
import { entryValue, idx, off, offsets, type FixedSeries, type SeriesByName } from './table-read';

const f = Object.freeze;

/** The modes of system.cpu.time (the row's allowed values), in the order foldCpuTimes writes them. */
const CPU_MODE_VALUES = CPU_MODE[sc.ATTR_CPU_MODE] as readonly string[];

/** The /proc/stat fields folded into the modes (foldCpuTimes' argument order). */
const FOLD_FIELDS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const satisfies readonly EntryField<'cpu'>[];

/** Folds the fields at a[base + o[i]] (NaN where o[i] < 0) into the 7 modes at out[at..]. */
function fold(a: Float64Array, base: number, o: Int32Array, out: Float64Array, at: number): void {
  foldCpuTimes(
    entryValue(a, base, o[0] as number),
    entryValue(a, base, o[1] as number),
    entryValue(a, base, o[2] as number),
    entryValue(a, base, o[3] as number),
    entryValue(a, base, o[4] as number),
    entryValue(a, base, o[5] as number),
    entryValue(a, base, o[6] as number),
    entryValue(a, base, o[7] as number),
    out,
    at,
  );
}

/** The system.cpu series of one HostModel. */
export class CpuFill {
  /** CPU key per 7-mode block of system.cpu.time: -1 the aggregate line, else the CPU number. */
  cpuKeys = new Int32Array(1).fill(-1);
  /** CPUs the aggregate block covers (for the minimum CPU-time window). */
  cpuCount = 1;
  readonly #perCpu: boolean;
  readonly #cpuTime?: Series;
  readonly #logical?: Series;
  #gen = NaN;
  #entry: Int32Array = new Int32Array(0);
  /** Indices of FOLD_FIELDS in the aggregate line and their offsets in a per-CPU entry, resolved at bind. */
  #scalarIndex: Int32Array = new Int32Array(0);
  #entryOffset: Int32Array = new Int32Array(0);
  readonly #attrs = new AttributeCache<number, Attributes[]>((k) =>
    CPU_MODE_VALUES.map((m) => f({ [sc.ATTR_CPU_MODE]: m, [sc.ATTR_CPU_LOGICAL_NUMBER]: k })),
  );

  constructor(get: SeriesByName, fixed: FixedSeries, perCpu: boolean) {
    this.#perCpu = perCpu;
    this.#cpuTime = get(sc.METRIC_SYSTEM_CPU_TIME);
    this.#logical = fixed(sc.METRIC_SYSTEM_CPU_LOGICAL_COUNT, [{}]);
  }

  fill(t: TableLike<'cpu'> | undefined): void {
    const s = this.#cpuTime;
    const usable = tableUsable(t);
    if (s) {
      if (usable && t.generation() !== this.#gen) this.#bind(t);
      const out = s.values;
      if (!usable) {
        out.fill(NaN);
      } else if (!this.#perCpu) {
        fold(t.array, 0, this.#scalarIndex, out, 0);
      } else {
        const e = this.#entry;
        for (let b = 0; b < e.length; b++) fold(t.array, t.entryBase + (e[b] as number) * t.stride, this.#entryOffset, out, b * CPU_MODE_COUNT);
      }
    }
    const n = usable ? t.count() : NaN;
    this.cpuCount = n > 0 ? n : 1;
    if (this.#logical) this.#logical.values[0] = n > 0 ? n : NaN;
  }

  #bind(t: TableLike<'cpu'>): void {
    const s = this.#cpuTime as Series;
    this.#gen = t.generation();
    this.#scalarIndex = Int32Array.from(FOLD_FIELDS, (name) => idx(t, name));
    this.#entryOffset = offsets(t, FOLD_FIELDS);
    if (!this.#perCpu) {
      if (s.count === 0) {
        s.attrs = CPU_MODE_VALUES.map((m) => f({ [sc.ATTR_CPU_MODE]: m }));
        s.values = new Float64Array(CPU_MODE_COUNT).fill(NaN);
        s.count = CPU_MODE_COUNT;
        this.cpuKeys = new Int32Array(1).fill(-1);
      }
      return;
    }
    const n = t.count();
    const fcpu = off(t, 'cpu');
    const a = t.array;
    const entries: number[] = [];
    const keys: number[] = [];
    for (let i = 0; i < n; i++) {
      const k = fcpu < 0 ? i : (a[t.entryBase + i * t.stride + fcpu] as number);
      if (!Number.isInteger(k) || k < 0) continue;
      entries.push(i);
      keys.push(k);
    }
    const attrs: Attributes[] = [];
    for (const k of keys) attrs.push(...this.#attrs.get(k));
    this.#attrs.sweep();
    this.#entry = Int32Array.from(entries);
    this.cpuKeys = Int32Array.from(keys);
    s.attrs = attrs;
    s.values = new Float64Array(attrs.length).fill(NaN);
    s.count = attrs.length;
  }
}
