/**
 * Opens the source of values of the OpenTelemetry layer (value-source.ts): the native Sampler when the addon
 * loads, otherwise the fallback built on Node's os and process APIs (os-source.ts).
 */
import type { SamplerOptions } from '../types';
import { nativeAvailable } from '../native';
import { Sampler } from '../sampler';
import { OsSource } from './os-source';
import type { ValueSource } from './value-source';

export type { TableLike, TableName, ValueSource } from './value-source';
export { tableUsable } from './value-source';

/** Options that choose and configure the source: the Sampler's own. */
export type SourceOptions = SamplerOptions;

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
