/**
 * The Sampler: owns the shared typed arrays and the native sampler. `sample()` refreshes the cheap sources
 * synchronously with no allocation; `sampleAsync()` adds the expensive ones on a native thread; `snapshot()`
 * turns the arrays into a plain object.
 */
import * as fs from 'fs';
import * as os from 'os';
import { ProcsamplerError, badOption, badValue, checkKeys, shown } from './errors';
import { loadAddon, type NativeSamplerHandle } from './native';
import { Table, type TableName } from './table';
import { DETACHED_SHIFT, TABLES, TABLE_NAMES, TABLE_STATUS, checkLayout, type StatusName } from './layout';
import { DEFAULT_SOURCES, SOURCE_NAMES, SOURCE_TABLES, type SamplerOptions, type Snapshot, type SourceName, type SourceStatus } from './types';
import { cpuSnapshot, systemSnapshot } from './sources/proc-stat';
import { memorySnapshot } from './sources/proc-meminfo';
import { loadSnapshot } from './sources/proc-loadavg';
import { vmstatSnapshot } from './sources/proc-vmstat';
import { disksSnapshot } from './sources/proc-diskstats';
import { networkSnapshot } from './sources/proc-net-dev';
import { tcpSnapshot } from './sources/proc-net-tcp';
import { filesystemsSnapshot } from './sources/proc-mountinfo';
import { processSnapshot } from './sources/proc-pid';
import { cgroupSnapshot, pressureSnapshot } from './sources/cgroup';

/** Which tables each source fills. */

/** Entries allocated up front per table with entries; a table grows (once) when the kernel lists more. */
function initialCapacity(name: TableName): number {
  switch (name) {
    case 'cpu':
      return Math.max(os.cpus().length + 4, 16);
    case 'disks':
      return 64;
    case 'network':
      return 32;
    case 'filesystems':
      return 64;
    case 'cgroupIo':
      return 16;
    default:
      return 0;
  }
}

const OPTION_KEYS = [
  'procRoot',
  'rootFs',
  'pid',
  'netPid',
  'sources',
  'statfsTimeoutMs',
  'tcpSummary',
  'cgroupRoot',
  'cgroupPath',
];

interface Resolved {
  procRoot: string;
  rootFs: string;
  pid: number;
  netDir: string;
  sources: ReadonlySet<SourceName>;
  statfsTimeoutMs: number;
  tcpSummary: boolean;
  cgroupRoot: string;
  cgroupPath: string;
}

/**
 * Checks and resolves the Sampler's options; every error is PROCSAMPLER_BAD_OPTION naming the option and the value
 * as given. HostMetrics calls it at its own construction, so a missing `procRoot` fails there, not at start().
 */
export function resolveSamplerOptions(options: SamplerOptions | undefined): Resolved {
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object' || Array.isArray(options)) badValue('Sampler options', 'an object', options);
  checkKeys('Sampler', options, OPTION_KEYS);
  const dir = (value: unknown, name: string, fallback: string): string => {
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || value.length === 0 || value.includes('\0')) {
      badValue(name, 'a non-empty path without NUL', value);
    }
    let st: fs.Stats;
    try {
      st = fs.statSync(value);
    } catch (e) {
      return badOption(`${name} ${shown(value)} does not exist (${(e as { code?: string }).code ?? String(e)})`);
    }
    if (!st.isDirectory()) badOption(`${name} ${shown(value)} is not a directory`);
    return value.length > 1 ? value.replace(/\/+$/, '') : value;
  };
  const procRoot = dir(options.procRoot, 'procRoot', '/proc');
  const rootFs = dir(options.rootFs, 'rootFs', '/');
  const pidOption = (value: unknown, name: string): number => {
    if (value === undefined || value === 'self') return 0;
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > 0x7fffffff) {
      badValue(name, "'self' or a positive integer", value);
    }
    return value;
  };
  const pid = pidOption(options.pid, 'pid');
  const netPid = pidOption(options.netPid, 'netPid');
  const netDir = netPid === 0 ? `${procRoot}/net` : `${procRoot}/${netPid}/net`;
  let sources: Set<SourceName>;
  if (options.sources === undefined) {
    sources = new Set(DEFAULT_SOURCES);
  } else {
    if (!Array.isArray(options.sources)) badValue('sources', 'an array of source names', options.sources);
    sources = new Set();
    options.sources.forEach((s: unknown, i: number) => {
      if (!(SOURCE_NAMES as readonly unknown[]).includes(s)) badValue(`sources[${i}]`, `one of ${SOURCE_NAMES.join(', ')}`, s);
      sources.add(s as SourceName);
    });
  }
  const t = options.statfsTimeoutMs ?? 5000;
  if (typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > 600000) {
    badValue('statfsTimeoutMs', 'an integer from 1 to 600000', options.statfsTimeoutMs);
  }
  const tcpSummary = options.tcpSummary ?? true;
  if (typeof tcpSummary !== 'boolean') badValue('tcpSummary', 'a boolean', options.tcpSummary);
  // '' tells the addon to use the mount points of mountinfo as they are.
  const cgroupRoot = options.cgroupRoot === undefined ? '' : dir(options.cgroupRoot, 'cgroupRoot', '');
  const cgroupPath = options.cgroupPath ?? '';
  if (
    typeof cgroupPath !== 'string' ||
    (options.cgroupPath !== undefined && !cgroupPath.startsWith('/')) ||
    cgroupPath.includes('\0') ||
    cgroupPath.split('/').some((part) => part === '..' || part === '.')
  ) {
    badValue('cgroupPath', 'an absolute path inside the cgroup hierarchy without . or ..', options.cgroupPath);
  }
  return { procRoot, rootFs, pid, netDir, sources, statfsTimeoutMs: t, tcpSummary, cgroupRoot, cgroupPath };
}

const ERRNO_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(os.constants.errno).map(([name, n]) => [n, name]),
);

const STATUS_NAMES: Record<number, StatusName> = Object.fromEntries(
  Object.entries(TABLE_STATUS).map(([name, n]) => [n, name as StatusName]),
);

function codeOf(status: number): string {
  if (status < 0) return ERRNO_NAMES[-status] ?? `E${-status}`;
  return STATUS_NAMES[status] ?? `STATUS_${status}`;
}

function describe(status: number, table?: Table): SourceStatus {
  const code = codeOf(status);
  if (status === TABLE_STATUS.OK) return { ok: true, code, message: 'ok' };
  if (status < 0) return { ok: false, code, message: `could not be read (${code})` };
  if (status === TABLE_STATUS.PARTIAL && table !== undefined) {
    // The status names what failed: each of the table's files that did not read OK, with its own code.
    const files: Record<string, string> = {};
    for (const f of table.files) {
      const s = table.scalarValue(f.field);
      if (s !== TABLE_STATUS.OK) files[f.file] = codeOf(Number.isNaN(s) ? TABLE_STATUS.NOT_SAMPLED : s);
    }
    const list = Object.entries(files).map(([f, c]) => `${f} (${c})`).join(', ');
    return { ok: false, code, message: `some of its files could not be read, their values are null: ${list}`, files };
  }
  const messages: Partial<Record<StatusName, string>> = {
    MALFORMED: 'some lines did not parse and were skipped; their values are null',
    OVERFLOW: 'more entries than the table held; it grows on the next sample',
    NOT_SAMPLED: 'not sampled yet',
    NOT_SELECTED: 'not selected in `sources`',
    TOO_LARGE: 'the file is larger than 64 MiB',
    CLOSED: 'the sampler is closed (close() was called)',
    DETACHED: "the table's array was detached (transferred); a new one is filled from the next sample",
  };
  return { ok: false, code, message: messages[code as StatusName] ?? code };
}

/**
 * Reads the kernel's counters into shared typed arrays.
 *
 * @example
 * const sampler = new Sampler({ sources: ['cpu', 'memory'] });
 * sampler.sample();
 * console.log(sampler.snapshot().memory?.available);
 */
export class Sampler {
  readonly #native: NativeSamplerHandle;
  readonly #tables = new Map<TableName, Table>();
  /** The values of #tables, for the loop of sample() (no iterator). */
  readonly #attached: Table[] = [];
  readonly #sources: ReadonlySet<SourceName>;
  #closed = false;

  /**
   * @throws ProcsamplerError `PROCSAMPLER_BAD_OPTION` for an invalid option, `PROCSAMPLER_NATIVE_UNAVAILABLE`
   *   when the addon cannot be loaded on this platform.
   */
  constructor(options?: SamplerOptions) {
    const o = resolveSamplerOptions(options);
    const addon = loadAddon();
    // The slots below are the generated layout's: a binary of another build fails here, not with wrong values.
    checkLayout(addon.layout());
    this.#sources = o.sources;
    let mask = 0;
    const selected = new Set<TableName>();
    for (const s of o.sources) for (const t of SOURCE_TABLES[s]) selected.add(t);
    if (!o.tcpSummary) selected.delete('tcp');
    for (const name of selected) mask |= 1 << TABLES[name].id;
    this.#native = new addon.NativeSampler({
      procRoot: o.procRoot,
      rootFs: o.rootFs,
      netDir: o.netDir,
      pid: o.pid,
      mask,
      statfsTimeoutMs: o.statfsTimeoutMs,
      cgroupRoot: o.cgroupRoot,
      cgroupPath: o.cgroupPath,
    });
    const native = this.#native;
    for (const name of TABLE_NAMES) {
      if (!selected.has(name)) continue;
      const table: Table = new Table(name, initialCapacity(name), () => native.names(table.id));
      native.attach(table.id, table.array);
      this.#tables.set(name, table);
      this.#attached.push(table);
    }
  }

  /**
   * Refreshes the cheap sources synchronously (every selected source but the TCP per-state counts and the
   * filesystems, which keep their last values). Allocates nothing in the steady state; never throws.
   */
  sample(): void {
    if (this.#closed) return;
    // A table whose ArrayBuffer was transferred away (or detached by other native code) has an empty array: the
    // addon is told, drops it unwritten, and #settle() gives it a new array. Only JavaScript can detach one, and
    // none runs between this loop and the addon's writes; asking the engine from C++ costs two Node-API calls per
    // table, a fiftieth of a small sample.
    let detached = 0;
    const attached = this.#attached;
    for (let i = 0; i < attached.length; i++) {
      const table = attached[i] as Table;
      if (table.array.length === 0) detached |= 1 << table.id;
    }
    const result = this.#native.sample(detached);
    if (result !== 0) {
      const overflow = this.#settle(result);
      if (overflow !== 0) {
        this.#grow(overflow);
        this.#settle(this.#native.sample(0));
      }
    }
  }

  /**
   * `sample()` plus the expensive sources (TCP per-state counts, statvfs of every mount) on a native thread.
   * Concurrent calls share one refresh. Rejects with `PROCSAMPLER_CLOSED` after `close()`.
   */
  async sampleAsync(): Promise<void> {
    if (this.#closed) throw new ProcsamplerError('PROCSAMPLER_CLOSED', 'procsampler: sampleAsync() after close()');
    this.sample();
    const result = await this.#native.sampleAsync();
    // Re-attaching a larger (or a new) array republishes the staged results into it.
    if (result !== 0 && !this.#closed) {
      const overflow = this.#settle(result);
      if (overflow !== 0) this.#grow(overflow);
    }
  }

  /**
   * A JSON-ready object of the latest sample (allocates). Values are seconds and bytes; unknown is null.
   *
   * @throws ProcsamplerError `PROCSAMPLER_CLOSED` after `close()`: the values are gone, not stale.
   */
  snapshot(): Snapshot {
    if (this.#closed) throw new ProcsamplerError('PROCSAMPLER_CLOSED', 'procsampler: snapshot() after close()');
    const t = <N extends TableName>(n: N): Table<N> | undefined => this.table(n);
    return {
      cpu: cpuSnapshot(t('cpu')),
      load: loadSnapshot(t('load')),
      memory: memorySnapshot(t('memory')),
      vmstat: vmstatSnapshot(t('vmstat')),
      disks: disksSnapshot(t('disks')),
      network: networkSnapshot(t('network')),
      tcp: tcpSnapshot(t('tcp'), t('tcpStates')),
      filesystems: filesystemsSnapshot(t('filesystems')),
      system: systemSnapshot(t('system')),
      process: processSnapshot(t('process')),
      cgroup: cgroupSnapshot(t('cgroup'), t('cgroupIo')),
      pressure: pressureSnapshot(t('pressure')),
    };
  }

  /**
   * Per source: whether it was read, and if not why (an errno name, MALFORMED, NOT_SAMPLED, NOT_SELECTED...).
   * After `close()` every source reads `CLOSED`. Never throws.
   */
  status(): Record<SourceName, SourceStatus> {
    const out = {} as Record<SourceName, SourceStatus>;
    for (const s of SOURCE_NAMES) {
      if (this.#closed) {
        out[s] = describe(TABLE_STATUS.CLOSED);
        continue;
      }
      if (!this.#sources.has(s)) {
        out[s] = describe(TABLE_STATUS.NOT_SELECTED);
        continue;
      }
      // A source is as good as its first table that is not OK (tcp: the summary, then the state counts).
      let status: number = TABLE_STATUS.OK;
      let which: Table | undefined;
      for (const name of SOURCE_TABLES[s]) {
        const table = this.#tables.get(name);
        if (table === undefined) continue; // the TCP summary with tcpSummary: false
        const st = table.status();
        if (st !== TABLE_STATUS.OK) {
          status = st;
          which = table;
          break;
        }
      }
      out[s] = describe(status, which);
    }
    return out;
  }

  /** The low-level table `name` (undefined when its source is not selected); see Table. */
  table<N extends TableName>(name: N): Table<N> | undefined {
    return this.#tables.get(name) as Table<N> | undefined;
  }

  /** The selected sources. */
  get sources(): ReadonlySet<SourceName> {
    return this.#sources;
  }

  /**
   * Closes every kept-open file. Idempotent. The values go with it: every table's slots become NaN and its status
   * `CLOSED`, `status()` reports `CLOSED` for every source, `snapshot()` and `sampleAsync()` throw
   * `PROCSAMPLER_CLOSED`, and `sample()` does nothing.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#native.close();
    // The addon no longer writes the tables (close() dropped its views of them): JS may mark them.
    for (const table of this.#tables.values()) table.markClosed();
  }

  /**
   * Gives every table the addon found detached (its ArrayBuffer transferred away) a new array, and returns the
   * overflow mask of `result` (see layout.h kDetachedShift).
   */
  #settle(result: number): number {
    const shift = DETACHED_SHIFT;
    const detached = Math.floor(result / 2 ** shift);
    if (detached !== 0) {
      for (const table of this.#tables.values()) {
        if ((detached & (1 << table.id)) !== 0) this.#native.attach(table.id, table.replaceDetached());
      }
    }
    return result % 2 ** shift;
  }

  #grow(mask: number): void {
    for (const table of this.#tables.values()) {
      if ((mask & (1 << table.id)) === 0) continue;
      const capacity = Math.max(table.reported() * 2, table.capacity() * 2, 8);
      this.#native.attach(table.id, table.resize(capacity));
    }
  }
}
