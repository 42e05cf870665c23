/**
 * A table: one Float64Array laid out by native/layout.h (src/layout.ts). `Table` is the native Sampler's, shared
 * with the addon; `SimpleTable` is one held in JavaScript (the os/process fallback, test fakes). Both take their
 * slots from the generated layout, so field names are typed: `table.scalarValue('totl')` does not compile. Hot
 * paths read slots through the indices here and allocate nothing; `NaN` in a slot means the kernel did not give
 * that value.
 */
import {
  TABLES,
  TABLE_HEADER,
  TABLE_HEADER_SLOTS,
  TABLE_STATUS,
  entryNames,
  scalarNames,
  type EntryField,
  type ScalarField,
  type TableName,
} from './layout';

export type { TableName };

function indexOf<K extends string>(fields: readonly K[], base: number): Readonly<Record<K, number>> {
  const out = {} as Record<K, number>;
  fields.forEach((f, i) => (out[f] = base + i));
  return Object.freeze(out);
}

/**
 * What a reader of a table's values needs, whichever holds it: a {@link Table} (attached to the addon) or a
 * {@link SimpleTable} (held in JavaScript). The snapshot builders of src/sources take this, so they are tested on
 * tables filled slot by slot.
 */
export interface TableReader<N extends TableName = TableName> {
  readonly name: N;
  readonly array: Float64Array;
  readonly scalar: Readonly<Record<ScalarField<N>, number>>;
  readonly files: readonly { readonly file: string; readonly field: ScalarField<N> }[];
  status(): number;
  generation(): number;
  reported(): number;
  count(): number;
  time(): number;
  entryValue(i: number, field: EntryField<N>): number;
  scalarValue(field: ScalarField<N>): number;
  /** Entry names (disks, network, filesystems): a Table's are fetched again only when the generation moves. */
  names(): readonly string[];
}

/** What every table has: the layout of table `N`, its array and its header. */
abstract class TableBase<N extends TableName> {
  /** Table name (layout.h). */
  readonly name: N;
  /** Table id (layout.h `Table`). */
  readonly id: number;
  /** Absolute index in `array` of each scalar field. */
  readonly scalar: Readonly<Record<ScalarField<N>, number>>;
  /** Offset of each entry field inside an entry. */
  readonly entryField: Readonly<Record<EntryField<N>, number>>;
  /** Index of entry 0 in `array`. */
  readonly entryBase: number;
  /** Slots per entry (0 for tables without entries). */
  readonly stride: number;
  /** The files of a table fed by several, each with the scalar holding its own status (empty otherwise). */
  readonly files: readonly { readonly file: string; readonly field: ScalarField<N> }[];
  /** The values; read it afresh on every use (a Table replaces it when it grows). */
  array: Float64Array;

  constructor(name: N) {
    const t = TABLES[name];
    this.name = name;
    this.id = t.id;
    this.scalar = indexOf(scalarNames(name), TABLE_HEADER_SLOTS);
    this.entryField = indexOf(entryNames(name), 0);
    this.entryBase = TABLE_HEADER_SLOTS + t.scalars.length;
    this.stride = t.entry.length;
    this.files = t.files as readonly { file: string; field: ScalarField<N> }[];
    this.array = this.emptyArray(0);
  }

  /** A fresh array of `capacity` entries: every slot NaN, status NOT_SAMPLED, no entries. */
  protected emptyArray(capacity: number): Float64Array {
    const a = new Float64Array(this.entryBase + this.stride * capacity);
    a.fill(NaN);
    a[TABLE_HEADER.status] = TABLE_STATUS.NOT_SAMPLED;
    a[TABLE_HEADER.count] = 0;
    return a;
  }

  /** 0 ok, < 0 -errno (absent), > 0 a layout.h Status code. */
  status(): number {
    const a = this.array;
    // An array whose ArrayBuffer was transferred away is empty: DETACHED until the next sample replaces it.
    return a.length === 0 ? TABLE_STATUS.DETACHED : (a[TABLE_HEADER.status] as number);
  }
  /** Moves when the set of entry names changes. */
  generation(): number {
    return this.array[TABLE_HEADER.generation] as number;
  }
  /** Entries the source listed (a Table's may exceed its capacity until it grows). */
  reported(): number {
    return this.array[TABLE_HEADER.count] as number;
  }
  /** Entries stored in the array. */
  count(): number {
    return this.reported();
  }
  /** CLOCK_MONOTONIC seconds of the last refresh (NaN: never). */
  time(): number {
    return this.array[TABLE_HEADER.time] as number;
  }
  /** Entry i field `field`, NaN when absent. */
  entryValue(i: number, field: EntryField<N>): number {
    return this.array[this.entryBase + i * this.stride + this.entryField[field]] as number;
  }
  /** Scalar `field`, NaN when absent. */
  scalarValue(field: ScalarField<N>): number {
    return this.array[this.scalar[field]] as number;
  }

  /**
   * Marks the table closed (its source was closed): every value NaN, no entries, status CLOSED. The generation is
   * kept, so a cached name list is not fetched again.
   */
  markClosed(): void {
    const a = this.array;
    const generation = a[TABLE_HEADER.generation] as number;
    a.fill(NaN);
    a[TABLE_HEADER.status] = TABLE_STATUS.CLOSED;
    a[TABLE_HEADER.generation] = generation;
    a[TABLE_HEADER.count] = 0;
  }
}

/** One table attached to the addon. Always read `table.array` afresh: it is replaced when the table grows. */
export class Table<N extends TableName = TableName> extends TableBase<N> implements TableReader<N> {
  #capacity = 0;
  readonly #fetchNames: () => string[];
  #namesGeneration = -1;
  #names: readonly string[] = [];

  constructor(name: N, capacity: number, fetchNames: () => string[]) {
    super(name);
    this.#fetchNames = fetchNames;
    this.array = this.#allocate(capacity);
  }

  #allocate(capacity: number): Float64Array {
    this.#capacity = capacity;
    return this.emptyArray(capacity);
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
    fresh[TABLE_HEADER.status] = TABLE_STATUS.DETACHED;
    this.array = fresh;
    return fresh;
  }

  /** How many entries the array can hold. */
  capacity(): number {
    return this.stride === 0 ? 0 : this.#capacity;
  }
  /** Entries stored in the array (the kernel may have listed more, until the table grows). */
  override count(): number {
    return Math.min(this.reported(), this.capacity());
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
}

/**
 * A table held in JavaScript, with the layout of table `N` (the fallback's tables; tests build fake sources from
 * it). Its values are written with `set`, `setEntry` and `setEntries`, and `stamp` marks it refreshed.
 */
export class SimpleTable<N extends TableName = TableName> extends TableBase<N> implements TableReader<N> {
  #names: string[] = [];

  constructor(name: N) {
    super(name);
    this.array[TABLE_HEADER.generation] = 0;
  }

  names(): readonly string[] {
    return this.#names;
  }

  /** Resizes to `names.length` entries named `names`; bumps the generation when the names change. */
  setEntries(names: string[]): void {
    const n = names.length;
    if (n !== this.#names.length || names.some((x, i) => x !== this.#names[i])) {
      const need = this.entryBase + n * this.stride;
      if (this.array.length < need) {
        const a = new Float64Array(need).fill(NaN);
        a.set(this.array.subarray(0, this.entryBase));
        this.array = a;
      }
      this.#names = names;
      this.array[TABLE_HEADER.generation] = (this.array[TABLE_HEADER.generation] as number) + 1;
    }
    this.array[TABLE_HEADER.count] = n;
  }

  /** Sets scalar `field`. */
  set(field: ScalarField<N>, v: number): void {
    this.array[this.scalar[field]] = v;
  }

  /** Sets field `field` of entry `i` (which `setEntries` made room for). */
  setEntry(i: number, field: EntryField<N>, v: number): void {
    this.array[this.entryBase + i * this.stride + this.entryField[field]] = v;
  }

  /** Sets the status slot (0 ok, < 0 -errno, > 0 a layout.h Status). */
  setStatus(s: number): void {
    this.array[TABLE_HEADER.status] = s;
  }

  /** Marks the table refreshed at `now` with status ok. */
  stamp(now: number): void {
    this.array[TABLE_HEADER.status] = TABLE_STATUS.OK;
    this.array[TABLE_HEADER.time] = now;
  }
}
