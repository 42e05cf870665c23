/**
 * The CPUs available to the process, the denominator of process.cpu.utilization: the smallest of the parallelism
 * (`os.availableParallelism()`) and the cgroup's CPU limit and cpuset (sources/cgroup.ts `cgroupCpus`).
 *
 * Reading the cgroup is the costly part of a sample (a dozen files up the cgroup tree), and the limit changes
 * rarely (a `docker update`, a pod resize). So when nothing else needs the cgroup table (the `container` group is
 * off), the limit comes from a source of its own that reads only the cgroup, re-sampled at most once per
 * `refreshS` (HostMetrics passes `asyncIntervalMs`, default 10 s): a changed limit shows in process.cpu.utilization
 * within that time. When the main source reads the cgroup anyway (the `container` group is on, or a custom source
 * has a cgroup table), its table of the same sample is used, so the limit is never staler than the sample.
 */
import { cgroupCpus } from '../sources/cgroup';
import type { TableLike, ValueSource } from './value-source';

/** Where a HostModel gets the CPUs available to the process (see the module notes). */
export interface CpuLimit {
  /** The CPUs available at clock reading `now` (seconds), given the main source was just sampled. */
  cpus(now: number): number;
  /** Releases what it opened; idempotent. */
  close(): void;
}

/** The limit from the main source's own cgroup table, read on every sample (it is already sampled). */
export class SharedCpuLimit implements CpuLimit {
  readonly #table: () => TableLike<'cgroup'> | undefined;
  readonly #parallelism: number;

  constructor(table: () => TableLike<'cgroup'> | undefined, parallelism: number) {
    this.#table = table;
    this.#parallelism = parallelism;
  }

  cpus(): number {
    return cgroupCpus(this.#table(), this.#parallelism);
  }

  close(): void {}
}

/**
 * The limit from a cgroup-only source of its own, sampled on the first call and then at most once per `refreshS`
 * of the clock passed to `cpus()`; between two refreshes the cached value is returned (no file is read).
 */
export class CachedCpuLimit implements CpuLimit {
  readonly #source: ValueSource;
  readonly #parallelism: number;
  readonly #refreshS: number;
  readonly #owned: boolean;
  #value: number;
  #time = NaN;

  /**
   * @param source a source whose `cgroup` table holds the limit (sampled here; nothing else should sample it)
   * @param owned whether `close()` closes `source`
   */
  constructor(source: ValueSource, parallelism: number, refreshS: number, owned: boolean) {
    this.#source = source;
    this.#parallelism = parallelism;
    this.#refreshS = refreshS;
    this.#owned = owned;
    this.#value = parallelism;
  }

  cpus(now: number): number {
    // NaN (never read) fails the comparison too; a clock that goes back refreshes rather than trusting the cache.
    const age = now - this.#time;
    if (!(age >= 0 && age < this.#refreshS)) {
      this.#source.sample();
      this.#value = cgroupCpus(this.#source.table('cgroup'), this.#parallelism);
      this.#time = now;
    }
    return this.#value;
  }

  close(): void {
    if (this.#owned) this.#source.close();
  }
}
