/**
 * Loads the native addon once, from a local build or a prebuild (node-gyp-build), and reports its absence as a
 * coded error instead of throwing at import time.
 */
import * as path from 'path';

/** The addon's exports (see native/addon.cc). */
export interface NativeAddon {
  layout(): NativeLayout;
  units(): { clockTicks: number; pageSize: number };
  NativeSampler: new (options: NativeSamplerOptions) => NativeSamplerHandle;
  [key: string]: unknown;
}

export interface NativeField {
  name: string;
  unit: string;
}

export interface NativeTableLayout {
  id: number;
  name: string;
  scalars: NativeField[];
  entry: NativeField[];
}

export interface NativeLayout {
  headerSlots: number;
  header: { status: number; generation: number; count: number; time: number };
  status: Record<'OK' | 'MALFORMED' | 'OVERFLOW' | 'NOT_SAMPLED' | 'NOT_SELECTED' | 'TOO_LARGE', number>;
  tables: NativeTableLayout[];
}

export interface NativeSamplerOptions {
  procRoot: string;
  rootFs: string;
  pid: number;
  mask: number;
  statfsTimeoutMs: number;
}

export interface NativeSamplerHandle {
  attach(table: number, array: Float64Array): void;
  sample(): number;
  sampleAsync(): Promise<number>;
  names(table: number): string[];
  close(): void;
}

let cached: { addon: NativeAddon } | { error: Error } | undefined;

function unavailable(cause: unknown): Error {
  const where = `${process.platform}-${process.arch} (N-API 8, ${isMusl() ? 'musl' : 'glibc'}, Node ${process.versions.node})`;
  const err = new Error(
    `procsampler: no native addon for ${where}. Prebuilt binaries ship for linux-x64 and linux-arm64 (glibc); ` +
      `elsewhere install a C++ toolchain (python3, make, g++) and run \`npm rebuild procsampler\`. ` +
      `Cause: ${cause instanceof Error ? cause.message : String(cause)}`,
  ) as Error & { code: string; cause?: unknown };
  err.code = 'PROCSAMPLER_NATIVE_UNAVAILABLE';
  err.cause = cause;
  return err;
}

function isMusl(): boolean {
  const report = process.report?.getReport?.() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return process.platform === 'linux' && !report?.header?.glibcVersionRuntime;
}

function attempt(): { addon: NativeAddon } | { error: Error } {
  if (process.platform !== 'linux') {
    return { error: unavailable(new Error(`procsampler reads Linux procfs; ${process.platform} is not supported`)) };
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const load = require('node-gyp-build') as (dir: string) => NativeAddon;
    return { addon: load(path.join(__dirname, '..')) };
  } catch (e) {
    return { error: unavailable(e) };
  }
}

/** The addon; throws an Error with code `PROCSAMPLER_NATIVE_UNAVAILABLE` when it cannot be loaded. */
export function loadAddon(): NativeAddon {
  cached ??= attempt();
  if ('error' in cached) throw cached.error;
  return cached.addon;
}

/** Whether the native addon loads on this platform (never throws). */
export function nativeAvailable(): boolean {
  cached ??= attempt();
  return 'addon' in cached;
}
