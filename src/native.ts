// Loads the native addon: a prebuilt binary from prebuilds/<platform>-<arch>/ or a local build in build/Release,
// chosen at run time by node-gyp-build. Nothing here depends on the install script having run: a consumer may
// have installed with scripts disabled and a matching prebuild still loads.
//
// The outcome (the addon, or why it is missing) is computed once per process and cached. Importing this module
// never throws; only loadAddon() does, with a stable error code.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ProcsamplerError } from './errors';
import type { StatusName, TableName } from './layout';

/** The error code of every "no usable native addon" error. */
export const NATIVE_UNAVAILABLE = 'PROCSAMPLER_NATIVE_UNAVAILABLE';

/** Platforms for which the published package carries a prebuilt binary (glibc only). */
export const PREBUILT_PLATFORMS: readonly string[] = ['linux-x64', 'linux-arm64'];

/**
 * The addon's exports (see native/addon.cc). TypeScript reads the layout from src/layout.ts (generated from
 * layout()); layout() itself is read once, to check that the binary is the one the constants were generated from.
 */
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
  name: TableName;
  scalars: NativeField[];
  entry: NativeField[];
  /**
   * The files of a table fed by several (layout.h PS_TABLE_FILES), each with the scalar that holds its own status,
   * in the order of the status rule; empty for a table fed by one file.
   */
  files: { file: string; field: string }[];
}

export interface NativeLayout {
  headerSlots: number;
  header: { status: number; generation: number; count: number; time: number };
  status: Record<StatusName, number>;
  tables: NativeTableLayout[];
  /** sample() and sampleAsync() return the overflow mask ORed with the mask of detached tables shifted by this. */
  detachedShift: number;
  /**
   * How entry names are encoded (layout.h kEntryNameSeparator, PS_FS_NAME_PARTS, PS_CGROUP_NAME_PARTS); read by
   * sources/entry-names.ts. `parts`: joined into one name by the separator; `groups`: consecutive names, one a part.
   */
  entryNames: {
    separator: string;
    parts: Record<string, string[] | undefined>;
    groups: Record<string, string[] | undefined>;
  };
}

export interface NativeSamplerOptions {
  procRoot: string;
  rootFs: string;
  netDir: string;
  pid: number;
  mask: number;
  statfsTimeoutMs: number;
  /** '' = the mount points of mountinfo. */
  cgroupRoot: string;
  /** '' = the process's own cgroup. */
  cgroupPath: string;
}

export interface NativeSamplerHandle {
  attach(table: number, array: Float64Array): void;
  /**
   * `detached`: the Bit() mask of the attached tables whose array JavaScript found detached (an empty array): the
   * addon drops them unwritten and reports them back. Without it the addon asks the engine about every table itself.
   */
  sample(detached?: number): number;
  sampleAsync(): Promise<number>;
  names(table: number): string[];
  close(): void;
}

/** A ProcsamplerError with the stable `code` {@link NATIVE_UNAVAILABLE}; `cause` holds the loader's own error. */
export interface NativeUnavailableError extends ProcsamplerError {
  code: typeof NATIVE_UNAVAILABLE;
  /** The platform tag that was looked for, e.g. `'linux-x64-glibc'`. */
  platform: string;
}

type Loader = (dir: string) => unknown;

type Outcome = { ok: true; addon: NativeAddon } | { ok: false; message: string; platform: string; cause: unknown };

let cached: Outcome | undefined;

/** The package root: this file is dist/native.js (or src/native.ts under ts-jest), one level below it. */
const packageRoot = path.join(__dirname, '..');

/** The libc tag node-gyp-build matches prebuilds against (it treats Alpine as musl, everything else as glibc). */
function libcTag(): string {
  if (process.env.LIBC) return process.env.LIBC;
  return fs.existsSync('/etc/alpine-release') ? 'musl' : 'glibc';
}

/**
 * The folders node-gyp-build (4.x) searches, in its order: `<dir>/build/Release` and `<dir>/build/Debug` (unless
 * PREBUILDS_ONLY is set), `<dir>/prebuilds/<platform>-<arch>`, and `prebuilds/<platform>-<arch>` beside the node
 * executable, where `<dir>` is the package root or, when set, `$PROCSAMPLER_PREBUILD` (node-gyp-build reads
 * `<NAME>_PREBUILD` for the package named in package.json). The error names these, not the package's own folders.
 */
export function searchedFolders(env: NodeJS.ProcessEnv = process.env): { dirs: string[]; override?: { name: string; dir: string } } {
  let dir = packageRoot;
  let override: { name: string; dir: string } | undefined;
  try {
    const name = (JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { name: string }).name;
    const variable = `${name.toUpperCase().replace(/-/g, '_')}_PREBUILD`;
    const value = env[variable];
    if (value) {
      dir = value;
      override = { name: variable, dir: value };
    }
  } catch {
    // node-gyp-build ignores an unreadable package.json the same way
  }
  dir = path.resolve(dir);
  const tuple = `${env.npm_config_platform || os.platform()}-${env.npm_config_arch || os.arch()}`;
  const dirs: string[] = [];
  if (!env.PREBUILDS_ONLY) dirs.push(path.join(dir, 'build', 'Release'), path.join(dir, 'build', 'Debug'));
  dirs.push(path.join(dir, 'prebuilds', tuple), path.join(path.dirname(process.execPath), 'prebuilds', tuple));
  return override ? { dirs, override } : { dirs };
}

/** The package that finds and loads the binary (a dependency). */
const LOADER = 'node-gyp-build';

function describeFailure(cause: unknown): { message: string; platform: string } {
  const tuple = `${os.platform()}-${os.arch()}`;
  const platform = `${tuple}-${libcTag()}`;
  const detail = cause instanceof Error ? (cause.message.trim().split('\n')[0] ?? '') : String(cause);
  const shipped = PREBUILT_PLATFORMS.includes(tuple) && libcTag() === 'glibc';
  // node-gyp-build says "No native build was found" when no file matched; anything else is a file that failed to
  // load, unless the loader itself is missing (a broken install: no binary was even looked for).
  const notFound = detail.startsWith('No native build was found');
  const loaderMissing = (cause as NodeJS.ErrnoException | null)?.code === 'MODULE_NOT_FOUND' && detail.includes(`'${LOADER}'`);
  const searched = searchedFolders();
  let diagnosis: string;
  if (loaderMissing) diagnosis = `The loader ${LOADER}, a dependency of procsampler, is not installed.`;
  else if (!shipped) diagnosis = `Prebuilt binaries ship only for ${PREBUILT_PLATFORMS.join(' and ')} (glibc).`;
  else if (notFound && searched.override) {
    diagnosis = `No binary for ${tuple} there: unset ${searched.override.name} to load the package's own.`;
  } else if (notFound) diagnosis = `The package normally ships prebuilds/${tuple}/, but it is missing here.`;
  else diagnosis = 'A binary was found but did not load (it needs glibc 2.28 or later).';
  const where = searched.override
    ? `${searched.override.name}=${searched.override.dir} sent the loader there instead of ${packageRoot}; `
    : '';
  const message =
    `procsampler: no usable native addon for ${platform} (Node ${process.versions.node}, ABI ${process.versions.modules}); ` +
    `${where}looked in ${searched.dirs.join(', ')}. ` +
    `Loader said: ${detail}. ${diagnosis} ` +
    (loaderMissing
      ? 'To fix it, reinstall the package (`npm install procsampler`) so that its dependencies are there.'
      : 'To fix it, install a C++ toolchain (g++ or clang++, make, python3) and run `npm rebuild procsampler` ' +
        '(see the README, "When no binary is available").');
  return { message, platform };
}

function attempt(): Outcome {
  if (os.platform() !== 'linux') {
    const cause = new Error(`procsampler reads Linux procfs; ${os.platform()} is not supported`);
    return { ok: false, cause, ...describeFailure(cause) };
  }
  try {
    // node-gyp-build is a runtime dependency; requiring it lazily keeps `import 'procsampler'` from ever throwing.
    const load = require(LOADER) as Loader;
    const addon = load(packageRoot);
    if (addon === null || typeof addon !== 'object') {
      throw new Error(`the addon exported ${addon === null ? 'null' : typeof addon}, not an object`);
    }
    return { ok: true, addon: addon as NativeAddon };
  } catch (cause) {
    return { ok: false, cause, ...describeFailure(cause) };
  }
}

function outcome(): Outcome {
  cached ??= attempt();
  return cached;
}

/**
 * Whether the native addon can be loaded on this machine. Never throws. The first call loads the addon (a few
 * milliseconds); the answer is cached for the life of the process.
 */
export function nativeAvailable(): boolean {
  return outcome().ok;
}

/**
 * Returns the native addon, loading it on the first call and caching it.
 *
 * @throws {NativeUnavailableError} a ProcsamplerError with `code` `'PROCSAMPLER_NATIVE_UNAVAILABLE'` when no prebuilt binary
 *   matches this platform and no local build exists (or the one found cannot be loaded). The message names the
 *   platform that was looked for and how to fix it; `cause` is the loader's original error. A new Error is thrown
 *   on every call, the lookup is not repeated.
 */
export function loadAddon(): NativeAddon {
  const result = outcome();
  if (result.ok) return result.addon;
  const error = new ProcsamplerError(NATIVE_UNAVAILABLE, result.message) as NativeUnavailableError;
  error.cause = result.cause;
  error.platform = result.platform;
  throw error;
}
