/**
 * The "source of values" the OpenTelemetry layer reads, as an interface: the native Sampler, the os/process
 * fallback (os-source.ts) and custom or test sources all expose the same table shape (native/layout.h, typed by
 * src/layout.ts): a Float64Array with named absolute indices for scalars and per-entry field offsets, a status, a
 * generation that changes when the entry names change, a count and the monotonic time of the last refresh.
 */
import type { EntryField, ScalarField, TableName } from '../layout';
import { hasValues } from '../sources/common';

export type { TableName };

/**
 * One table: the same shape as the native Sampler's `table(name)`. NaN in a slot = absent. A custom source may
 * leave fields out (a missing index reads as absent); the names it may use are the layout's, checked at compile
 * time.
 */
export interface TableLike<N extends TableName = TableName> {
  /** The values; read it on every use (the sampler replaces it when the table grows). */
  readonly array: Float64Array;
  /** Scalar field name to absolute index into `array`. */
  readonly scalar: Readonly<Partial<Record<ScalarField<N>, number>>>;
  /** Entry field name to offset inside one entry. */
  readonly entryField: Readonly<Partial<Record<EntryField<N>, number>>>;
  /** Absolute index of entry 0. */
  readonly entryBase: number;
  /** Slots per entry. */
  readonly stride: number;
  /** 0 ok; < 0 -errno (absent); > 0 a layout.h Status code. */
  status(): number;
  /** Changes whenever the set of entry names changes. */
  generation(): number;
  /** Entries stored. */
  count(): number;
  /** Monotonic seconds of the last refresh (NaN: never). */
  time(): number;
  /** Entry names (cached per generation); a filesystems entry is named by `fsEntryName()` (sources/entry-names.ts). */
  names(): readonly string[];
}

/** What HostMetrics needs from a sampler. The native `Sampler` satisfies it structurally. */
export interface ValueSource {
  /** Refreshes the cheap tables synchronously; never throws. */
  sample(): void;
  /** `sample()` plus the expensive tables (TCP states, filesystems), off the event loop. */
  sampleAsync(): Promise<void>;
  /** The table of that name; `undefined` when this source has no such table. */
  table<N extends TableName>(name: N): TableLike<N> | undefined;
  /** Releases the source; idempotent. */
  close(): void;
}

/** True when the table holds values worth reading (the Sampler's own rule, for any TableLike). */
export const tableUsable: <T extends TableLike<TableName>>(t: T | undefined) => t is T = hasValues;
