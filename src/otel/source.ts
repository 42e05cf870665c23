/**
 * The "source of values" the OpenTelemetry layer reads: the native Sampler when the addon loads, otherwise the
 * fallback built on Node's os and process APIs (os-source.ts). Both expose the same table shape (native/layout.h):
 * a Float64Array with named absolute indices for scalars and per-entry field offsets, a status, a generation that
 * changes when the entry names change, a count and the monotonic time of the last refresh.
 */
import type { SamplerOptions } from '../types';
import type { TableName } from '../table';
import { nativeAvailable } from '../native';
import { hasValues } from '../sources/common';
import { Sampler } from '../sampler';
import { OsSource } from './os-source';

export type { TableName };

/** One table: the same shape as the native Sampler's `table(name)`. NaN in a slot = absent. */
export interface TableLike {
  /** The values; read it on every use (the sampler replaces it when the table grows). */
  readonly array: Float64Array;
  /** Scalar field name to absolute index into `array`. */
  readonly scalar: Readonly<Record<string, number>>;
  /** Entry field name to offset inside one entry. */
  readonly entryField: Readonly<Record<string, number>>;
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
  table(name: TableName): TableLike | undefined;
  /** Releases the source; idempotent. */
  close(): void;
}

/** Options that choose and configure the source: the Sampler's own. */
export type SourceOptions = SamplerOptions;

/** True when the table holds values worth reading (the Sampler's own rule, for any TableLike). */
export const tableUsable: (t: TableLike | undefined) => t is TableLike = hasValues;

// The one piece of module state: whether the fallback warning was already emitted in this process. It is a
// process-wide "warn once", not per-instance sampling state.
let fallbackWarned = false;

/**
 * Opens the native Sampler, or the os/process fallback (with one process warning, the first time) when the addon
 * cannot be loaded. Option errors of the native Sampler (code `PROCSAMPLER_BAD_OPTION`) are thrown, not hidden.
 */
export function openSource(options: SourceOptions): ValueSource {
  let reason: unknown;
  try {
    // nativeAvailable() never throws; the addon is loaded on first use, not when this module is imported.
    if (nativeAvailable()) return new Sampler(options);
    reason = new Error('the native addon could not be loaded');
  } catch (err) {
    if ((err as { code?: string } | null)?.code === 'PROCSAMPLER_BAD_OPTION') throw err;
    reason = err;
  }
  if (!fallbackWarned) {
    fallbackWarned = true;
    const why = reason instanceof Error ? reason.message : String(reason);
    process.emitWarning(
      `procsampler: native addon unavailable (${why}); HostMetrics falls back to Node's os and process APIs ` +
        '(no disk, network, TCP, filesystem, paging or process I/O metrics)',
      { code: 'PROCSAMPLER_NATIVE_FALLBACK' },
    );
  }
  return new OsSource();
}
