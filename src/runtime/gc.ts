/**
 * Garbage-collection pauses of this thread as cumulative explicit-bucket histograms per `v8js.gc.type`, in
 * preallocated Float64Arrays. Where the addon found V8's GC callbacks (RuntimeCore.gcNative) the native side
 * counts them per window and `load()` copies its numbers in: no JavaScript runs per collection. Elsewhere a
 * PerformanceObserver on 'gc' entries fills them (Node then runs JavaScript and allocates an entry per
 * collection, which costs a busy loop 1-2% of its throughput).
 */
import { PerformanceObserver, constants, type PerformanceEntry } from 'perf_hooks';
import { GC_DURATION_BUCKETS } from '../semconv';
import { GC_TYPES, type GcType } from '../layout';
import type { RuntimeCore } from './native-runtime';
import { GC_TYPE_INDEX } from '../layout';

const BUCKETS = GC_DURATION_BUCKETS.length + 1; // the last one is (10 s, +Inf)

/** Index into GC_TYPES for a perf_hooks GC kind, -1 for a kind we do not know. */
function typeIndex(kind: number | undefined): number {
  switch (kind) {
    case constants.NODE_PERFORMANCE_GC_MAJOR:
      return GC_TYPE_INDEX.major;
    case constants.NODE_PERFORMANCE_GC_MINOR:
      return GC_TYPE_INDEX.minor;
    case constants.NODE_PERFORMANCE_GC_INCREMENTAL:
      return GC_TYPE_INDEX.incremental;
    case constants.NODE_PERFORMANCE_GC_WEAKCB:
      return GC_TYPE_INDEX.weakcb;
    default:
      return -1;
  }
}

/** Called for each GC with its duration (seconds) and GC type. */
export type GcListener = (seconds: number, type: GcType, index: number) => void;

/** Cumulative GC pause statistics per type since `start()`. */
export class GcStats {
  /** Pauses per type (GC_TYPES order). */
  readonly count = new Float64Array(GC_TYPES.length);
  /** Sum of pause durations per type, seconds. */
  readonly sum = new Float64Array(GC_TYPES.length);
  /** Shortest and longest pause per type, seconds (NaN before the first). */
  readonly min = new Float64Array(GC_TYPES.length).fill(Number.NaN);
  readonly max = new Float64Array(GC_TYPES.length).fill(Number.NaN);
  /** Bucket counts: type t, bucket b at t * bucketCount + b; buckets follow GC_DURATION_BUCKETS plus +Inf. */
  readonly buckets = new Float64Array(GC_TYPES.length * BUCKETS);
  /** Buckets per type (GC_DURATION_BUCKETS.length + 1). */
  readonly bucketCount = BUCKETS;

  #observer: PerformanceObserver | undefined;
  #listener: GcListener | undefined;

  /** Starts observing (idempotent). `listener` also receives every pause, e.g. to record it to an instrument. */
  start(listener?: GcListener): void {
    this.#listener = listener;
    if (this.#observer) return;
    this.#observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) this.#record(entry);
    });
    this.#observer.observe({ entryTypes: ['gc'] });
  }

  /** Stops observing (idempotent); the totals are kept. */
  stop(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#listener = undefined;
  }

  /**
   * Copies a window's numbers from the native array, right after `core.read(window, ..., gc = true)` (native
   * mode only). Allocates nothing.
   */
  load(core: RuntimeCore): void {
    const a = core.array;
    for (let t = 0; t < GC_TYPES.length; t++) {
      const base = core.gcBase + core.gcStride * t;
      this.count[t] = a[base] as number;
      this.sum[t] = a[base + 1] as number;
      this.min[t] = a[base + 2] as number;
      this.max[t] = a[base + 3] as number;
      for (let b = 0; b < BUCKETS; b++) this.buckets[t * BUCKETS + b] = a[base + 4 + b] as number;
    }
  }

  /** Total pauses of every type. */
  totalCount(): number {
    let n = 0;
    for (let t = 0; t < this.count.length; t++) n += this.count[t] as number;
    return n;
  }

  /** Total pause time of every type, seconds. */
  totalDuration(): number {
    let s = 0;
    for (let t = 0; t < this.sum.length; t++) s += this.sum[t] as number;
    return s;
  }

  #record(entry: PerformanceEntry): void {
    const detail = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail;
    const t = typeIndex(detail?.kind);
    if (t < 0) return;
    const seconds = entry.duration / 1000;
    this.count[t] = (this.count[t] as number) + 1;
    this.sum[t] = (this.sum[t] as number) + seconds;
    const lo = this.min[t] as number;
    const hi = this.max[t] as number;
    if (!(seconds >= lo)) this.min[t] = seconds; // also replaces NaN
    if (!(seconds <= hi)) this.max[t] = seconds;
    let b = 0;
    while (b < GC_DURATION_BUCKETS.length && seconds > (GC_DURATION_BUCKETS[b] as number)) b++;
    const i = t * BUCKETS + b;
    this.buckets[i] = (this.buckets[i] as number) + 1;
    this.#listener?.(seconds, GC_TYPES[t] as GcType, t);
  }
}
