/**
 * The fallback source of values when the native addon is unavailable: Node's os and process APIs, laid out in the
 * same table shape as the native Sampler so the metric code is the same. What these APIs cannot say is NaN (and is
 * therefore left out of the metrics): iowait, softirq (so `interrupt`), steal, MemFree, buffers, cached, swap, disks,
 * network, TCP, filesystems, vmstat, process virtual size, threads, file descriptors and storage I/O.
 *
 * It describes the calling process only (`pid` and `procRoot` do not apply) and numbers CPUs by their position in
 * `os.cpus()`.
 */
import * as os from 'node:os';
import type { TableLike, TableName, ValueSource } from './source';
import { monotonicSeconds } from '../rates';
import { TABLE_HEADER, TABLE_HEADER_SLOTS, TABLE_STATUS, markTableClosed } from '../table-header';

const CPU_FIELDS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'guest', 'guestNice'];

/** A TableLike held in JS (the fallback's tables; tests build fake sources from it). */
export class SimpleTable implements TableLike {
  array: Float64Array;
  readonly scalar: Readonly<Record<string, number>>;
  readonly entryField: Readonly<Record<string, number>>;
  readonly entryBase: number;
  readonly stride: number;
  #names: string[] = [];

  constructor(scalars: readonly string[], entry: readonly string[]) {
    const s: Record<string, number> = {};
    scalars.forEach((n, i) => (s[n] = TABLE_HEADER_SLOTS + i));
    const e: Record<string, number> = {};
    entry.forEach((n, i) => (e[n] = i));
    this.scalar = Object.freeze(s);
    this.entryField = Object.freeze(e);
    this.entryBase = TABLE_HEADER_SLOTS + scalars.length;
    this.stride = entry.length;
    this.array = new Float64Array(this.entryBase).fill(NaN);
    this.array[TABLE_HEADER.status] = TABLE_STATUS.NOT_SAMPLED;
    this.array[TABLE_HEADER.generation] = 0;
    this.array[TABLE_HEADER.count] = 0;
  }

  status(): number {
    return this.array[TABLE_HEADER.status] as number;
  }
  generation(): number {
    return this.array[TABLE_HEADER.generation] as number;
  }
  count(): number {
    return this.array[TABLE_HEADER.count] as number;
  }
  time(): number {
    return this.array[TABLE_HEADER.time] as number;
  }
  names(): readonly string[] {
    return this.#names;
  }

  /** Resizes to `n` entries named `names`; bumps the generation when the names change. */
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

  set(field: string, v: number): void {
    const i = this.scalar[field];
    if (i !== undefined) this.array[i] = v;
  }

  setEntry(i: number, field: string, v: number): void {
    const f = this.entryField[field];
    if (f !== undefined) this.array[this.entryBase + i * this.stride + f] = v;
  }

  /** Sets the status slot (0 ok, < 0 -errno, > 0 a layout.h Status). */
  setStatus(s: number): void {
    this.array[TABLE_HEADER.status] = s;
  }

  /** Empties the table for good: NaN everywhere, status CLOSED (its source was closed). */
  markClosed(): void {
    markTableClosed(this.array, TABLE_HEADER, TABLE_STATUS.CLOSED);
  }

  /** Marks the table refreshed at `now` with status ok. */
  stamp(now: number): void {
    this.array[TABLE_HEADER.status] = TABLE_STATUS.OK;
    this.array[TABLE_HEADER.time] = now;
  }
}

/**
 * A ValueSource on `os` and `process`: cpu (os.cpus), memory (os.totalmem, os.freemem, which on Linux is
 * MemAvailable), load (os.loadavg), system (os.uptime) and process (process.cpuUsage, memoryUsage.rss,
 * resourceUsage). Exported for tests and for HostMetrics' fallback.
 */
export class OsSource implements ValueSource {
  #cpu = new SimpleTable(CPU_FIELDS, ['cpu', ...CPU_FIELDS]);
  #memory = new SimpleTable(['total', 'available', 'free'], []);
  #load = new SimpleTable(['avg1', 'avg5', 'avg15'], []);
  #system = new SimpleTable(['uptime', 'bootTime'], []);
  #process = new SimpleTable(
    [
      'cpuUser',
      'cpuSystem',
      'rss',
      'minorFaults',
      'majorFaults',
      'voluntaryContextSwitches',
      'involuntaryContextSwitches',
      'startTime',
    ],
    [],
  );
  #clock: () => number;
  #closed = false;

  /** @param clock monotonic seconds used to stamp the tables (default `process.hrtime`) */
  constructor(clock: () => number = monotonicSeconds) {
    this.#clock = clock;
  }

  sample(): void {
    if (this.#closed) return;
    const now = this.#clock();
    const cpus = os.cpus();
    const c = this.#cpu;
    c.setEntries(cpus.map((_, i) => `cpu${i}`));
    let u = 0;
    let n = 0;
    let s = 0;
    let id = 0;
    let irq = 0;
    cpus.forEach((cpu, i) => {
      const t = cpu.times;
      c.setEntry(i, 'cpu', i);
      c.setEntry(i, 'user', t.user / 1000);
      c.setEntry(i, 'nice', t.nice / 1000);
      c.setEntry(i, 'system', t.sys / 1000);
      c.setEntry(i, 'idle', t.idle / 1000);
      c.setEntry(i, 'irq', t.irq / 1000);
      u += t.user;
      n += t.nice;
      s += t.sys;
      id += t.idle;
      irq += t.irq;
    });
    c.set('user', u / 1000);
    c.set('nice', n / 1000);
    c.set('system', s / 1000);
    c.set('idle', id / 1000);
    c.set('irq', irq / 1000);
    c.stamp(now);

    this.#memory.set('total', os.totalmem());
    this.#memory.set('available', os.freemem());
    this.#memory.stamp(now);

    const l = os.loadavg();
    this.#load.set('avg1', l[0] ?? NaN);
    this.#load.set('avg5', l[1] ?? NaN);
    this.#load.set('avg15', l[2] ?? NaN);
    this.#load.stamp(now);

    const wall = Date.now() / 1000;
    const up = os.uptime();
    this.#system.set('uptime', up);
    this.#system.set('bootTime', wall - up);
    this.#system.stamp(now);

    const p = this.#process;
    const cu = process.cpuUsage();
    const ru = process.resourceUsage();
    p.set('cpuUser', cu.user / 1e6);
    p.set('cpuSystem', cu.system / 1e6);
    p.set('rss', process.memoryUsage.rss());
    p.set('minorFaults', ru.minorPageFault);
    p.set('majorFaults', ru.majorPageFault);
    p.set('voluntaryContextSwitches', ru.voluntaryContextSwitches);
    p.set('involuntaryContextSwitches', ru.involuntaryContextSwitches);
    p.set('startTime', wall - process.uptime());
    p.stamp(now);
  }

  async sampleAsync(): Promise<void> {
    this.sample();
  }

  table(name: TableName): TableLike | undefined {
    switch (name) {
      case 'cpu':
        return this.#cpu;
      case 'memory':
        return this.#memory;
      case 'load':
        return this.#load;
      case 'system':
        return this.#system;
      case 'process':
        return this.#process;
      default:
        return undefined;
    }
  }

  /** Idempotent. As the native Sampler's close(): the tables are emptied (NaN, status CLOSED), sample() does nothing. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const t of [this.#cpu, this.#memory, this.#load, this.#system, this.#process]) t.markClosed();
  }
}
