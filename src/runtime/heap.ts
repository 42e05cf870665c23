/**
 * V8 heap statistics of this thread's isolate. V8 offers them to JavaScript only as fresh objects
 * (v8.getHeapSpaceStatistics(): about 1.3 KB of short-lived garbage per call on Node 20), which is the one
 * allocation on the runtime read path that procsampler cannot avoid without leaving N-API.
 */
import * as v8 from 'v8';

/** One V8 heap space, in bytes. */
export interface HeapSpace {
  /** V8's space name, e.g. `old_space` (the `v8js.heap.space.name` attribute). */
  name: string;
  /** Committed size of the space (`v8js.memory.heap.space.size`). */
  size: number;
  /** Bytes used by live and not yet collected objects (`v8js.memory.heap.used`). */
  used: number;
  /** Bytes still available in the space (`v8js.memory.heap.space.available_size`). */
  available: number;
  /** Physical (resident) size of the space (`v8js.memory.heap.space.physical_size`). */
  physical: number;
}

/** V8's current heap spaces, as returned by v8.getHeapSpaceStatistics(). */
export function readHeapSpaces(): v8.HeapSpaceInfo[] {
  return v8.getHeapSpaceStatistics();
}

/** V8's heap size limit in bytes (heap_size_limit): fixed at isolate creation unless a near-heap-limit callback raises it. */
export function readHeapLimit(): number {
  return v8.getHeapStatistics().heap_size_limit;
}
