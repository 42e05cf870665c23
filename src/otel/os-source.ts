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
import type { TableLike, TableName, ValueSource } from './value-source';
import { monotonicSeconds } from '../clock';
import { SimpleTable } from '../table';

/**
 * A ValueSource on `os` and `process`: cpu (os.cpus), memory (os.totalmem, os.freemem, which on Linux is
 * MemAvailable), load (os.loadavg), system (os.uptime) and process (process.cpuUsage, memoryUsage.rss,
 * resourceUsage). Exported for tests and for HostMetrics' fallback.
 */
export class OsSource implements ValueSource {
  // The native tables' layouts: a field these APIs cannot give stays NaN (absent).
  #cpu = new SimpleTable('cpu');
  #memory = new SimpleTable('memory');
  #load = new SimpleTable('load');
  #system = new SimpleTable('system');
  #process = new SimpleTable('process');
  readonly #tables: Readonly<Partial<Record<TableName, TableLike>>> = Object.freeze({
    cpu: this.#cpu,
    memory: this.#memory,
    load: this.#load,
    system: this.#system,
    process: this.#process,
  });
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

  table<N extends TableName>(name: N): TableLike<N> | undefined {
    return this.#tables[name] as TableLike<N> | undefined;
  }

  /** Idempotent. As the native Sampler's close(): the tables are emptied (NaN, status CLOSED), sample() does nothing. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const t of [this.#cpu, this.#memory, this.#load, this.#system, this.#process]) t.markClosed();
  }
}
