/**
 * A table: one Float64Array shared with the addon, laid out by native/layout.h and described at load time by
 * `layout()`. Hot paths (the OpenTelemetry layer, benchmarks) read slots through the indices here and allocate
 * nothing; `NaN` in a slot means the kernel did not give that value.
 */
import type { NativeLayout, NativeTableLayout } from './native';
import { markTableClosed } from './table-header';

/** The names of the tables of native/layout.h. */
export type TableName =
  | 'cpu'
  | 'system'
  | 'memory'
  | 'load'
  | 'vmstat'
  | 'disks'
  | 'network'
  | 'tcp'
  | 'tcpStates'
  | 'filesystems'
  | 'process'
  | 'cgroup'
  | 'cgroupIo'
  | 'pressure';

function indexOf(fields: readonly { name: string }[], base: number): Readonly<Record<string, number>> {
  const out: Record<string, number> = {};
  fields.forEach((f, i) => (out[f.name] = base + i));
  return Object.freeze(out);
}

/** One attached table. Always read `table.array` afresh: it is replaced when the table grows. */
export class Table {
  /** Table name (layout.h). */
  readonly name: TableName;
  /** Table id (layout.h `Table`). */
  readonly id: number;
  /** Absolute index in `array` of each scalar field. */
  readonly scalar: Readonly<Record<string, number>>;
  /** Offset of each entry field inside an entry. */
  readonly entryField: Readonly<Record<string, number>>;
  /** Index of entry 0 in `array`. */
  readonly entryBase: number;
  /** Slots per entry (0 for tables without entries). */
  readonly stride: number;
  /** The shared array. */
  array: Float64Array;
  /** The files of a table fed by several, each with the scalar holding its own status (empty otherwise). */
  readonly files: readonly { readonly file: string; readonly field: string }[];
  readonly #header: NativeLayout['header'];
  readonly #notSampled: number;
  readonly #detached: number;
  #capacity = 0;
  readonly #fetchNames: () => string[];
  #namesGeneration = -1;
  #names: readonly string[] = [];

  constructor(layout: NativeLayout, t: NativeTableLayout, capacity: number, fetchNames: () => string[]) {
    this.name = t.name as TableName;
    this.id = t.id;
    this.#header = layout.header;
    this.scalar = indexOf(t.scalars, layout.headerSlots);
    this.entryField = indexOf(t.entry, 0);
    this.entryBase = layout.headerSlots + t.scalars.length;
    this.stride = t.entry.length;
    this.#notSampled = layout.status.NOT_SAMPLED;
    this.#detached = layout.status.DETACHED;
    this.files = Object.freeze((t.files ?? []).map((f) => Object.freeze({ file: f.file, field: f.field })));
    this.#fetchNames = fetchNames;
    this.array = this.#allocate(capacity);
  }

  #allocate(capacity: number): Float64Array {
    this.#capacity = capacity;
    const a = new Float64Array(this.entryBase + this.stride * capacity);
    a.fill(NaN);
    a[this.#header.status] = this.#notSampled;
    a[this.#header.count] = 0;
    return a;
  }

  /**
   * Replaces `array` with one of `capacity` entries, keeping the header and scalars, and returns it (for the
   * caller to attach to the addon). Allocates: called only when the kernel lists more entries than fit.
   */
  resize(capacity: number): Float64Array {
    const bigger = this.#allocate(capacity);
    bigger.set(this.array.subarray(0, this.entryBase));
    this.array = bigger;
    return bigger;
  }

  /**
   * Replaces an array whose ArrayBuffer was detached (transferred with postMessage or structuredClone) with a new
   * one of the same capacity, status DETACHED until the next sample, and returns it (for the caller to attach).
   */
  replaceDetached(): Float64Array {
    const fresh = this.#allocate(this.#capacity);
    fresh[this.#header.status] = this.#detached;
    this.array = fresh;
    return fresh;
  }

  /**
   * Marks the table closed (the Sampler's close()): every value NaN, no entries, the status `closed` (layout.h
   * Status::kClosed). The generation is kept, so `names()` does not ask the closed addon again.
   */
  markClosed(closed: number): void {
    markTableClosed(this.array, this.#header, closed);
  }

  /** How many entries the array can hold. */
  capacity(): number {
    return this.stride === 0 ? 0 : this.#capacity;
  }
  /** 0 ok, < 0 -errno (absent), > 0 a layout.h Status code. */
  status(): number {
    const a = this.array;
    // An array whose ArrayBuffer was transferred away is empty: DETACHED until the next sample replaces it.
    return a.length === 0 ? this.#detached : (a[this.#header.status] as number);
  }
  /** Moves when the set of entry names changes. */
  generation(): number {
    return this.array[this.#header.generation] as number;
  }
  /** Entries the kernel listed (may exceed the capacity until the table grows). */
  reported(): number {
    return this.array[this.#header.count] as number;
  }
  /** Entries stored in the array. */
  count(): number {
    return Math.min(this.reported(), this.capacity());
  }
  /** CLOCK_MONOTONIC seconds of the last refresh (NaN: never). */
  time(): number {
    return this.array[this.#header.time] as number;
  }
  /** Entry names (disks, network, filesystems), refetched only when the generation moves. */
  names(): readonly string[] {
    const g = this.generation();
    if (g !== this.#namesGeneration) {
      this.#names = Object.freeze(this.#fetchNames());
      this.#namesGeneration = g;
    }
    return this.#names;
  }
  /** Entry i field `field`, NaN when absent. */
  entryValue(i: number, field: string): number {
    return this.array[this.entryBase + i * this.stride + (this.entryField[field] as number)] as number;
  }
  /** Scalar `field`, NaN when absent. */
  scalarValue(field: string): number {
    return this.array[this.scalar[field] as number] as number;
  }
}
